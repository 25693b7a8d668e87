"""Conversation import: every format into the database, all or nothing, problems kept."""

import io
import json
import zipfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError

from signaal.accounts.models import User
from signaal.audit.models import AuditEvent
from signaal.cases import services as case_services
from signaal.cases.models import CaseSelector, CustodyEvent, EvidenceItem
from signaal.decoys import services
from signaal.decoys.models import Conversation, ConversationMessage, QuarantinedMedia
from signaal.decoys.queries import selector_matches
from signaal.vault import blobs
from tests.base import SignaalTestCase, make_staff
from tests.decoys.helpers import SMALL_CHAT, make_deployment, make_profile

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "conversations"


class ImportTests(SignaalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.coordinator2 = make_staff(User.Role.COORDINATOR).user
        cls.profile = make_profile(
            cls.coordinator, [cls.coordinator, cls.coordinator2], operators=[cls.investigator]
        )

    def run_import(
        self, name="whatsapp_android_en_dmy.txt", decoy="Lotte", data=None, actor=None, **kw
    ):
        return services.conversation_import(
            deployment=kw.pop("deployment", self.profile),
            filename=name,
            data=data if data is not None else (SAMPLES / name).read_bytes(),
            decoy_name=decoy,
            actor=actor or self.investigator,
            **kw,
        )

    def test_it_imports_every_sample_format(self):
        for name, fmt in [
            ("whatsapp_android_en_dmy.txt", "whatsapp"),
            ("whatsapp_android_nl.txt", "whatsapp"),
            ("whatsapp_android_us.txt", "whatsapp"),
            ("whatsapp_ios_nl.txt", "whatsapp"),
            ("whatsapp_ios_us.txt", "whatsapp"),
            ("telegram_result.json", "telegram"),
            ("instagram_message_1.json", "meta"),
        ]:
            with self.subTest(name=name):
                c = self.run_import(name)
                self.assertEqual(c.format, fmt)
                self.assertGreater(c.messages.count(), 3)
                self.assertTrue(c.messages.filter(from_decoy=True).exists())

    def test_it_keeps_the_original_unchanged_with_hash_and_parser_version(self):
        data = (SAMPLES / "whatsapp_android_en_dmy.txt").read_bytes()
        c = self.run_import()
        self.assertEqual(blobs.read_bytes(c.blob), data)
        import hashlib

        self.assertEqual(c.sha256, hashlib.sha256(data).hexdigest())
        self.assertEqual(c.parser_version, "whatsapp-txt/1")

    def test_it_stores_and_reports_every_unreadable_line(self):
        c = self.run_import()
        self.assertEqual(c.problem_count, 1)
        self.assertEqual(json.loads(c.problems)[0]["line"], 12)

    def test_it_tags_signals_per_message_and_who_raised_topics_first(self):
        c = self.run_import()
        tagged = {m.text.split("\n")[0]: m.signals for m in c.messages.all() if m.signals}
        self.assertIn("ask_age", tagged["hoe oud ben je eigenlijk?"])
        self.assertIn("parents_around", tagged["cool. zijn je ouders thuis?"])
        self.assertIn("platform_move", tagged["heb je snapchat? dan kunnen we daar verder praten"])
        self.assertIn("secrecy", next(v for k, v in tagged.items() if k.startswith("zeg niet")))
        self.assertEqual(c.first_raised["age"]["by"], "counterpart")
        self.assertFalse(AuditEvent.objects.filter(action="decoy.topic_raised_by_decoy").exists())

    def test_it_flags_a_decoy_that_raised_a_topic_first(self):
        chat = b"12/11/2026, 21:04 - Lotte: hoi, hoe oud ben jij?\n12/11/2026, 21:05 - Jordy: 30\n"
        c = self.run_import(data=chat, name="x.txt")
        self.assertEqual(c.first_raised["age"]["by"], "decoy")
        self.assertEqual(
            AuditEvent.objects.get(action="decoy.topic_raised_by_decoy").details["topics"], ["age"]
        )

    def test_it_extracts_the_counterparts_selectors(self):
        c = self.run_import()
        self.assertEqual([s.value for s in c.selectors.all()], ["+31612345678"])
        self.assertEqual(json.loads(c.counterparts), ["Jordy"])
        c2 = self.run_import("telegram_result.json")
        self.assertIn("telegram:user777", json.loads(c2.counterparts))
        self.assertEqual(sorted(s.kind for s in c2.selectors.all()), ["email", "url"])

    def test_it_matches_selectors_against_cases_and_other_conversations(self):
        from tests.cases.helpers import case_from_report

        case = case_from_report(self.coordinator)
        case_services.case_selector_add(
            case=case, kind="phone", raw_value="06-12345678", actor=self.coordinator
        )
        first = self.run_import()
        self.run_import("whatsapp_android_en_dmy.txt")  # the same counterpart again
        matches = selector_matches(first.selectors.get(), user=self.coordinator)
        self.assertEqual(sorted(m.where for m in matches), ["case", "conversation"])

    def test_it_quarantines_attachments_never_showing_them(self):
        c = self.run_import()
        media = list(c.media.order_by("pk"))
        self.assertEqual(
            [m.reference for m in media], ["IMG-20261112-WA0001.jpg", "<Media omitted>"]
        )
        self.assertTrue(all(m.sha256 == "" and m.blob is None and not m.referred for m in media))

    def test_a_zip_export_keeps_media_bytes_hashed_in_the_vault(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("WhatsApp Chat with Jordy.txt", SMALL_CHAT)
            z.writestr("IMG-20261112-WA0001.jpg", b"\xff\xd8synthetic-not-an-image")
        c = self.run_import(name="export.zip", data=buffer.getvalue())
        media = c.media.get()
        import hashlib

        self.assertEqual(
            media.sha256, hashlib.sha256(b"\xff\xd8synthetic-not-an-image").hexdigest()
        )
        self.assertEqual(media.size, len(b"\xff\xd8synthetic-not-an-image"))
        self.assertEqual(blobs.read_bytes(c.blob), buffer.getvalue())

    def test_media_can_be_referred_to_the_police(self):
        media = self.run_import().media.first()
        services.media_refer(media=media, reference="PL-123", actor=self.coordinator)
        media.refresh_from_db()
        self.assertTrue(media.referred)
        self.assertEqual(AuditEvent.objects.filter(action="decoy.media_refer").count(), 1)
        with self.assertRaises(ValidationError):
            services.media_refer(media=media, reference="", actor=self.coordinator)

    def test_nothing_is_half_imported(self):
        before = (
            Conversation.objects.count(),
            ConversationMessage.objects.count(),
            QuarantinedMedia.objects.count(),
        )
        bad = [
            (b"", "Lotte"),
            (b'{"messages": [', "Lotte"),
            (b"12/11/2026, 21:04 - Jordy: hoi\n", "Iemand anders"),
            (b"just text\n", "Lotte"),
            (b"PK\x03\x04broken zip", "Lotte"),
        ]
        for data, decoy in bad:
            with self.subTest(data=data[:20]), self.assertRaises(ValidationError):
                self.run_import(data=data, decoy=decoy, name="bad.txt")
        after = (
            Conversation.objects.count(),
            ConversationMessage.objects.count(),
            QuarantinedMedia.objects.count(),
        )
        self.assertEqual(before, after)

    def test_it_names_the_senders_when_the_decoy_name_is_wrong(self):
        with self.assertRaises(ValidationError) as e:
            self.run_import(decoy="Sanne")
        self.assertIn("Jordy, Lotte", str(e.exception))

    def test_it_refuses_an_oversized_file(self):
        with self.assertRaises(ValidationError) as e:
            self.run_import(data=b"x" * (services.MAX_IMPORT_BYTES + 1))
        self.assertIn("20 MB", str(e.exception))

    def test_it_refuses_a_profile_that_was_never_approved(self):
        unapproved = make_profile(self.coordinator, [], operators=[self.investigator])
        with self.assertRaises(ValidationError):
            self.run_import(deployment=unapproved)
        self.assertEqual(
            AuditEvent.objects.get(action="decoy.use_refused").details["use"], "import"
        )

    def test_it_refuses_an_investigator_who_is_not_an_operator(self):
        other = make_staff(User.Role.INVESTIGATOR).user
        with self.assertRaises(PermissionDenied):
            self.run_import(actor=other)

    def test_it_refuses_a_decoy_ad(self):
        ad = make_deployment(self.coordinator, [self.coordinator, self.coordinator2])
        with self.assertRaises(PermissionDenied):
            self.run_import(deployment=ad, actor=self.coordinator)

    def test_it_flags_messages_outside_the_authorised_period(self):
        from datetime import timedelta

        from django.utils import timezone

        late = make_profile(
            self.coordinator,
            [self.coordinator, self.coordinator2],
            operators=[self.investigator],
            starts_at=timezone.now() - timedelta(days=1),
        )
        c = self.run_import(deployment=late, data=SMALL_CHAT.encode(), name="x.txt")
        self.assertEqual(c.outside_period, [0, 1, 2])


class AddToCaseTests(SignaalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from tests.cases.helpers import case_from_report

        cls.coordinator2 = make_staff(User.Role.COORDINATOR).user
        profile = make_profile(
            cls.coordinator, [cls.coordinator, cls.coordinator2], operators=[cls.investigator]
        )
        cls.conversation = services.conversation_import(
            deployment=profile,
            filename="chat.txt",
            data=(SAMPLES / "whatsapp_android_en_dmy.txt").read_bytes(),
            decoy_name="Lotte",
            actor=cls.investigator,
        )
        cls.case = case_from_report(cls.coordinator)

    def test_it_adds_the_original_export_as_a_conversation_exhibit(self):
        item = services.evidence_add_conversation(
            conversation=self.conversation, case=self.case, actor=self.coordinator
        )
        self.assertEqual(item.kind, EvidenceItem.Kind.CONVERSATION)
        self.assertEqual(item.sha256, self.conversation.sha256)
        self.assertTrue(item.exhibit_number.startswith(self.case.number + "-E"))
        self.assertEqual(item.custody.get().action, CustodyEvent.Action.ACQUIRED)
        self.assertEqual(item.custody.get().details["parser_version"], "whatsapp-txt/1")
        digest = self.conversation.selectors.get().digest
        self.assertTrue(CaseSelector.objects.filter(case=self.case, digest=digest).exists())

    def test_it_refuses_a_case_the_actor_cannot_see(self):
        with self.assertRaises(PermissionDenied):
            services.evidence_add_conversation(
                conversation=self.conversation, case=self.case, actor=self.investigator
            )

    def test_it_refuses_adding_the_same_conversation_twice(self):
        services.evidence_add_conversation(
            conversation=self.conversation, case=self.case, actor=self.coordinator
        )
        with self.assertRaises(ValidationError):
            services.evidence_add_conversation(
                conversation=self.conversation, case=self.case, actor=self.coordinator
            )
