"""Every staff URL, for every role and for an anonymous visitor.

A new staff URL fails `test_it_has_an_entry_for_every_staff_url` until it is
added to MATRIX with the roles that may open it.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from signaal.accounts.models import User
from tests.base import SignaalTestCase

ALL = set(User.Role.values)
LOGIN = "/staff/login/"

# name -> (reverse kwargs, roles that get 200; None marks login/enrolment pages
# that are reachable before the second factor and tested on their own).
MATRIX = {
    "staff:home": ({}, ALL),
    "staff:audit_status": ({}, {User.Role.COORDINATOR, User.Role.ADMIN}),
    "reports:queue": ({}, {User.Role.INTAKE, User.Role.COORDINATOR}),
    "staff:logout": ({}, None),
    "two_factor:login": ({}, None),
    "two_factor:setup": ({}, None),
    "two_factor:qr": ({}, None),
    "two_factor:setup_complete": ({}, None),
}


def staff_url_names(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from staff_url_names(entry, route, ns)
        elif isinstance(entry, URLPattern) and route.startswith("staff/"):
            yield f"{namespace}{entry.name}"


class AccessMatrixTests(SignaalTestCase):
    def test_it_has_an_entry_for_every_staff_url(self):
        missing = set(staff_url_names()) - set(MATRIX)
        self.assertEqual(missing, set(), "add these staff URLs to the access matrix")

    def test_it_gives_each_role_exactly_its_pages(self):
        users = {
            User.Role.INTAKE: self.intake_user,
            User.Role.INVESTIGATOR: self.investigator,
            User.Role.COORDINATOR: self.coordinator,
            User.Role.ADMIN: self.admin_user,
        }
        for name, (kwargs, allowed) in MATRIX.items():
            if allowed is None:
                continue
            url = reverse(name, kwargs=kwargs)
            for role, user in users.items():
                with self.subTest(url=url, role=role):
                    self.client.logout()
                    self.login(user)
                    expected = 200 if role in allowed else 403
                    self.assertEqual(self.client.get(url).status_code, expected)

    def test_it_sends_anonymous_visitors_to_the_login(self):
        for name, (kwargs, allowed) in MATRIX.items():
            if allowed is None:
                continue
            url = reverse(name, kwargs=kwargs)
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 302)
                self.assertTrue(r.url.startswith(LOGIN))

    def test_it_sends_users_without_second_factor_to_enrolment(self):
        self.client.force_login(
            self.coordinator, backend="django.contrib.auth.backends.ModelBackend"
        )
        for name, (kwargs, allowed) in MATRIX.items():
            if allowed is None:
                continue
            with self.subTest(name=name):
                r = self.client.get(reverse(name, kwargs=kwargs))
                self.assertRedirects(r, reverse("two_factor:setup"), fetch_redirect_response=False)

    def test_it_refuses_an_inactive_user(self):
        self.login(self.coordinator)
        User.objects.filter(pk=self.coordinator.pk).update(is_active=False)
        r = self.client.get(reverse("staff:home"))
        self.assertNotEqual(r.status_code, 200)

    def test_it_shows_the_login_and_enrolment_pages_to_anonymous_visitors_only_as_login(self):
        self.assertEqual(self.client.get(LOGIN).status_code, 200)
        r = self.client.get(reverse("two_factor:setup"))
        self.assertEqual(r.status_code, 302)
        self.assertTrue(r.url.startswith(LOGIN))
