"""Link ads into networks: shared selectors, shared text templates, shared images.

Every piece of evidence becomes a *key* with a posting list of ads:

- a selector (``phone:+316...``, ``email:...``, ``handle:...``, ``url:...``);
- a text template (``template:<n>``): MinHash over word 3-shingles of the ad
  text with its selectors blanked out and digits and emoji left out (they stay in
  the record), banded LSH buckets to find candidates (never all pairs), candidates
  verified by estimated Jaccard similarity; a new ad joins the template of every
  ad it verifies against;
- an image (``image:<n>``): 64-bit pHash, multi-index hashing (the hash is split
  into bands, each band is an exact-match bucket), candidates verified by Hamming
  distance; any two hashes within ``image_threshold`` bits that agree on one band
  are found, which covers every pair within ``image_bands - 1`` bits.

Clusters are the connected components over keys that are not *hubs*: a key on
more than ``max(hub_min, hub_share * ads)`` ads (a site's own number, a stock
photo, boilerplate) links nothing. The definition depends only on the set of
ads added, so adding ads one by one gives the same clusters as adding them in a
batch; union-find is updated incrementally and rebuilt only when the hub set
changes. Memory grows with the index (postings, signatures, buckets) only.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .rules import fold
from .scoring import AdAnalysis

__all__ = ["AdLinker", "Cluster"]

_WORD_RE = re.compile(r"[^\W\d_]+")
_MASK64 = (1 << 64) - 1
_SEED = 0x5EED_51C4A


def _perms(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(_SEED)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


@dataclass
class Cluster:
    """A network of ads and why they belong together."""

    id: str
    members: list[str]
    reasons: list[dict] = field(default_factory=list)
    spread: dict = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.members)

    def to_dict(self, *, members: bool = False) -> dict:
        out = {"id": self.id, "size": self.size, "reasons": self.reasons, "spread": self.spread}
        if members:
            out["members"] = self.members
        return out


class _UnionFind:
    __slots__ = ("parent",)

    def __init__(self, n: int = 0) -> None:
        self.parent = array("l", range(n))

    def add(self) -> None:
        self.parent.append(len(self.parent))

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if ra < rb:
                self.parent[rb] = ra
            else:
                self.parent[ra] = rb


class AdLinker:
    """Incremental linking of analysed ads into clusters.

    ``add(analysis)`` indexes one ad; ``cluster_of(ad_id)`` and ``clusters()``
    report the current networks. ``to_dict()``/``from_dict()`` persist and resume
    the index (JSON-safe); the object is also pickle-safe.
    """

    def __init__(
        self,
        *,
        hub_share: float = 0.005,
        hub_min: int = 30,
        num_perm: int = 64,
        bands: int = 16,
        shingle_size: int = 3,
        min_shingles: int = 6,
        template_threshold: float = 0.5,
        bucket_cap: int = 32,
        image_threshold: int = 6,
        image_bands: int = 4,
    ) -> None:
        if num_perm % bands:
            raise ValueError("num_perm must be a multiple of bands")
        if 64 % image_bands:
            raise ValueError("image_bands must divide 64")
        self.params = {
            "hub_share": hub_share,
            "hub_min": hub_min,
            "num_perm": num_perm,
            "bands": bands,
            "shingle_size": shingle_size,
            "min_shingles": min_shingles,
            "template_threshold": template_threshold,
            "bucket_cap": bucket_cap,
            "image_threshold": image_threshold,
            "image_bands": image_bands,
        }
        self._init_state()

    # -- state ---------------------------------------------------------------

    def _init_state(self) -> None:
        p = self.params
        self._a, self._b = _perms(p["num_perm"])
        rng = np.random.default_rng(_SEED + 1)
        self._band_mult = rng.integers(1, 2**63, size=p["num_perm"] // p["bands"], dtype=np.uint64)
        self._word_hashes: dict[str, int] = {}
        self._ids: list[str] = []
        self._index: dict[str, int] = {}
        self._keys: list[tuple[str, ...]] = []
        self._city: list[str | None] = []
        self._date: list[str | None] = []
        self._intern: dict[str, str] = {}
        self._postings: dict[str, list[int]] = {}
        self._big: set[str] = set()  # keys above hub_min: the only possible hubs
        # templates
        self._sigs = np.zeros((1024, p["num_perm"]), dtype=np.uint32)
        self._sig_rows: dict[int, int] = {}  # ad -> row in _sigs
        self._sig_ads = array("l")  # row -> ad
        self._tpl_group = array("l")  # row -> template group (an ad index)
        self._tpl_buckets: dict[int, int | list[int]] = {}
        # images
        self._img_hash = array("Q")
        self._img_group = array("l")
        self._img_buckets: dict[int, int | list[int]] = {}
        # clusters
        self._img_shared: dict[int, int] = {}  # image group -> a hash in it (shared groups)
        self._uf = _UnionFind()
        self._built_hubs: frozenset[str] = frozenset()
        self._stale = False  # a union was skipped for a key over the hub limit

    def __len__(self) -> int:
        return len(self._ids)

    def hub_limit(self) -> float:
        return max(self.params["hub_min"], self.params["hub_share"] * len(self._ids))

    def hubs(self) -> dict[str, int]:
        """Keys suppressed as hubs, with the number of ads they are on."""
        limit = self.hub_limit()
        return {k: len(self._postings[k]) for k in self._big if len(self._postings[k]) > limit}

    # -- adding ads ------------------------------------------------------------

    def add(self, analysis: AdAnalysis) -> None:
        """Index one analysed ad (an ad id seen before adds its new evidence)."""
        ad_id = analysis.ad_id or f"#{len(self._ids)}"
        idx = self._index.get(ad_id)
        new = idx is None
        if new:
            idx = len(self._ids)
            self._ids.append(ad_id)
            self._index[ad_id] = idx
            self._keys.append(())
            self._city.append(self._interned(analysis.city))
            self._date.append(self._interned((analysis.posted_at or "")[:10] or None))
            self._uf.add()
        keys = dict.fromkeys(f"{s.kind}:{s.value}" for s in analysis.selectors)
        if new or idx not in self._sig_rows:
            for g in self._template_groups(idx, analysis.link_text):
                keys[f"template:{g}"] = None
        for g in self._image_groups(idx, analysis.image_phashes):
            keys[f"image:{g}"] = None
        self._index_keys(idx, list(keys))

    def add_many(self, analyses: Iterable[AdAnalysis]) -> None:
        for analysis in analyses:
            self.add(analysis)

    def _interned(self, value: str | None) -> str | None:
        if value is None:
            return None
        return self._intern.setdefault(value, value)

    def _index_keys(self, idx: int, keys: list[str]) -> None:
        existing = set(self._keys[idx])
        added = [k for k in keys if k not in existing]
        if not added:
            return
        self._keys[idx] = self._keys[idx] + tuple(added)
        limit = self.hub_limit()
        hub_min = self.params["hub_min"]
        for key in added:
            plist = self._postings.get(key)
            if plist is None:
                self._postings[key] = [idx]
                continue
            plist.append(idx)
            if len(plist) > hub_min:
                self._big.add(key)
            if key in self._built_hubs:
                continue
            if len(plist) <= limit:
                self._uf.union(idx, plist[0])
            else:
                self._stale = True

    def _shingles(self, text: str) -> np.ndarray | None:
        words = _WORD_RE.findall(fold(text))
        k = self.params["shingle_size"]
        if len(words) < k + self.params["min_shingles"] - 1:
            return None
        cache = self._word_hashes
        if len(cache) > 200_000:  # a memo of a pure function; bounded, never persisted
            cache.clear()
        hashes = []
        for w in words:
            v = cache.get(w)
            if v is None:
                v = cache[w] = zlib.crc32(w.encode())
            hashes.append(v)
        h = np.array(hashes, dtype=np.uint64)
        out = h[: len(h) - k + 1].copy()
        for i in range(1, k):
            out = out * np.uint64(0x9E3779B97F4A7C15) + h[i : len(h) - k + 1 + i]
        return out  # duplicates do not change a MinHash signature

    def _signature(self, text: str) -> np.ndarray | None:
        shingles = self._shingles(text)
        if shingles is None:
            return None
        hv = (self._a[:, None] * shingles[None, :] + self._b[:, None]) >> np.uint64(32)
        return hv.min(axis=1).astype(np.uint32)

    def _band_keys(self, sig: np.ndarray) -> list[int]:
        bands = self.params["bands"]
        rows = sig.reshape(bands, -1).astype(np.uint64)
        keys = (rows * self._band_mult).sum(axis=1) + np.arange(bands, dtype=np.uint64)
        return keys.tolist()

    def _store_sig(self, idx: int, sig: np.ndarray, group: int) -> int:
        row = len(self._sig_ads)
        if row >= len(self._sigs):
            grown = np.zeros((len(self._sigs) * 2, self._sigs.shape[1]), dtype=np.uint32)
            grown[:row] = self._sigs[:row]
            self._sigs = grown
        self._sigs[row] = sig
        self._sig_rows[idx] = row
        self._sig_ads.append(idx)
        self._tpl_group.append(group)
        return row

    @staticmethod
    def _bucket_add(buckets: dict, key: int, value: int, cap: int) -> None:
        cur = buckets.get(key)
        if cur is None:
            buckets[key] = value
        elif isinstance(cur, int):
            buckets[key] = [cur, value]
        elif len(cur) < cap:
            cur.append(value)

    def _template_groups(self, idx: int, text: str) -> list[int]:
        sig = self._signature(text) if text else None
        if sig is None:
            return []
        band_keys = self._band_keys(sig)
        candidates: set[int] = set()
        for key in band_keys:
            cur = self._tpl_buckets.get(key)
            if cur is None:
                continue
            if isinstance(cur, int):
                candidates.add(cur)
            else:
                candidates.update(cur)
        groups: set[int] = set()
        if candidates:
            rows = np.fromiter(candidates, dtype=np.int64, count=len(candidates))
            sim = (self._sigs[rows] == sig).mean(axis=1)
            for row in rows[sim >= self.params["template_threshold"]].tolist():
                groups.add(self._tpl_group[row])
        group = min(groups) if groups else idx
        row = self._store_sig(idx, sig, group)
        cap = self.params["bucket_cap"]
        for key in band_keys:
            self._bucket_add(self._tpl_buckets, key, row, cap)
        return sorted(groups) if groups else [idx]

    def _image_groups(self, idx: int, phashes: list[int]) -> list[int]:
        if not phashes:
            return []
        nb = self.params["image_bands"]
        width = 64 // nb
        mask = (1 << width) - 1
        threshold = self.params["image_threshold"]
        groups: set[int] = set()
        for h in phashes:
            h &= _MASK64
            keys = [(b << width) | ((h >> (b * width)) & mask) for b in range(nb)]
            found: set[int] = set()
            for key in keys:
                cur = self._img_buckets.get(key)
                if cur is None:
                    continue
                for entry in (cur,) if isinstance(cur, int) else cur:
                    if (self._img_hash[entry] ^ h).bit_count() <= threshold:
                        g = self._img_group[entry]
                        found.add(g)
                        self._img_shared.setdefault(g, self._img_hash[entry])
            group = min(found) if found else idx
            entry = len(self._img_hash)
            self._img_hash.append(h)
            self._img_group.append(group)
            for key in keys:
                self._bucket_add(self._img_buckets, key, entry, 4 * self.params["bucket_cap"])
            groups.update(found or {idx})
        return sorted(groups)

    # -- clusters -------------------------------------------------------------

    def _ensure(self) -> frozenset[str]:
        limit = self.hub_limit()
        hubs = frozenset(k for k in self._big if len(self._postings[k]) > limit)
        if hubs == self._built_hubs and not self._stale:
            return hubs
        uf = _UnionFind(len(self._ids))
        for key, plist in self._postings.items():
            if len(plist) > 1 and key not in hubs:
                first = plist[0]
                for other in plist[1:]:
                    uf.union(first, other)
        self._uf = uf
        self._built_hubs = hubs
        self._stale = False
        return hubs

    def _make_cluster(self, idx_list: list[int], hubs: frozenset[str]) -> Cluster:
        if len(idx_list) == 1:  # most ads link to nothing: keep their cluster cheap
            i = idx_list[0]
            ad_id, city, date = self._ids[i], self._city[i], self._date[i]
            phones = sorted({k[6:] for k in self._keys[i] if k.startswith("phone:")})
            spread = {
                "cities": [city] if city else [],
                "first_seen": date,
                "last_seen": date,
                "phones": len(phones),
                "phone_values": phones,
            }
            return Cluster(id=self._cluster_id([ad_id]), members=[ad_id], reasons=[], spread=spread)
        reasons: list[dict] = []
        if len(idx_list) > 1:
            seen: set[str] = set()
            for idx in idx_list:
                for key in self._keys[idx]:
                    if key in seen or key in hubs:
                        continue
                    seen.add(key)
                    n = len(self._postings[key])
                    if n > 1:
                        kind, _, value = key.partition(":")
                        if kind == "image":
                            value = format(self._img_shared.get(int(value), 0), "016x")
                        elif kind == "template":
                            value = self._ids[int(value)]
                        reasons.append({"kind": kind, "value": value, "ads": n})
        ids = [self._ids[i] for i in idx_list]
        cities = sorted({c for i in idx_list if (c := self._city[i])})
        dates = [d for i in idx_list if (d := self._date[i])]
        phones = sorted({k[6:] for i in idx_list for k in self._keys[i] if k.startswith("phone:")})
        reasons.sort(key=lambda r: (-r["ads"], r["kind"], r["value"]))
        return Cluster(
            id=self._cluster_id(ids),
            members=ids,
            reasons=reasons[:50],
            spread={
                "cities": cities[:50],
                "first_seen": min(dates) if dates else None,
                "last_seen": max(dates) if dates else None,
                "phones": len(phones),
                "phone_values": phones[:20],
            },
        )

    def _build(self) -> dict[int, Cluster]:
        """Every cluster keyed by its union-find root."""
        hubs = self._ensure()
        find = self._uf.find
        members: dict[int, list[int]] = {}
        for idx in range(len(self._ids)):
            members.setdefault(find(idx), []).append(idx)
        return {root: self._make_cluster(idx_list, hubs) for root, idx_list in members.items()}

    @staticmethod
    def _cluster_id(ids: list[str]) -> str:
        digest = hashlib.blake2b(min(ids).encode(), digest_size=5).hexdigest()
        return f"net-{digest}"

    def cluster_of(self, ad_id: str) -> Cluster | None:
        """The cluster an ad belongs to (a one-ad cluster if it links to nothing).

        Walks the postings from the ad, so the cost is the size of its network.
        """
        idx = self._index.get(ad_id)
        if idx is None:
            return None
        hubs = self._ensure()
        seen = {idx}
        seen_keys: set[str] = set()
        stack = [idx]
        while stack:
            i = stack.pop()
            for key in self._keys[i]:
                if key in hubs or key in seen_keys:
                    continue
                seen_keys.add(key)
                for j in self._postings[key]:
                    if j not in seen:
                        seen.add(j)
                        stack.append(j)
        return self._make_cluster(sorted(seen), hubs)

    def clusters(self, *, min_size: int = 2) -> list[Cluster]:
        """All clusters of at least ``min_size`` ads, largest first."""
        built = self._build()
        found = [c for c in built.values() if c.size >= min_size]
        found.sort(key=lambda c: (-c.size, c.id))
        return found

    def assignments(self) -> dict[str, Cluster]:
        """Every ad id with its cluster (one pass; what ``signaal analyse`` writes)."""
        built = self._build()
        find = self._uf.find
        return {ad_id: built[find(i)] for i, ad_id in enumerate(self._ids)}

    # -- persistence ------------------------------------------------------------

    def to_dict(self) -> dict:
        """JSON-safe state; ``from_dict`` rebuilds the same linker."""
        rows = len(self._sig_ads)
        return {
            "version": 1,
            "params": dict(self.params),
            "ids": list(self._ids),
            "keys": [list(k) for k in self._keys],
            "city": list(self._city),
            "date": list(self._date),
            "sig_ads": self._sig_ads.tolist(),
            "tpl_group": self._tpl_group.tolist(),
            "sigs": base64.b64encode(self._sigs[:rows].tobytes()).decode("ascii"),
            "img_hash": [format(h, "016x") for h in self._img_hash],
            "img_group": self._img_group.tolist(),
            "img_shared": {str(g): format(h, "016x") for g, h in self._img_shared.items()},
        }

    @classmethod
    def from_dict(cls, data: dict) -> AdLinker:
        if data.get("version") != 1:
            raise ValueError("unsupported AdLinker state version")
        linker = cls(**data["params"])
        p = linker.params
        for ad_id, keys, city, date in zip(
            data["ids"], data["keys"], data["city"], data["date"], strict=True
        ):
            idx = len(linker._ids)
            linker._ids.append(ad_id)
            linker._index[ad_id] = idx
            linker._city.append(linker._interned(city))
            linker._date.append(linker._interned(date))
            linker._keys.append(())
            linker._uf.add()
            linker._index_keys(idx, keys)
        sigs = np.frombuffer(base64.b64decode(data["sigs"]), dtype=np.uint32)
        sigs = sigs.reshape(-1, p["num_perm"]) if sigs.size else sigs.reshape(0, p["num_perm"])
        for row, (idx, group) in enumerate(zip(data["sig_ads"], data["tpl_group"], strict=True)):
            linker._store_sig(idx, sigs[row], group)
            for key in linker._band_keys(sigs[row]):
                linker._bucket_add(linker._tpl_buckets, key, row, p["bucket_cap"])
        nb = p["image_bands"]
        width = 64 // nb
        mask = (1 << width) - 1
        for entry, (hexhash, group) in enumerate(
            zip(data["img_hash"], data["img_group"], strict=True)
        ):
            h = int(hexhash, 16)
            linker._img_hash.append(h)
            linker._img_group.append(group)
            for b in range(nb):
                key = (b << width) | ((h >> (b * width)) & mask)
                linker._bucket_add(linker._img_buckets, key, entry, 4 * p["bucket_cap"])
        linker._img_shared = {int(g): int(h, 16) for g, h in data.get("img_shared", {}).items()}
        linker._stale = True  # rebuild union-find on first query
        return linker
