"""Every supported export format and locale, from the synthetic samples in fixtures/conversations."""

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from signaal.decoys.parsers import UnreadableExport, parse_export
from signaal.decoys.parsers.meta import repair

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "conversations"
AMS = ZoneInfo("Europe/Amsterdam")


def parse(name: str):
    return parse_export((SAMPLES / name).read_bytes(), name)


class WhatsAppTests(SimpleTestCase):
    def test_android_day_first_with_multiline_attachments_and_a_bad_date(self):
        r = parse("whatsapp_android_en_dmy.txt")
        self.assertEqual(r.format, "whatsapp")
        self.assertEqual(r.parser_version, "whatsapp-txt/1")
        self.assertEqual(r.messages[0].at, datetime(2026, 11, 12, 21, 4, tzinfo=AMS))
        self.assertEqual(r.messages[0].sender, "Jordy")
        self.assertEqual(
            r.messages[4].text,
            "cool. zijn je ouders thuis?\ndit is een tweede regel van hetzelfde bericht",
        )
        self.assertEqual(r.messages[6].attachments, ["IMG-20261112-WA0001.jpg"])
        self.assertEqual(r.messages[7].attachments, ["<Media omitted>"])
        self.assertEqual(
            [(p.line, p.reason) for p in r.problems], [(12, "Datum of tijd bestaat niet.")]
        )
        self.assertEqual([s.line for s in r.system], [1])
        self.assertEqual(r.senders, ["Jordy", "Lotte"])

    def test_android_dutch_locale_with_crlf_and_media_weggelaten(self):
        r = parse("whatsapp_android_nl.txt")
        self.assertEqual(len(r.messages), 5)
        self.assertEqual(r.messages[0].at, datetime(2026, 11, 12, 21, 4, tzinfo=AMS))
        self.assertEqual(r.messages[0].text, "hoi, waar woon je?")
        self.assertEqual(r.messages[3].attachments, ["<Media weggelaten>"])
        self.assertIn("end-to-end versleuteld", r.system[0].text)
        self.assertEqual(r.problems, [])

    def test_android_us_month_first_with_am_pm(self):
        r = parse("whatsapp_android_us.txt")
        self.assertEqual(r.messages[0].at, datetime(2026, 11, 12, 21, 4, tzinfo=AMS))
        self.assertEqual(r.messages[3].at, datetime(2026, 11, 12, 23, 15, tzinfo=AMS))
        self.assertEqual(r.messages[4].at, datetime(2026, 11, 13, 9, 7, tzinfo=AMS))

    def test_ios_with_seconds_brackets_and_left_to_right_marks(self):
        r = parse("whatsapp_ios_nl.txt")
        self.assertEqual(r.messages[0].at, datetime(2026, 11, 12, 21, 4, 5, tzinfo=AMS))
        self.assertEqual(r.messages[2].text, "wat is je leeftijd?\nIk ben zelf 19")
        self.assertEqual(r.messages[3].attachments, ["00000012-PHOTO-2026-11-12-21-07-30.jpg"])
        self.assertEqual(len(r.system), 1)  # the encryption notice iOS puts under a name
        self.assertEqual(r.problems, [])

    def test_ios_us_with_narrow_no_break_space_before_pm(self):
        r = parse("whatsapp_ios_us.txt")
        self.assertEqual(r.messages[0].at, datetime(2026, 11, 12, 21, 4, 5, tzinfo=AMS))
        self.assertEqual(r.messages[3].attachments, ["image omitted"])

    def test_it_reports_a_line_before_the_first_message(self):
        r = parse_export(b"kopregel zonder datum\n12/11/2026, 21:04 - Jordy: hoi\n")
        self.assertEqual([(p.line, p.text) for p in r.problems], [(1, "kopregel zonder datum")])
        self.assertEqual(len(r.messages), 1)

    def test_it_reports_an_unknown_line_without_a_sender(self):
        r = parse_export(b"12/11/2026, 21:04 - Jordy: hoi\n12/11/2026, 21:05 - iets onbekends\n")
        self.assertEqual(r.problems[0].line, 2)

    def test_it_reads_times_in_the_given_time_zone(self):
        r = parse_export(b"12/11/2026, 21:04 - Jordy: hoi\n", tz="UTC")
        self.assertEqual(r.messages[0].at, datetime(2026, 11, 12, 21, 4, tzinfo=UTC))


class TelegramTests(SimpleTestCase):
    def test_it_reads_messages_entities_services_and_media(self):
        r = parse("telegram_result.json")
        self.assertEqual(r.format, "telegram")
        self.assertEqual(r.messages[0].at, datetime(2026, 11, 12, 20, 4, tzinfo=UTC))
        self.assertEqual(r.messages[0].sender_id, "user777")
        self.assertEqual(
            r.messages[2].text,
            "kijk op https://voorbeeld.example.org/profiel of mail jordy@example.org",
        )
        self.assertEqual(r.messages[3].attachments, ["photos/photo_1@12-11-2026_21-07-00.jpg"])
        self.assertEqual(len(r.system), 1)
        self.assertEqual([p.line for p in r.problems], [6])
        self.assertEqual(r.title, "Jordy")


class MetaTests(SimpleTestCase):
    def test_it_reads_oldest_first_and_repairs_mojibake(self):
        r = parse("instagram_message_1.json")
        self.assertEqual(r.format, "meta")
        self.assertEqual(r.messages[0].sender, "Jordy Café")
        self.assertTrue(r.messages[0].text.startswith("hé, hoe oud ben je?"))
        self.assertEqual(r.messages[3].text, "stuur eens een foto van jezelf 😊")
        self.assertEqual(r.messages[2].attachments, ["messages/inbox/jordy_123/photos/1234.jpg"])
        self.assertEqual([m.at for m in r.messages], sorted(m.at for m in r.messages))
        self.assertEqual([p.line for p in r.problems], [6])

    def test_repair_leaves_proper_text_alone(self):
        self.assertEqual(repair("Jé ✓"), "Jé ✓")
        self.assertEqual(repair("JÃ©"), "Jé")


class BadExportTests(SimpleTestCase):
    def test_it_refuses_files_it_cannot_read_with_a_clear_reason(self):
        cases = {
            b"": "leeg",
            b"\xff\xfe\x00garbage": "UTF-8",
            b'{"messages": [': "beschadigd",
            b'{"foo": 1}': "geen Telegram",
            b"just some text\nno chat here\n": "Onbekend formaat",
        }
        for data, phrase in cases.items():
            with self.subTest(data=data), self.assertRaises(UnreadableExport) as e:
                parse_export(data)
            self.assertIn(phrase, str(e.exception))

    def test_a_telegram_text_of_the_wrong_type_is_a_problem_not_a_crash(self):
        r = parse_export(
            b'{"type": "personal_chat", "messages": [{"id": 1, "type": "message", "date_unixtime": "1", "from": "A", "text": [1]}]}'
        )
        self.assertEqual(r.messages, [])
        self.assertEqual(r.problems[0].line, 1)
