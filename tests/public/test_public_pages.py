from django.test import TestCase

# Every public page; later issues add theirs, and each must pass these tests.
PUBLIC_PAGES = ["/", "/en/"]


class PublicPageTests(TestCase):
    def test_it_sets_no_cookies_on_pages_without_a_form(self):
        for url in PUBLIC_PAGES:
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 200)
                self.assertEqual(dict(r.cookies), {})

    def test_it_shows_the_quick_exit_on_every_page(self):
        for url in PUBLIC_PAGES:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), "data-quick-exit")

    def test_it_sends_a_strict_content_security_policy(self):
        csp = self.client.get("/").headers["Content-Security-Policy"]
        self.assertIn("default-src 'none'", csp)
        self.assertIn("script-src 'self'", csp)
        self.assertNotIn("unsafe-inline", csp)

    def test_it_speaks_dutch_by_default(self):
        r = self.client.get("/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(r, '<html lang="nl">')
        self.assertContains(r, "Meld het")

    def test_it_speaks_english_under_en(self):
        r = self.client.get("/en/")
        self.assertContains(r, '<html lang="en">')
        self.assertContains(r, "Report it")

    def test_it_switches_language_with_a_plain_link(self):
        self.assertContains(self.client.get("/"), 'href="/en/"')
        self.assertContains(self.client.get("/en/"), 'href="/"')

    def test_it_loads_nothing_from_other_sites(self):
        import re

        for url in PUBLIC_PAGES:
            html = self.client.get(url).content.decode()
            for src in re.findall(r'(?:src|href)="([^"]+)"', html):
                if "data-quick-exit" in html and src.startswith("https://www.google.nl"):
                    continue  # the quick-exit link itself, a navigation, not an asset
                with self.subTest(url=url, src=src):
                    self.assertFalse(src.startswith(("http:", "https:", "//")), src)

    def test_it_refuses_a_post_to_the_home_page(self):
        self.assertEqual(self.client.post("/").status_code, 405)
