"""Staff pages for decoys: thin views over the services; errors are messages, never a 500."""

import csv
import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from signaal.accounts.models import User
from signaal.decoys import services
from signaal.decoys.models import Contact, Conversation, Deployment, QuarantinedMedia
from tests.base import SignaalTestCase, make_staff
from tests.decoys.helpers import make_deployment, make_profile

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "conversations"


def form_data(**overrides):
    now = timezone.localtime()
    data = {
        "kind": "ad",
        "name": "Lokadvertentie Utrecht",
        "purpose": "Klanten waarschuwen.",
        "legal_basis": "Gerechtvaardigd belang.",
        "platforms": "advertenties.example.org",
        "content": "Nieuw in de stad.",
        "starts_at": (now - timezone.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "expires_at": (now + timezone.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "contact_cap": "100",
        "stop_conditions": "Bij signalen van een echt slachtoffer.",
        "dpia_reference": "DPIA-1",
    }
    data.update(overrides)
    return data


class DeploymentViewTests(SignaalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.coordinator2 = make_staff(User.Role.COORDINATOR).user

    def test_an_investigator_creates_an_ad_that_two_coordinators_approve(self):
        self.login(self.investigator)
        r = self.client.post(reverse("decoys:create"), form_data())
        d = Deployment.objects.get()
        self.assertRedirects(r, d.get_absolute_url())
        for coordinator in (self.coordinator, self.coordinator2):
            self.client.logout()
            self.login(coordinator)
            r = self.client.post(reverse("decoys:approve", args=[d.pk]), follow=True)
            self.assertContains(r, "Goedkeuring vastgelegd")
        self.assertContains(self.client.get(d.get_absolute_url()), "actief")

    def test_a_second_approval_by_the_same_coordinator_is_a_message(self):
        d = make_deployment(self.coordinator, [self.coordinator])
        self.login(self.coordinator)
        r = self.client.post(reverse("decoys:approve", args=[d.pk]), follow=True)
        self.assertContains(r, "al goedgekeurd")

    def test_form_errors_are_shown_not_a_500(self):
        self.login(self.coordinator)
        r = self.client.post(
            reverse("decoys:create"), form_data(kind="profile", acknowledgement="Stuur een foto")
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "politie of OM")
        self.assertContains(r, "beelden")
        self.assertFalse(Deployment.objects.exists())

    def test_the_kill_switch_button_stops_the_deployment(self):
        d = make_deployment(self.coordinator, [self.coordinator, self.coordinator2])
        self.login(self.investigator)
        r = self.client.post(
            reverse("decoys:stop", args=[d.pk]), {"reason": "politie vraagt het"}, follow=True
        )
        self.assertContains(r, "Noodstop")
        d.refresh_from_db()
        self.assertIsNotNone(d.stopped_at)

    def test_the_channel_form_never_shows_a_secret_back(self):
        d = make_deployment(self.coordinator, [self.coordinator, self.coordinator2])
        self.login(self.coordinator)
        self.client.post(
            reverse("decoys:channel", args=[d.pk]),
            {"provider": "twilio", "account_sid": "AC1", "auth_token": "super-secret-token"},
        )
        r = self.client.get(d.get_absolute_url())
        self.assertContains(r, "/hooks/twilio/")
        self.assertNotContains(r, "super-secret-token")
        self.assertEqual(
            services.channel_secrets(d.channels.get())["auth_token"], "super-secret-token"
        )

    def test_a_guessed_profile_id_is_a_404_for_a_non_operator(self):
        profile = make_profile(self.coordinator, [self.coordinator, self.coordinator2])
        self.login(self.investigator)
        self.assertEqual(
            self.client.get(reverse("decoys:detail", args=[profile.pk])).status_code, 404
        )
        self.assertEqual(
            self.client.get(reverse("decoys:import", args=[profile.pk])).status_code, 404
        )

    def test_the_overview_shows_the_warned_clients_and_the_export_hides_small_counts(self):
        d = make_deployment(self.coordinator, [self.coordinator, self.coordinator2])
        for i in range(3):
            Contact.objects.create(
                deployment=d,
                digest=f"{i:064d}",
                provider="twilio",
                warned_at=timezone.now(),
                messages_in=1,
            )
        self.login(self.investigator)
        r = self.client.get(reverse("decoys:overview"))
        self.assertContains(r, '<strong id="total-warned">3</strong>', html=False)
        r = self.client.get(reverse("decoys:export"))
        rows = list(csv.reader(io.StringIO(r.content.decode())))
        self.assertEqual(rows[1][0], d.name)
        self.assertEqual(rows[1][5], "<5")
        self.assertNotIn("3", rows[1][1:])
        for i in range(3, 7):
            Contact.objects.create(
                deployment=d,
                digest=f"{i:064d}",
                provider="twilio",
                warned_at=timezone.now(),
                messages_in=1,
            )
        rows = list(
            csv.reader(io.StringIO(self.client.get(reverse("decoys:export")).content.decode()))
        )
        self.assertEqual(rows[1][5], "7")


class ConversationViewTests(SignaalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.coordinator2 = make_staff(User.Role.COORDINATOR).user
        cls.profile = make_profile(
            cls.coordinator, [cls.coordinator, cls.coordinator2], operators=[cls.investigator]
        )

    def upload(self, data, name="chat.txt", decoy="Lotte"):
        return self.client.post(
            reverse("decoys:import", args=[self.profile.pk]),
            {"file": SimpleUploadedFile(name, data), "decoy_name": decoy, "tz": "Europe/Amsterdam"},
        )

    def test_an_operator_imports_and_sees_signals_problems_and_quarantine(self):
        self.login(self.investigator)
        r = self.upload((SAMPLES / "whatsapp_android_en_dmy.txt").read_bytes())
        conversation = Conversation.objects.get()
        self.assertRedirects(r, conversation.get_absolute_url())
        r = self.client.get(conversation.get_absolute_url())
        self.assertContains(r, "Vraagt naar leeftijd")
        self.assertContains(r, "O&#x27;Connell 2003")
        self.assertContains(r, "Datum of tijd bestaat niet.")
        self.assertContains(r, "+31612345678")
        self.assertContains(r, "IMG-20261112-WA0001.jpg")
        self.assertNotContains(r, "<img")

    def test_a_malformed_export_is_a_message_and_nothing_is_imported(self):
        self.login(self.investigator)
        r = self.upload(b'{"messages": [')
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, "beschadigd", status_code=400)
        self.assertFalse(Conversation.objects.exists())

    def test_an_oversized_upload_is_a_message(self):
        self.login(self.investigator)
        r = self.upload(b"x" * (services.MAX_IMPORT_BYTES + 10))
        self.assertContains(r, "groter dan 20 MB", status_code=400)
        self.assertFalse(Conversation.objects.exists())

    def test_add_to_case_from_the_conversation_page(self):
        from tests.cases.helpers import case_from_report

        case = case_from_report(self.coordinator)
        conversation = services.conversation_import(
            deployment=self.profile,
            filename="chat.txt",
            data=(SAMPLES / "whatsapp_android_nl.txt").read_bytes(),
            decoy_name="Lotte",
            actor=self.investigator,
        )
        self.login(self.coordinator)
        r = self.client.post(
            reverse("decoys:add_to_case", args=[conversation.pk]), {"case": case.pk}, follow=True
        )
        self.assertContains(r, f"toegevoegd als bewijsstuk aan {case.number}")
        self.assertEqual(case.evidence.filter(kind="conversation").count(), 1)

    def test_refer_media_from_the_page(self):
        conversation = services.conversation_import(
            deployment=self.profile,
            filename="chat.txt",
            data=(SAMPLES / "whatsapp_android_nl.txt").read_bytes(),
            decoy_name="Lotte",
            actor=self.investigator,
        )
        media = conversation.media.get()
        self.login(self.investigator)
        r = self.client.post(
            reverse("decoys:media_refer", args=[media.pk]), {"reference": "PL-9"}, follow=True
        )
        self.assertContains(r, "doorverwezen")
        self.assertTrue(QuarantinedMedia.objects.get().referred)
