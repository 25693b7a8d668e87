"""Demo data for decoys: an approved decoy ad with its landing page, and a decoy
profile with an imported synthetic conversation. No real people; the numbers
are from the ranges set aside for fiction (+44 7700 900123, 06-12345678)."""

import secrets
from datetime import timedelta

from django.utils import timezone

from signaal.accounts import services as account_services
from signaal.accounts.models import User
from signaal.decoys import services

DEMO_CONVERSATION = """\
01/12/2026, 19:58 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.
01/12/2026, 20:02 - Kevin_demo: hoi, leuk profiel
01/12/2026, 20:03 - Sanne: hoi
01/12/2026, 20:04 - Kevin_demo: hoe oud ben je eigenlijk?
01/12/2026, 20:05 - Sanne: 14
01/12/2026, 20:07 - Kevin_demo: zijn je ouders thuis?
01/12/2026, 20:08 - Sanne: nee
01/12/2026, 20:09 - Kevin_demo: heb je whatsapp op een ander nummer? anders stuur me je nummer, of bel +44 7700 900123
01/12/2026, 20:10 - Kevin_demo: zeg het tegen niemand, dit blijft tussen ons
01/12/2026, 20:11 - Kevin_demo: IMG-20261201-WA0001.jpg (file attached)
01/12/2026, 20:12 - Sanne: ok
"""


def populate_decoys(coordinator: User) -> str:
    second = account_services.staff_create(
        username="demo-coordinator-2",
        role=User.Role.COORDINATOR,
        password=secrets.token_urlsafe(16),
        actor=None,
    ).user
    now = timezone.now()
    ad = services.deployment_create(
        kind="ad",
        name="Demo lokadvertentie Utrecht",
        purpose="Potentiële klanten waarschuwen die reageren op advertenties die op minderjarigheid wijzen.",
        legal_basis="Gerechtvaardigd belang (art. 6 lid 1 sub f AVG); afstemming met de politie (demo).",
        platforms="advertenties.example.org",
        content="Nieuw in de stad. (Demotekst zonder expliciete inhoud.)",
        contact_channels="SMS en WhatsApp via +44 7700 900123",
        starts_at=now - timedelta(days=1),
        expires_at=now + timedelta(days=30),
        contact_cap=500,
        stop_conditions="Stoppen bij signalen van een echt slachtoffer of op verzoek van de politie.",
        dpia_reference="DPIA-DEMO-2026-01",
        police_reference="Politie Midden-Nederland, contact DEMO-17",
        actor=coordinator,
    )
    services.deployment_approve(deployment=ad, actor=coordinator)
    services.deployment_approve(deployment=ad, actor=second)
    services.landing_view(deployment=ad)

    profile = services.deployment_create(
        kind="profile",
        name="Demo lokprofiel 'Sanne'",
        purpose="Onder gezag van het OM signalen van grooming vastleggen.",
        legal_basis="Opdracht officier van justitie (demo).",
        platforms="WhatsApp",
        content="Persona: meisje, gebruikt een neutrale profielnaam. Geen foto's.",
        starts_at=now - timedelta(days=7),
        expires_at=now + timedelta(days=60),
        contact_cap=20,
        stop_conditions="Stoppen zodra een ontmoeting ter sprake komt; direct melden aan de politie.",
        dpia_reference="DPIA-DEMO-2026-02",
        police_reference="OM-DEMO-2026-0042",
        operators=[coordinator],
        actor=coordinator,
    )
    services.deployment_approve(deployment=profile, actor=coordinator)
    services.deployment_approve(deployment=profile, actor=second)
    services.conversation_import(
        deployment=profile,
        filename="WhatsApp Chat met Kevin_demo.txt",
        data=DEMO_CONVERSATION.replace(
            "01/12/2026", timezone.localtime(now - timedelta(days=2)).strftime("%d/%m/%Y")
        ).encode(),
        decoy_name="Sanne",
        actor=coordinator,
    )
    return f"Decoys: decoy ad with landing page /l/{ad.slug}/ and a decoy profile with one conversation"
