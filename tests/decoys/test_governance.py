from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from signaal.accounts.models import User
from signaal.audit.models import AuditEvent
from signaal.decoys import services
from signaal.decoys.governance import deployment_is_live
from signaal.decoys.models import Contact
from tests.base import SignaalTestCase, make_staff
from tests.decoys.helpers import authorisation, make_deployment


class GovernanceTests(SignaalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.coordinator2 = make_staff(User.Role.COORDINATOR).user

    def test_it_is_not_live_before_two_approvals(self):
        d = make_deployment(self.investigator)
        self.assertEqual(deployment_is_live(d, timezone.now()), (False, "not_approved"))
        services.deployment_approve(deployment=d, actor=self.coordinator)
        d.refresh_from_db()
        self.assertEqual(deployment_is_live(d, timezone.now()), (False, "not_approved"))
        services.deployment_approve(deployment=d, actor=self.coordinator2)
        d.refresh_from_db()
        self.assertEqual(deployment_is_live(d, timezone.now()), (True, "live"))

    def test_it_refuses_the_same_coordinator_twice(self):
        d = make_deployment(self.coordinator, [self.coordinator])
        with self.assertRaises(ValidationError):
            services.deployment_approve(deployment=d, actor=self.coordinator)
        self.assertEqual(d.approvals.count(), 1)

    def test_a_coordinator_who_created_it_may_be_one_of_the_two(self):
        d = make_deployment(self.coordinator, [self.coordinator, self.coordinator2])
        self.assertTrue(deployment_is_live(d, timezone.now())[0])

    def test_it_refuses_approval_by_an_investigator(self):
        d = make_deployment(self.investigator)
        with self.assertRaises(PermissionDenied):
            services.deployment_approve(deployment=d, actor=self.investigator)

    def test_it_refuses_creation_by_intake_and_admin(self):
        for user in (self.intake_user, self.admin_user):
            with self.subTest(user=user.role), self.assertRaises(PermissionDenied):
                make_deployment(user)

    def test_it_is_not_live_outside_its_period(self):
        d = make_deployment(self.coordinator, [self.coordinator, self.coordinator2])
        self.assertEqual(
            deployment_is_live(d, d.starts_at - timedelta(seconds=1)), (False, "not_started")
        )
        self.assertEqual(
            deployment_is_live(d, d.expires_at + timedelta(seconds=1)), (False, "expired")
        )

    def test_it_is_not_live_at_the_contact_cap(self):
        d = make_deployment(self.coordinator, [self.coordinator, self.coordinator2], contact_cap=2)
        Contact.objects.create(deployment=d, digest="a" * 64, provider="twilio")
        self.assertTrue(deployment_is_live(d, timezone.now())[0])
        Contact.objects.create(deployment=d, digest="b" * 64, provider="twilio")
        self.assertEqual(deployment_is_live(d, timezone.now()), (False, "capped"))

    def test_the_kill_switch_stops_it_at_once_and_for_good(self):
        d = make_deployment(self.coordinator, [self.coordinator, self.coordinator2])
        services.deployment_stop(
            deployment=d, reason="signaal echt slachtoffer", actor=self.investigator
        )
        d.refresh_from_db()
        self.assertEqual(deployment_is_live(d, timezone.now()), (False, "stopped"))
        self.assertEqual(AuditEvent.objects.filter(action="decoy.stop").count(), 1)
        with self.assertRaises(ValidationError):
            services.deployment_approve(deployment=d, actor=make_staff(User.Role.COORDINATOR).user)

    def test_a_decoy_profile_needs_a_police_or_prosecutor_reference(self):
        with self.assertRaises(ValidationError) as e:
            make_deployment(self.coordinator, kind="profile", police_reference="")
        self.assertIn("police_reference", e.exception.error_dict)
        d = make_deployment(self.coordinator, kind="profile", police_reference="OM-1")
        self.assertEqual(d.police_reference, "OM-1")

    def test_it_refuses_an_expiry_before_the_start(self):
        now = timezone.now()
        with self.assertRaises(ValidationError) as e:
            services.deployment_create(
                actor=self.coordinator,
                **authorisation(starts_at=now, expires_at=now - timedelta(days=1)),
            )
        self.assertIn("expires_at", e.exception.error_dict)

    def test_it_refuses_an_acknowledgement_that_raises_a_topic(self):
        with self.assertRaises(ValidationError) as e:
            make_deployment(self.coordinator, acknowledgement="Hoi! Wanneer wil je afspreken?")
        self.assertIn("acknowledgement", e.exception.error_dict)

    def test_it_refuses_a_deterrence_text_that_invites_a_meeting_or_images(self):
        for text in ["Stuur eerst een foto.", "Kom langs in het hotel."]:
            with self.subTest(text=text), self.assertRaises(ValidationError) as e:
                make_deployment(self.coordinator, deterrence_nl=text)
            self.assertIn("deterrence_nl", e.exception.error_dict)

    def test_it_writes_audit_events_for_create_and_each_approval(self):
        make_deployment(self.coordinator, [self.coordinator, self.coordinator2])
        self.assertEqual(AuditEvent.objects.filter(action="decoy.create").count(), 1)
        self.assertEqual(AuditEvent.objects.filter(action="decoy.approve").count(), 2)
