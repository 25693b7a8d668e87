"""Every staff URL, for every role and for an anonymous visitor.

A new staff URL fails `test_it_has_an_entry_for_every_staff_url` until it is
added to MATRIX with the roles that may open it.
"""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from signaal.accounts.models import User
from signaal.cases import services as case_services
from signaal.cases.models import DossierExport
from signaal.vault import blobs
from tests.base import SignaalTestCase
from tests.cases.helpers import case_from_report
from tests.crawling.helpers import make_ad
from tests.decoys.helpers import decoy_matrix_fixtures
from tests.intake.helpers import png_file, submit

ALL = set(User.Role.values)
LOGIN = "/staff/login/"
SCREEN = {User.Role.INTAKE, User.Role.COORDINATOR}
COORDINATOR_ONLY = {User.Role.COORDINATOR}
POST_ONLY = 405  # what an allowed role gets for a GET on an action URL


@dataclass(frozen=True)
class Fixture:
    """A kwarg taken from an object built in setUpTestData: the pk of `cls.<name>`."""

    name: str


REPORT = {"report_id": Fixture("report")}
CASE = {"case_id": Fixture("case")}
CASE_VIEW = {User.Role.INVESTIGATOR, User.Role.COORDINATOR}

# name -> (reverse kwargs, roles that get 200; None marks login/enrolment pages
# that are reachable before the second factor and tested on their own)[, the
# status allowed roles get instead of 200, e.g. 405 for a GET on a POST-only URL].
MATRIX = {
    "staff:home": ({}, ALL),
    "staff:audit_status": ({}, {User.Role.COORDINATOR, User.Role.ADMIN}),
    "reports:queue": ({}, SCREEN),
    "reports:enter": ({}, SCREEN),
    "reports:detail": (REPORT, SCREEN),
    "reports:status": (REPORT, SCREEN, POST_ONLY),
    "reports:assign": (REPORT, SCREEN, POST_ONLY),
    "reports:label_add": (REPORT, SCREEN, POST_ONLY),
    "reports:label_remove": (REPORT, SCREEN, POST_ONLY),
    "reports:note_add": (REPORT, SCREEN, POST_ONLY),
    "reports:reply": (REPORT, SCREEN, POST_ONLY),
    "reports:feedback": (REPORT, SCREEN, POST_ONLY),
    "reports:legal_hold": (REPORT, COORDINATOR_ONLY, POST_ONLY),
    "reports:shred": (REPORT, COORDINATOR_ONLY, POST_ONLY),
    "reports:attachment": (
        {"report_id": Fixture("report"), "attachment_id": Fixture("attachment")},
        SCREEN,
    ),
    "ads:list": ({}, {User.Role.INVESTIGATOR, User.Role.COORDINATOR}),
    "ads:detail": ({"ad_id": Fixture("ad")}, {User.Role.INVESTIGATOR, User.Role.COORDINATOR}),
    "ads:sources": ({}, {User.Role.INVESTIGATOR, User.Role.COORDINATOR, User.Role.ADMIN}),
    "ads:sources_sync": ({}, {User.Role.COORDINATOR, User.Role.ADMIN}, POST_ONLY),
    "ads:source_crawl": (
        {"source_id": Fixture("ad_source")},
        {User.Role.INVESTIGATOR, User.Role.COORDINATOR, User.Role.ADMIN},
        POST_ONLY,
    ),
    "ads:runs": ({}, {User.Role.INVESTIGATOR, User.Role.COORDINATOR, User.Role.ADMIN}),
    "ads:run": (
        {"run_id": Fixture("crawl_run")},
        {User.Role.INVESTIGATOR, User.Role.COORDINATOR, User.Role.ADMIN},
    ),
    "cases:list": ({}, CASE_VIEW),
    "cases:create": ({}, CASE_VIEW),
    "cases:open_from_report": (REPORT, SCREEN),
    "cases:detail": (CASE, CASE_VIEW),
    "cases:status": (CASE, CASE_VIEW, POST_ONLY),
    "cases:assign": (CASE, COORDINATOR_ONLY, POST_ONLY),
    "cases:note_add": (CASE, CASE_VIEW, POST_ONLY),
    "cases:task_add": (CASE, CASE_VIEW, POST_ONLY),
    "cases:task_status": ({**CASE, "task_id": Fixture("task")}, CASE_VIEW, POST_ONLY),
    "cases:selector_add": (CASE, CASE_VIEW, POST_ONLY),
    "cases:evidence_upload": (CASE, CASE_VIEW, POST_ONLY),
    "cases:evidence_add_ad": (CASE, CASE_VIEW, POST_ONLY),
    "cases:evidence": ({**CASE, "item_id": Fixture("exhibit")}, CASE_VIEW),
    "cases:approve": (CASE, COORDINATOR_ONLY, POST_ONLY),
    "cases:export": (CASE, CASE_VIEW, POST_ONLY),
    "cases:export_download": ({**CASE, "export_id": Fixture("export")}, CASE_VIEW, POST_ONLY),
    "cases:handover": (CASE, COORDINATOR_ONLY, POST_ONLY),
    "decoys:overview": ({}, CASE_VIEW),
    "decoys:export": ({}, CASE_VIEW),
    "decoys:create": ({}, CASE_VIEW),
    "decoys:detail": ({"deployment_id": Fixture("decoy_ad")}, CASE_VIEW),
    "decoys:approve": ({"deployment_id": Fixture("decoy_ad")}, COORDINATOR_ONLY, POST_ONLY),
    "decoys:stop": ({"deployment_id": Fixture("decoy_ad")}, CASE_VIEW, POST_ONLY),
    "decoys:channel": ({"deployment_id": Fixture("decoy_ad")}, CASE_VIEW, POST_ONLY),
    "decoys:import": ({"deployment_id": Fixture("decoy_profile")}, CASE_VIEW),
    "decoys:conversation": ({"conversation_id": Fixture("conversation")}, CASE_VIEW),
    "decoys:add_to_case": ({"conversation_id": Fixture("conversation")}, CASE_VIEW, POST_ONLY),
    "decoys:media_refer": ({"media_id": Fixture("quarantined_media")}, CASE_VIEW, POST_ONLY),
    "users:list": ({}, {User.Role.ADMIN}),
    "users:create": ({}, {User.Role.ADMIN}),
    "users:set_active": ({"user_id": Fixture("investigator")}, {User.Role.ADMIN}, POST_ONLY),
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


def checked_entries(case):
    """(url, allowed roles, status for allowed roles) for each entry that is checked."""
    for name, (kwargs, allowed, *rest) in MATRIX.items():
        if allowed is None:
            continue
        resolved = {
            key: getattr(case, value.name).pk if isinstance(value, Fixture) else value
            for key, value in kwargs.items()
        }
        yield reverse(name, kwargs=resolved), allowed, (rest[0] if rest else 200)


class AccessMatrixTests(SignaalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.report = submit(files=[png_file()]).report
        cls.attachment = cls.report.attachments.get()
        cls.case = case_from_report(cls.coordinator)
        case_services.case_assign(
            case=cls.case, investigators=[cls.investigator], actor=cls.coordinator
        )
        cls.exhibit = cls.case.evidence.get()
        cls.task = case_services.case_task_add(case=cls.case, title="x", actor=cls.coordinator)
        cls.export = DossierExport.objects.create(
            case=cls.case, blob=blobs.put_bytes(b"zip"), sha256="0" * 64, manifest_sha256="0" * 64
        )
        for name, obj in decoy_matrix_fixtures(cls.coordinator, cls.investigator).items():
            setattr(cls, name, obj)
        cls.ad = make_ad()
        cls.ad_source, cls.crawl_run = cls.ad.source, cls.ad.last_run

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
        for url, allowed, ok in checked_entries(self):
            for role, user in users.items():
                with self.subTest(url=url, role=role):
                    self.client.logout()
                    self.login(user)
                    expected = ok if role in allowed else 403
                    self.assertEqual(self.client.get(url).status_code, expected)

    def test_it_sends_anonymous_visitors_to_the_login(self):
        for url, _allowed, _ok in checked_entries(self):
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 302)
                self.assertTrue(r.url.startswith(LOGIN))

    def test_it_sends_users_without_second_factor_to_enrolment(self):
        self.client.force_login(
            self.coordinator, backend="django.contrib.auth.backends.ModelBackend"
        )
        for url, _allowed, _ok in checked_entries(self):
            with self.subTest(url=url):
                r = self.client.get(url)
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
