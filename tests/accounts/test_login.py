from django.urls import reverse

from signaal.accounts.models import User
from tests.base import PASSWORD, SignaalTestCase, current_totp, make_staff

LOGIN = "/staff/login/"


def auth_step(username, password):
    return {
        "login_view-current_step": "auth",
        "auth-username": username,
        "auth-password": password,
    }


def token_step(code):
    return {"login_view-current_step": "token", "token-otp_token": code}


class LoginTests(SignaalTestCase):
    def setUp(self):
        self.enrolment = make_staff(User.Role.INVESTIGATOR, username="rosa")

    def test_it_logs_in_with_password_and_totp(self):
        r = self.client.post(LOGIN, auth_step("rosa", PASSWORD))
        self.assertContains(r, "authenticator-app")
        r = self.client.post(LOGIN, token_step(current_totp(self.enrolment.device)))
        self.assertRedirects(r, reverse("staff:home"))
        r = self.client.get(reverse("staff:home"))
        self.assertContains(r, "Welkom, rosa")

    def test_it_does_not_open_staff_pages_after_the_password_alone(self):
        self.client.post(LOGIN, auth_step("rosa", PASSWORD))
        r = self.client.get(reverse("staff:home"))
        self.assertEqual(r.status_code, 302)
        self.assertTrue(r.url.startswith(LOGIN))

    def test_it_says_clearly_when_the_password_is_wrong(self):
        r = self.client.post(LOGIN, auth_step("rosa", "wrong password"))
        self.assertContains(r, "errorlist")
        self.assertNotContains(r, "authenticator-app")

    def test_it_refuses_a_wrong_code(self):
        self.client.post(LOGIN, auth_step("rosa", PASSWORD))
        good = current_totp(self.enrolment.device)
        wrong = f"{(int(good) + 1) % 1_000_000:06d}"
        r = self.client.post(LOGIN, token_step(wrong))
        self.assertContains(r, "errorlist")
        r = self.client.get(reverse("staff:home"))
        self.assertEqual(r.status_code, 302)

    def test_it_locks_out_after_five_wrong_passwords(self):
        for _ in range(5):
            self.client.post(LOGIN, auth_step("rosa", "wrong password"))
        r = self.client.post(LOGIN, auth_step("rosa", PASSWORD))
        self.assertEqual(r.status_code, 429)
        self.assertContains(r, "tijdelijk geblokkeerd", status_code=429)

    def test_it_stores_no_ip_address_for_failed_logins(self):
        from axes.models import AccessAttempt

        self.client.post(LOGIN, auth_step("rosa", "wrong password"), REMOTE_ADDR="198.51.100.7")
        attempt = AccessAttempt.objects.get()
        self.assertIsNone(attempt.ip_address)

    def test_it_logs_out_with_a_post(self):
        self.login(self.enrolment.user)
        r = self.client.post(reverse("staff:logout"))
        self.assertRedirects(r, LOGIN)
        r = self.client.get(reverse("staff:home"))
        self.assertEqual(r.status_code, 302)

    def test_it_refuses_logout_by_get(self):
        self.login(self.enrolment.user)
        r = self.client.get(reverse("staff:logout"))
        self.assertEqual(r.status_code, 405)

    def test_it_sends_a_user_without_a_device_to_enrolment(self):
        user = self.enrolment.user
        user.totpdevice_set.all().delete()
        self.client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        r = self.client.get(reverse("staff:home"))
        self.assertRedirects(r, reverse("two_factor:setup"), fetch_redirect_response=False)

    def test_it_ends_the_session_after_eight_hours_or_when_the_browser_closes(self):
        self.login(self.enrolment.user)
        self.client.get(reverse("staff:home"))
        self.assertLessEqual(self.client.session.get_expiry_age(), 8 * 3600)
        self.assertTrue(self.client.session.get_expire_at_browser_close())
