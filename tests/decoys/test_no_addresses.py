"""The public decoy endpoints never read the client's address."""

from django.test import RequestFactory

from signaal.accounts.models import User
from signaal.decoys import views_hooks, views_public
from tests.base import SignaalTestCase, make_staff
from tests.decoys.helpers import FakeProvider, add_channels, make_deployment, twilio_request


class AddressGuard(dict):
    """request.META that fails the test when anything reads a client address."""

    WATCHED = {"REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED"}

    def _check(self, key):
        if key in self.WATCHED:
            raise AssertionError(f"{key} was read")

    def __getitem__(self, key):
        self._check(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._check(key)
        return super().get(key, default)


def guarded(request):
    request.META = AddressGuard(request.META)
    return request


class NoAddressTests(SignaalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        second = make_staff(User.Role.COORDINATOR).user
        cls.deployment = make_deployment(cls.coordinator, [cls.coordinator, second])

    def test_the_landing_page_does_not_read_the_address(self):
        request = guarded(RequestFactory().get(f"/l/{self.deployment.slug}/"))
        self.assertEqual(views_public.landing(request, self.deployment.slug).status_code, 200)

    def test_the_webhook_does_not_read_the_address(self):
        with FakeProvider() as provider:
            add_channels(self.deployment, self.coordinator, provider.url)
            path = f"/hooks/twilio/{self.deployment.slug}/"
            body, headers = twilio_request("http://testserver" + path)
            request = RequestFactory().post(
                path,
                data=body,
                content_type="application/x-www-form-urlencoded",
                headers=headers,
            )
            with self.captureOnCommitCallbacks(execute=True):
                response = views_hooks.webhook(guarded(request), "twilio", self.deployment.slug)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(len(provider.requests), 1)
