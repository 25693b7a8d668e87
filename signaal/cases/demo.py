"""Demo data for cases: one case from a demo report with crawled ads as exhibits,
approved for handover and ready to export."""


def _ads_with_captures(limit: int):
    from signaal.crawling.models import Ad

    chosen = []
    for ad in Ad.objects.filter(score__gt=0).order_by("-score")[:200]:
        version = ad.current_version()
        run = version and (version.capture_run or version.run)
        if version and version.warc_length and run and run.warc_blob_id:
            # Prefer ads of the first network found: the dossier then shows it.
            if chosen and chosen[0].cluster_id and ad.cluster_id != chosen[0].cluster_id:
                continue
            chosen.append(ad)
        if len(chosen) == limit:
            break
    return chosen


def populate_case(coordinator) -> str:
    from signaal.cases import services
    from signaal.intake.models import Report

    report = Report.objects.filter(status=Report.Status.SCREENING).order_by("created_at").first()
    if report is None:
        return "Cases: no demo report in screening to open a case from."
    case = services.case_open(
        report=report,
        title="Demo: netwerk achter advertenties",
        summary=(
            "Synthetische zaak voor de demo: een melding en gecrawlde advertenties die "
            "hetzelfde telefoonnummer of dezelfde tekstsjabloon delen."
        ),
        actor=coordinator,
    )
    ads = _ads_with_captures(3)
    for ad in ads:
        services.evidence_add_ad(case=case, ad=ad, actor=coordinator)
    services.case_task_add(case=case, title="Profielen vastleggen", actor=coordinator)
    services.case_note_add(
        case=case,
        body="Demo: telefoonnummer komt terug in meerdere advertenties.",
        actor=coordinator,
    )
    services.case_set_status(case=case, status="investigating", actor=coordinator)
    services.case_set_status(case=case, status="ready", actor=coordinator)
    services.case_approve_handover(case=case, actor=coordinator)
    return (
        f"Cases: {case.number} opened from report {report.reference} with {case.evidence.count()} "
        f"exhibits ({len(ads)} crawled ads), approved and ready to export "
        f"(signaal dossier export {case.number} --out dossier.zip)."
    )
