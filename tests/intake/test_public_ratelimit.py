"""Rate limits on the public Meldpunt: per client, by an hourly keyed digest kept only in the cache."""

import re

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings

from signaal.intake import ratelimit
from signaal.intake.models import Report
from tests.intake.helpers import submit
from tests.intake.test_public_report import report_data

ADDRESS = "203.0.113.77"
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@override_settings(CACHES=LOCMEM, REPORT_SUBMIT_LIMIT_PER_HOUR=2, FOLLOWUP_TRY_LIMIT_PER_HOUR=3)
class RateLimitTests(TestCase):
    def setUp(self):
        cache.clear()

    def report(self, address=ADDRESS, **overrides):
        return self.client.post(
            "/melden/", report_data(**overrides), **{settings.CLIENT_ADDRESS_META: address}
        )

    def try_code(self, code, address=ADDRESS):
        return self.client.post(
            "/opvolgen/", {"code": code}, **{settings.CLIENT_ADDRESS_META: address}
        )

    def test_it_refuses_reports_over_the_hourly_limit_with_a_calm_429(self):
        self.report()
        self.report()
        r = self.report()
        self.assertEqual(r.status_code, 429)
        self.assertContains(r, "Probeer het over een uur opnieuw", status_code=429)
        self.assertContains(r, "112", status_code=429)
        self.assertEqual(Report.objects.count(), 2)

    def test_it_counts_clients_apart(self):
        self.report()
        self.report()
        self.assertEqual(self.report(address="198.51.100.9").status_code, 200)
        self.assertEqual(Report.objects.count(), 3)

    def test_it_still_shows_the_receipt_for_a_form_sent_before_the_limit(self):
        data = report_data()
        self.client.post("/melden/", data, **{settings.CLIENT_ADDRESS_META: ADDRESS})
        self.report()
        again = self.client.post("/melden/", data, **{settings.CLIENT_ADDRESS_META: ADDRESS})
        self.assertEqual(again.status_code, 200)
        self.assertContains(again, 'id="receipt-code"')
        self.assertEqual(Report.objects.count(), 2)

    def test_it_does_not_count_forms_with_mistakes(self):
        for _ in range(3):
            self.report(what_happened="")
        self.assertEqual(self.report().status_code, 200)

    def test_it_slows_down_repeated_wrong_codes(self):
        for _ in range(3):
            self.assertEqual(self.try_code("1111 2222 3333 4444").status_code, 200)
        r = self.try_code("1111 2222 3333 4445")
        self.assertEqual(r.status_code, 429)
        self.assertContains(r, "Probeer het over een uur opnieuw", status_code=429)

    def test_it_counts_only_failed_code_tries(self):
        code = submit().receipt_code
        for _ in range(5):
            self.assertContains(self.try_code(code), "Je melding")
        self.try_code("1111 2222 3333 4444")
        self.assertEqual(self.try_code(code).status_code, 200)

    def test_it_refuses_even_a_right_code_once_the_limit_is_reached(self):
        code = submit().receipt_code
        for _ in range(3):
            self.try_code("1111 2222 3333 4444")
        self.assertEqual(self.try_code(code).status_code, 429)

    def test_it_keeps_only_digests_in_the_cache(self):
        self.report()
        self.try_code("1111 2222 3333 4444")
        keys = list(cache._cache.keys())
        self.assertEqual(len(keys), 2)
        for key in keys:
            self.assertRegex(key, r"^:1:[0-9a-f]{64}$")
            self.assertNotIn(ADDRESS, key)
        for value in cache._cache.values():
            self.assertNotIn(ADDRESS.encode(), value)

    def test_it_gives_a_new_key_every_hour(self):
        from unittest import mock

        from django.test import RequestFactory
        from django.utils import timezone

        request = RequestFactory().get("/", **{settings.CLIENT_ADDRESS_META: ADDRESS})
        now = timezone.now()
        first = ratelimit.client_key(request, "report")
        with mock.patch.object(
            ratelimit.timezone, "now", return_value=now.replace(year=now.year + 1)
        ):
            later = ratelimit.client_key(request, "report")
        self.assertNotEqual(first, later)
        self.assertNotEqual(first, ratelimit.client_key(request, "followup"))

    def test_it_stores_no_address_in_the_database(self):
        self.report()
        self.try_code("1111 2222 3333 4444")
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
                for row in cursor.fetchall():
                    text = " ".join(str(v) for v in row)
                    self.assertIsNone(re.search(re.escape(ADDRESS), text), table)
