from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from signaal.accounts import services
from signaal.accounts.models import User
from signaal.audit.models import AuditEvent
from tests.base import PASSWORD, SignaalTestCase


class StaffCreateTests(SignaalTestCase):
    def test_it_creates_a_user_with_a_confirmed_totp_device(self):
        enrolment = services.staff_create(
            username="yara", role="intake", password=PASSWORD, actor=self.admin_user
        )
        self.assertTrue(enrolment.device.confirmed)
        self.assertEqual(enrolment.device.name, "default")
        self.assertTrue(enrolment.user.check_password(PASSWORD))
        self.assertTrue(enrolment.user.password.startswith("argon2"))

    def test_it_refuses_a_non_admin(self):
        with self.assertRaises(PermissionDenied):
            services.staff_create(
                username="yara", role="intake", password=PASSWORD, actor=self.coordinator
            )

    def test_it_refuses_a_weak_password(self):
        with self.assertRaises(ValidationError):
            services.staff_create(username="yara", role="intake", password="kort", actor=None)
        self.assertFalse(User.objects.filter(username="yara").exists())

    def test_it_refuses_a_duplicate_username_in_any_case(self):
        services.staff_create(username="yara", role="intake", password=PASSWORD, actor=None)
        with self.assertRaises(ValidationError):
            services.staff_create(username="YARA", role="intake", password=PASSWORD, actor=None)

    def test_it_writes_an_audit_event(self):
        services.staff_create(username="yara", role="intake", password=PASSWORD, actor=None)
        self.assertTrue(AuditEvent.objects.filter(action="user.create").exists())


class UserPagesTests(SignaalTestCase):
    def setUp(self):
        self.login(self.admin_user)

    def test_it_lists_staff(self):
        r = self.client.get(reverse("users:list"))
        self.assertContains(r, self.coordinator.username)

    def test_it_shows_the_enrolment_once_after_creating(self):
        r = self.client.post(
            reverse("users:create"), {"username": "yara", "role": "investigator", "email": ""}
        )
        self.assertContains(r, "data:image/svg+xml")
        self.assertEqual(r.headers["Cache-Control"], "no-store")
        self.assertEqual(User.objects.get(username="yara").role, "investigator")

    def test_it_shows_form_errors_for_bad_input(self):
        r = self.client.post(reverse("users:create"), {"username": "no spaces!", "role": "boss"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "errorlist")
        self.assertFalse(User.objects.filter(username="no spaces!").exists())

    def test_it_says_when_the_username_exists(self):
        r = self.client.post(
            reverse("users:create"), {"username": self.coordinator.username, "role": "intake"}
        )
        self.assertContains(r, "already exists")

    def test_it_blocks_a_user_and_ends_their_sessions(self):
        from django.test import Client

        from tests.base import login_verified

        other = Client()
        login_verified(other, self.investigator)
        self.assertEqual(other.get(reverse("staff:home")).status_code, 200)
        self.client.post(reverse("users:set_active", args=[self.investigator.pk]), {"active": "0"})
        self.assertFalse(User.objects.get(pk=self.investigator.pk).is_active)
        self.assertEqual(other.get(reverse("staff:home")).status_code, 302)
        self.assertTrue(AuditEvent.objects.filter(action="user.block").exists())

    def test_it_refuses_to_block_yourself(self):
        r = self.client.post(
            reverse("users:set_active", args=[self.admin_user.pk]), {"active": "0"}, follow=True
        )
        self.assertContains(r, "cannot block your own account")
        self.assertTrue(User.objects.get(pk=self.admin_user.pk).is_active)

    def test_it_answers_404_for_an_unknown_user(self):
        r = self.client.post(reverse("users:set_active", args=[999999]), {"active": "0"})
        self.assertEqual(r.status_code, 404)
