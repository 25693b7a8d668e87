"""Synthetic Meldpunt reports for `signaal demo`: no real people, no explicit content.

Phone numbers are from the ranges set aside for fiction (06-12345678,
+44 7700 900123), web addresses end in .invalid or example.org.
"""

import secrets
from datetime import timedelta

from django.utils import timezone

from signaal.intake import services, services_staff
from signaal.intake.models import Report

REPORTS = [
    {
        "days_ago": 0,
        "reporter_role": "self",
        "danger_now": True,
        "about_minor": True,
        "what_happened": (
            "Ik ben 15. Iemand die ik online heb leren kennen wil dat ik vanavond naar "
            "een hotel kom en zegt dat hij anders mijn foto's rondstuurt. Zijn nummer is 06-12345678."
        ),
        "where_online": "https://chat.voorbeeld.invalid/u/nachtvlinder",
        "when_happened": "vandaag",
    },
    {
        "days_ago": 2,
        "reporter_role": "professional",
        "what_happened": (
            "Als jongerenwerker zie ik een advertentie die lijkt op een meisje uit onze wijk. "
            "In de advertentie staat 'nieuw in de stad, net 18'. Contact via +44 7700 900123."
        ),
        "where_online": "https://advertenties.example.org/ad/48213",
        "when_happened": "sinds een week",
        "labels": ["advertentie"],
    },
    {
        "days_ago": 9,
        "reporter_role": "close",
        "what_happened": (
            "Mijn zus van 16 krijgt dure cadeaus van een oudere vriend en wordt 's nachts "
            "opgehaald. Hij heet op Instagram @demo_loverboy."
        ),
        "where_online": "instagram: @demo_loverboy",
        "when_happened": "de laatste maand",
        "about_minor": True,
        "status": "screening",
        "labels": ["loverboy", "minderjarig"],
        "reply": (
            "Dank je voor je melding. We kijken ernaar. Maak je je nu zorgen om de veiligheid "
            "van je zus, bel dan 112 of Veilig Thuis (0800-2000)."
        ),
        "note": "Zelfde Instagram-account als in een eerdere melding? Nagaan bij de analyse.",
    },
    {
        "days_ago": 20,
        "reporter_role": "other",
        "source": Report.Source.PHONE,
        "what_happened": (
            "Beller zag in een buurtgroep een bericht dat werk aanbiedt aan meisjes 'vanaf 16, "
            "goed betaald, geen vragen'. Contact via mail: werk@example.org."
        ),
        "when_happened": "vorige week",
        "contact_phone": "06-12345678",
        "acknowledged": True,
        "status": "screening",
    },
    {
        "days_ago": 40,
        "reporter_role": "other",
        "what_happened": "Ik denk dat een website met nepprofielen mensen oplicht.",
        "where_online": "https://nepprofielen.voorbeeld.invalid/",
        "status": "closed",
        "reason": "Geen aanwijzingen voor uitbuiting of minderjarigen; oplichting: melder verwezen naar de Fraudehelpdesk.",
        "labels": ["buiten taak"],
    },
    {
        "days_ago": 60,
        "reporter_role": "professional",
        "source": Report.Source.EMAIL,
        "what_happened": (
            "Een collega-hulpverlener mailt over een account dat jongeren benadert met "
            "modellenwerk. Account: tiktok @demo_scout_xyz."
        ),
        "where_online": "tiktok: @demo_scout_xyz",
        "contact_email": "hulpverlener@example.org",
        "acknowledged": True,
        "status": "referred",
        "reason": "Doorverwezen naar de politie (demo).",
        "labels": ["doorverwezen"],
    },
]


def populate_reports(coordinator) -> str:
    """Six synthetic reports with mixed urgency and status; returns a one-line summary."""
    now = timezone.now()
    for spec in REPORTS:
        fields = {
            "submission_token": secrets.token_urlsafe(24),
            "reporter_role": spec["reporter_role"],
            "what_happened": spec["what_happened"],
            "where_online": spec.get("where_online", ""),
            "when_happened": spec.get("when_happened", ""),
            "danger_now": spec.get("danger_now", False),
            "about_minor": spec.get("about_minor", False),
            "contact_email": spec.get("contact_email", ""),
            "contact_phone": spec.get("contact_phone", ""),
        }
        source = spec.get("source", Report.Source.WEB)
        if source == Report.Source.WEB:
            report = services.report_submit(**fields).report
        else:
            report = services_staff.report_enter(
                **fields,
                source=source,
                acknowledged=spec.get("acknowledged", False),
                actor=coordinator,
            ).report
        # Spread the reports over the past weeks so the deadline markers show.
        received = now - timedelta(days=spec["days_ago"], hours=1)
        Report.objects.filter(pk=report.pk).update(
            created_at=received,
            acknowledged_at=received if spec.get("acknowledged") else None,
        )
        report.refresh_from_db()
        for name in spec.get("labels", []):
            services_staff.report_label_add(report=report, label_name=name, actor=coordinator)
        if spec.get("reply"):
            services_staff.report_reply(report=report, body=spec["reply"], actor=coordinator)
        if spec.get("note"):
            services_staff.report_note_add(report=report, body=spec["note"], actor=coordinator)
        status = spec.get("status")
        if status:
            services_staff.report_set_status(
                report=report, status=Report.Status.SCREENING, actor=coordinator
            )
            services_staff.report_assign(report=report, assignee=coordinator, actor=coordinator)
            if status != Report.Status.SCREENING:
                services_staff.report_set_status(
                    report=report, status=status, reason=spec.get("reason", ""), actor=coordinator
                )
    return f"Meldpunt: {len(REPORTS)} synthetic reports in the screening queue (/staff/reports/)."
