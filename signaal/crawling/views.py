"""Staff pages for sources, crawl runs and ads (Advertenties)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from signaal.accounts.access import can, staff_view
from signaal.crawling import profiles, queries, services
from signaal.crawling.models import Ad, CrawlRun, Source

RUN_REFRESH_SECONDS = 3


@staff_view("ads.view")
def ad_list(request):
    g = request.GET
    filters = queries.AdFilters(
        site=g.get("site", "")[:100],
        city=g.get("city", "")[:200],
        category=g.get("category", "")[:20],
        since=g.get("since", "")[:10] if _is_date(g.get("since", "")) else "",
        cluster=g.get("cluster", "")[:100],
        flagged=g.get("flagged") == "1",
    )
    page = Paginator(queries.ads(filters), 50).get_page(g.get("page"))
    query = g.copy()
    query.pop("page", None)
    return render(
        request,
        "crawling/ad_list.html",
        {
            "page": page,
            "filters": filters,
            "choices": queries.filter_choices(),
            "networks": queries.networks(),
            "query": query.urlencode(),
            "can_view_ads": True,
        },
    )


def _is_date(value: str) -> bool:
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@staff_view("ads.view")
def ad_detail(request, ad_id):
    ad = get_object_or_404(Ad.objects.select_related("source", "last_run"), pk=ad_id)
    services.ad_open(ad=ad, actor=request.user)
    indicators = ad.analysis.get("indicators", [])
    versions = list(queries.versions(ad))
    current = versions[0] if versions else None
    network = queries.network_of(ad)
    return render(
        request,
        "crawling/ad_detail.html",
        {
            "ad": ad,
            "title_parts": queries.highlighted(ad.title, indicators, "title"),
            "text_parts": queries.highlighted(ad.text, indicators, "text"),
            "indicators": indicators,
            "selectors": ad.analysis.get("selectors", []),
            "explanation": ad.analysis.get("explanation", []),
            "versions": versions,
            "current": current,
            "capture": queries.capture_html(current) if current else None,
            "network": network,
            "members": queries.network_members(network) if network else [],
            "can_view_ads": True,
        },
    )


@staff_view("crawl.run")
def source_list(request):
    return render(
        request,
        "crawling/source_list.html",
        {
            "sources": queries.sources(),
            "shipped": profiles.available(),
            "can_view_ads": can(request.user, "ads.view"),
            "can_manage": can(request.user, "sources.manage"),
        },
    )


@staff_view("crawl.run")
@require_POST
def source_crawl(request, source_id):
    source = get_object_or_404(Source, pk=source_id)
    if source.runs.filter(status__in=CrawlRun.ACTIVE).exists():
        messages.error(request, _("Deze bron wordt al gecrawld; wacht tot die run klaar is."))
        return redirect("ads:sources")
    run = services.crawl_request(source=source, actor=request.user)
    messages.success(request, _("Crawl aangevraagd."))
    return redirect("ads:run", run_id=run.pk)


@staff_view("sources.manage")
@require_POST
def sources_sync(request):
    for name in profiles.available():
        services.source_sync(profile=profiles.load(name), actor=request.user)
    messages.success(request, _("Bronnen bijgewerkt uit de profielen."))
    return redirect("ads:sources")


@staff_view("crawl.run")
def run_list(request):
    page = Paginator(queries.runs(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "crawling/run_list.html",
        {"page": page, "can_view_ads": can(request.user, "ads.view")},
    )


@staff_view("crawl.run")
def run_detail(request, run_id):
    run = get_object_or_404(queries.runs(), pk=run_id)
    response = render(
        request,
        "crawling/run_detail.html",
        {"run": run, "can_view_ads": can(request.user, "ads.view")},
    )
    if run.active:
        # The page follows the run without scripts: the browser reloads it.
        response["Refresh"] = str(RUN_REFRESH_SECONDS)
    return response
