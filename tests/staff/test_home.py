from django.urls import reverse

from signaal.staff import queries
from signaal.staff.queries import QueueCount
from tests.base import SignaalTestCase


class StaffHomeTests(SignaalTestCase):
    def test_it_shows_the_navigation_for_the_parts_of_signaal(self):
        self.login(self.investigator)
        r = self.client.get(reverse("staff:home"))
        # "Meldingen" is for those who screen reports: tests/intake/test_staff_queue.py.
        for label in ["Zaken", "Advertenties", "Lokmiddelen", "Inzicht"]:
            self.assertContains(r, label)
        self.assertNotContains(r, "Auditlog")

    def test_it_shows_the_audit_link_to_coordinators(self):
        self.login(self.coordinator)
        self.assertContains(self.client.get(reverse("staff:home")), "Auditlog")

    def test_it_shows_queue_counts_from_each_part(self):
        def fake_source(user):
            return [QueueCount(label=f"Te screenen voor {user.username}", count=4)]

        queries.QUEUE_SOURCES.append(fake_source)
        self.addCleanup(queries.QUEUE_SOURCES.remove, fake_source)
        self.login(self.intake_user)
        r = self.client.get(reverse("staff:home"))
        self.assertContains(r, f"Te screenen voor {self.intake_user.username}")
        self.assertContains(r, '<span class="count">4</span>', html=True)

    def test_it_says_when_nothing_is_waiting(self):
        self.login(self.intake_user)
        self.assertContains(self.client.get(reverse("staff:home")), "niets voor je klaar")
