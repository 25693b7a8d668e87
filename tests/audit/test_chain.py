from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from signaal.audit import services as audit
from signaal.audit.models import AuditEvent
from tests.base import SignaalTestCase


def run_verify() -> tuple[int, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except SystemExit as e:
        return e.code, err.getvalue()
    return 0, out.getvalue()


class AuditChainTests(SignaalTestCase):
    def setUp(self):
        for i in range(3):
            audit.record(actor=self.coordinator, action="test.write", details={"n": i})

    def table(self):
        return AuditEvent._meta.db_table

    def test_it_links_each_row_to_the_one_before(self):
        rows = list(AuditEvent.objects.order_by("seq"))
        for before, after in zip(rows, rows[1:], strict=False):
            self.assertEqual(after.prev_hash, before.row_hash)

    def test_it_passes_an_untouched_chain(self):
        code, output = run_verify()
        self.assertEqual(code, 0)
        self.assertIn("intact", output)

    def test_it_names_a_row_edited_with_raw_sql(self):
        target = AuditEvent.objects.get(action="test.write", details__n=1)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {self.table()} SET action = %s WHERE id = %s", ["test.forged", target.pk]
            )
        code, output = run_verify()
        self.assertEqual(code, 1)
        self.assertIn(f"row {target.seq} was edited", output)

    def test_it_names_a_deleted_row(self):
        target = AuditEvent.objects.get(action="test.write", details__n=1)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table()} WHERE id = %s", [target.pk])
        code, output = run_verify()
        self.assertEqual(code, 1)
        self.assertIn(f"row {target.seq} is missing", output)

    def test_it_names_an_inserted_row(self):
        last = AuditEvent.objects.order_by("-seq").first()
        # Shift the last row up and put a forged row in its place, hash and all.
        forged = AuditEvent.objects.get(pk=last.pk)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {self.table()} SET seq = seq + 1 WHERE id = %s", [last.pk])
        forged.pk, forged.action, forged.row_hash = None, "test.inserted", "f" * 64
        forged.save()
        code, output = run_verify()
        self.assertEqual(code, 1)
        self.assertIn(f"row {last.seq}", output)

    def test_it_notices_rows_cut_off_at_the_end(self):
        last = AuditEvent.objects.order_by("-seq").first()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table()} WHERE id = %s", [last.pk])
        code, output = run_verify()
        self.assertEqual(code, 1)
        self.assertIn("rows were deleted at the end", output)

    def test_it_records_who_checked_the_chain_in_the_staff_view(self):
        self.login(self.coordinator)
        r = self.client.get(reverse("staff:audit_status"))
        self.assertContains(r, "intact")
        self.assertTrue(AuditEvent.objects.filter(action="audit.verify").exists())

    def test_it_shows_a_broken_chain_in_the_staff_view(self):
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {self.table()} SET actor_label = 'mallory' WHERE seq = 2")
        self.login(self.coordinator)
        r = self.client.get(reverse("staff:audit_status"))
        self.assertContains(r, "verbroken")

    def test_it_records_the_system_as_actor_without_a_user(self):
        event = audit.record(actor=None, action="test.system")
        self.assertEqual(event.actor_label, "system")
        self.assertIsNone(event.actor)
