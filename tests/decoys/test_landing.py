from datetime import timedelta

from django.utils import timezone

from signaal.accounts.models import User
from signaal.audit.models import AuditEvent
from signaal.decoys import services
from signaal.decoys.models import DailyView
from tests.base import SignaalTestCase, make_staff
from tests.decoys.helpers import make_deployment


class LandingPageTests(SignaalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.coordinator2 = make_staff(User.Role.COORDINATOR).user

    def live(self, **kw):
        return make_deployment(self.coordinator, [self.coordinator, self.coordinator2], **kw)

    def test_it_shows_the_warning_in_dutch_and_english_with_help(self):
        d = self.live()
        r = self.client.get(f"/l/{d.slug}/")
        self.assertEqual(r.status_code, 200)
        for phrase in [
            "248b",
            "273g",
            "Stop it Now",
            "0800-266 6 436",
            "stopitnow.nl",
            "can be traced",
            "zijn na te gaan",
        ]:
            self.assertContains(r, phrase)
        self.assertContains(r, 'id="quick-exit"')
        self.assertNotIn("<script>", r.content.decode())
        self.assertEqual(r["Cache-Control"], "no-store")

    def test_it_counts_views_per_day_without_anything_about_the_visitor(self):
        d = self.live()
        self.client.get(f"/l/{d.slug}/", REMOTE_ADDR="203.0.113.9")
        self.client.get(f"/l/{d.slug}/", REMOTE_ADDR="203.0.113.10")
        row = DailyView.objects.get()
        self.assertEqual((row.deployment_id, row.day, row.views), (d.pk, timezone.localdate(), 2))
        for event in AuditEvent.objects.all():
            self.assertNotIn("203.0.113", str(event.details))
        self.assertNotIn("sessionid", self.client.cookies)

    def test_a_deployment_that_is_not_live_is_a_neutral_404_and_an_audit_event(self):
        unapproved = make_deployment(self.coordinator)
        expired = self.live(
            starts_at=timezone.now() - timedelta(days=9),
            expires_at=timezone.now() - timedelta(days=1),
        )
        stopped = self.live()
        services.deployment_stop(deployment=stopped, reason="x", actor=self.coordinator)
        for d, reason in [(unapproved, "not_approved"), (expired, "expired"), (stopped, "stopped")]:
            with self.subTest(reason=reason):
                r = self.client.get(f"/l/{d.slug}/")
                self.assertEqual(r.status_code, 404)
                self.assertNotContains(r, "248b", status_code=404)
                event = AuditEvent.objects.filter(action="decoy.use_refused").latest("seq")
                self.assertEqual(
                    (event.details["use"], event.details["reason"]), ("landing", reason)
                )
        self.assertFalse(DailyView.objects.exists())

    def test_an_unknown_slug_and_a_profile_are_404(self):
        profile = make_deployment(
            self.coordinator,
            [self.coordinator, self.coordinator2],
            kind="profile",
            police_reference="OM-1",
        )
        self.assertEqual(self.client.get("/l/onbekend/").status_code, 404)
        self.assertEqual(self.client.get(f"/l/{profile.slug}/").status_code, 404)

    def test_it_refuses_a_post(self):
        d = self.live()
        self.assertEqual(self.client.post(f"/l/{d.slug}/").status_code, 405)
