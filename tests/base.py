"""Shared helpers for Signaal tests: staff users are made through the real services."""

import itertools

from django.test import TestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP

from signaal.accounts import services as account_services
from signaal.accounts.models import User

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def make_staff(role: str, username: str | None = None):
    """A staff user with a confirmed TOTP device; returns the enrolment."""
    username = username or f"{role}{next(_counter)}"
    return account_services.staff_create(
        username=username, role=role, password=PASSWORD, actor=None
    )


def current_totp(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def login_verified(client, user) -> None:
    """Log in as if the user passed password and second factor."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.get().persistent_id
    session.save()


class SignaalTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.intake_user = make_staff(User.Role.INTAKE).user
        cls.investigator = make_staff(User.Role.INVESTIGATOR).user
        cls.coordinator = make_staff(User.Role.COORDINATOR).user
        cls.admin_user = make_staff(User.Role.ADMIN).user

    def login(self, user) -> None:
        login_verified(self.client, user)
