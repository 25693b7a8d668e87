"""Staff pages for ads, sources and runs: lists, filters, the audited detail, crawl now."""

from django.urls import reverse

from signaal.audit.models import AuditEvent
from signaal.crawling import tasks
from signaal.crawling.models import CrawlRun, Source
from tests.base import SignaalTestCase
from tests.crawling.helpers import attach_capture, make_ad

CAPTURE = '<html><body><h1>Nieuw in Utrecht</h1><script>alert("x")</script><img src="http://192.0.2.1/x.png"></body></html>'


class AdViewTests(SignaalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.flagged = make_ad(key="f1")
        cls.plain = make_ad(key="p1", title="Fiets te koop", text="Mooie fiets, 50 euro.")
        attach_capture(cls.flagged, CAPTURE)

    def setUp(self):
        self.login(self.investigator)

    def test_it_lists_ads_by_score_first(self):
        r = self.client.get(reverse("ads:list"))
        self.assertEqual(r.status_code, 200)
        ads = list(r.context["page"].object_list)
        self.assertEqual(ads[0].pk, self.flagged.pk)
        self.assertGreater(ads[0].score, ads[-1].score)

    def test_it_filters_by_category_and_flag(self):
        r = self.client.get(reverse("ads:list"), {"category": "minor"})
        self.assertEqual([a.pk for a in r.context["page"].object_list], [self.flagged.pk])
        r = self.client.get(reverse("ads:list"), {"flagged": "1", "city": "Utrecht"})
        self.assertEqual([a.pk for a in r.context["page"].object_list], [self.flagged.pk])
        r = self.client.get(reverse("ads:list"), {"since": "not a date", "site": "fixture"})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.context["page"].paginator.count, 2)

    def test_it_shows_indicator_spans_as_marks_with_their_explanation(self):
        r = self.client.get(reverse("ads:detail", kwargs={"ad_id": self.flagged.pk}))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "<mark title=")
        self.assertContains(r, "Ik ben 16</mark>")

    def test_it_shows_the_capture_in_a_sandboxed_frame_with_its_hash(self):
        r = self.client.get(reverse("ads:detail", kwargs={"ad_id": self.flagged.pk}))
        version = self.flagged.versions.get()
        self.assertContains(r, version.response_sha256)
        self.assertContains(r, '<iframe class="capture" sandbox srcdoc="')
        body = r.content.decode()
        self.assertNotIn("<script>alert", body)  # escaped inside srcdoc, never live markup
        self.assertIn("&lt;script&gt;alert", body)

    def test_it_audits_every_view_of_an_ad(self):
        url = reverse("ads:detail", kwargs={"ad_id": self.flagged.pk})
        self.client.get(url)
        self.client.get(url)
        events = AuditEvent.objects.filter(action="ad.view", object_id=str(self.flagged.pk))
        self.assertEqual(events.count(), 2)
        self.assertEqual(events.first().actor, self.investigator)

    def test_it_answers_404_for_an_unknown_ad(self):
        r = self.client.get(reverse("ads:detail", kwargs={"ad_id": 999999}))
        self.assertEqual(r.status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(action="ad.view").exists())


class SourceAndRunViewTests(SignaalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.ad = make_ad()
        cls.source = cls.ad.source

    def setUp(self):
        self.login(self.investigator)

    def test_it_lists_sources_with_their_last_run(self):
        r = self.client.get(reverse("ads:sources"))
        self.assertContains(r, "fixture-html")
        self.assertContains(r, "status-finished")

    def test_it_queues_a_crawl_now_and_hands_it_to_the_worker(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            r = self.client.post(reverse("ads:source_crawl", kwargs={"source_id": self.source.pk}))
        run = CrawlRun.objects.filter(status=CrawlRun.Status.QUEUED).get()
        self.assertRedirects(
            r, reverse("ads:run", kwargs={"run_id": run.pk}), fetch_redirect_response=False
        )
        self.assertEqual(run.requested_by, self.investigator)
        self.assertEqual(len(callbacks), 1)
        self.assertTrue(
            AuditEvent.objects.filter(action="crawl.request", object_id=str(run.pk)).exists()
        )

    def test_it_refuses_a_second_crawl_while_one_is_active(self):
        CrawlRun.objects.create(source=self.source, job="", status=CrawlRun.Status.QUEUED)
        r = self.client.post(reverse("ads:source_crawl", kwargs={"source_id": self.source.pk}))
        self.assertRedirects(r, reverse("ads:sources"), fetch_redirect_response=False)
        self.assertEqual(CrawlRun.objects.filter(status=CrawlRun.Status.QUEUED).count(), 1)

    def test_it_refuses_crawl_now_over_get(self):
        r = self.client.get(reverse("ads:source_crawl", kwargs={"source_id": self.source.pk}))
        self.assertEqual(r.status_code, 405)

    def test_it_refreshes_the_page_of_an_active_run_without_scripts(self):
        run = CrawlRun.objects.create(
            source=self.source, job="x", status=CrawlRun.Status.RUNNING, pages=12
        )
        r = self.client.get(reverse("ads:run", kwargs={"run_id": run.pk}))
        self.assertEqual(r["Refresh"], "3")
        self.assertContains(r, "12")
        self.assertNotContains(r, "<script")
        done = self.ad.last_run
        self.assertFalse(
            self.client.get(reverse("ads:run", kwargs={"run_id": done.pk})).has_header("Refresh")
        )

    def test_it_syncs_sources_from_the_shipped_profiles_for_an_admin(self):
        self.client.logout()
        self.login(self.admin_user)
        self.client.post(reverse("ads:sources_sync"))
        self.assertTrue(Source.objects.filter(name="fixture-json").exists())


class ScheduleTests(SignaalTestCase):
    def test_it_queues_a_source_whose_schedule_is_due_once(self):
        source = make_ad().source
        Source.objects.filter(pk=source.pk).update(schedule="* * * * *")
        CrawlRun.objects.update(created_at="2020-01-01T00:00:00Z")
        with self.captureOnCommitCallbacks(execute=False):
            self.assertEqual(tasks.crawl_due_sources.call_local(), 1)
            self.assertEqual(tasks.crawl_due_sources.call_local(), 0)  # already queued
        self.assertEqual(CrawlRun.objects.filter(status=CrawlRun.Status.QUEUED).count(), 1)

    def test_it_leaves_sources_that_are_not_due(self):
        source = make_ad().source
        Source.objects.filter(pk=source.pk).update(schedule="0 0 1 1 *")
        self.assertEqual(tasks.crawl_due_sources.call_local(), 0)


class CrawlTaskTests(SignaalTestCase):
    def test_it_runs_a_queued_crawl_as_its_own_process(self):
        from unittest import mock

        source = make_ad().source
        Source.objects.filter(pk=source.pk).update(base_url="http://127.0.0.1:8801")
        run = CrawlRun.objects.create(source=source, job="", status=CrawlRun.Status.QUEUED)
        with mock.patch("signaal.crawling.tasks.subprocess.run") as run_process:
            run_process.return_value.returncode = 0
            self.assertEqual(tasks.crawl_run.call_local(run.pk), 0)
        args = run_process.call_args.args[0]
        self.assertEqual(args[1:4], ["-m", "signaal.cli", "crawl"])
        self.assertIn("--run", args)
        self.assertEqual(args[-2:], ["--base-url", "http://127.0.0.1:8801"])


class DeadRunTests(SignaalTestCase):
    def test_the_periodic_task_closes_a_run_whose_process_died(self):
        import socket
        import subprocess

        gone = subprocess.Popen(["true"])
        gone.wait()
        source = make_ad().source
        run = CrawlRun.objects.create(
            source=source,
            job="x",
            status=CrawlRun.Status.RUNNING,
            pid=gone.pid,
            hostname=socket.gethostname(),
        )
        tasks.crawl_due_sources.call_local()
        run.refresh_from_db()
        self.assertEqual(run.status, CrawlRun.Status.INTERRUPTED)
        self.assertIn("continues where it left off", run.message)


class AdminViewTests(SignaalTestCase):
    def test_an_admin_sees_sources_without_a_link_to_ad_content(self):
        make_ad()
        self.login(self.admin_user)
        r = self.client.get(reverse("ads:sources"))
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, f'href="{reverse("ads:list")}"')
        self.assertContains(r, reverse("ads:sources_sync"))
