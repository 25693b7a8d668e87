"""Keep the persisted AdLinker up to date: add new ad versions, then store clusters and state.

Incremental: the index is loaded once per process and extended; another process's
additions (a shared frontier) are picked up by reloading when the stored revision moved.
Versions that no linker has seen yet (a killed run) are caught up from the database.
"""

from __future__ import annotations

from django.db import transaction

from signaal.analysis import AdLinker, score_ad
from signaal.crawling.models import Ad, AdVersion, LinkerState, Network

_cache: dict = {"linker": None, "revision": None}


def _linker_for(state: LinkerState) -> AdLinker:
    if _cache["linker"] is None or _cache["revision"] != state.revision:
        _cache["linker"] = AdLinker.from_dict(state.state) if state.state else AdLinker()
    return _cache["linker"]


def _analysis_of(version: AdVersion):
    record = {"id": version.ad.key, **version.fields}
    return score_ad(record)


@transaction.atomic
def link_pending(pending: list) -> int:
    """Add (version id, AdAnalysis) pairs and every unlinked version; returns clusters of 2+."""
    state, _ = LinkerState.objects.select_for_update().get_or_create(name="default")
    linker = _linker_for(state)
    seen_ids = {vid for vid, _ in pending}
    catch_up = (
        AdVersion.objects.filter(linked=False)
        .exclude(pk__in=seen_ids)
        .select_related("ad")
        .order_by("pk")
    )
    ids = list(seen_ids)
    for version in catch_up.iterator(chunk_size=500):
        linker.add(_analysis_of(version))
        ids.append(version.pk)
    for _, analysis in pending:
        linker.add(analysis)
    if not ids and state.state is not None:
        return Network.objects.count()
    clusters = _store_clusters(linker)
    state.state = linker.to_dict()
    state.revision += 1
    state.save()
    for start in range(0, len(ids), 900):
        AdVersion.objects.filter(pk__in=ids[start : start + 900]).update(linked=True)
    _cache["revision"] = state.revision
    return clusters


def _store_clusters(linker: AdLinker) -> int:
    clusters = linker.clusters(min_size=2)
    wanted: dict[str, str] = {}
    existing = {n.cluster_id: n for n in Network.objects.all()}
    keep = set()
    for cluster in clusters:
        keep.add(cluster.id)
        for member in cluster.members:
            wanted[member] = cluster.id
        data = {
            "size": cluster.size,
            "members": cluster.members,
            "reasons": cluster.reasons,
            "spread": cluster.spread,
        }
        net = existing.get(cluster.id)
        if net is None:
            Network.objects.create(cluster_id=cluster.id, **data)
        elif (
            net.size != cluster.size
            or net.members != cluster.members
            or net.reasons != cluster.reasons
        ):
            for k, v in data.items():
                setattr(net, k, v)
            net.save()
    _delete_others(keep)
    current = dict(Ad.objects.exclude(cluster_id="").values_list("key", "cluster_id"))
    moves: dict[str, list[str]] = {}
    for key, cid in wanted.items():
        if current.get(key) != cid:
            moves.setdefault(cid, []).append(key)
    for key in set(current) - set(wanted):
        moves.setdefault("", []).append(key)
    for cid, keys in moves.items():
        for start in range(0, len(keys), 900):
            Ad.objects.filter(key__in=keys[start : start + 900]).update(cluster_id=cid)
    return len(clusters)


def _delete_others(keep: set) -> None:
    stale = [c for c in Network.objects.values_list("cluster_id", flat=True) if c not in keep]
    for start in range(0, len(stale), 900):
        Network.objects.filter(cluster_id__in=stale[start : start + 900]).delete()
