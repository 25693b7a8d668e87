from django.test import TestCase

# Every public page; later issues add theirs, and each must pass these tests.
AWARENESS_PAGES = ["/hulp/", "/loverboys/", "/signalen/", "/grooming/"]
FORM_PAGES = ["/melden/", "/opvolgen/"]
_DUTCH = ["/", *FORM_PAGES, *AWARENESS_PAGES]
PUBLIC_PAGES = [*_DUTCH, *("/en" + path for path in _DUTCH)]


class PublicPageTests(TestCase):
    def test_it_sets_no_cookies_on_pages_without_a_form(self):
        for url in PUBLIC_PAGES:
            if url.removeprefix("/en") in FORM_PAGES:
                continue
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 200)
                self.assertEqual(dict(r.cookies), {})

    def test_it_sets_only_the_csrf_cookie_on_pages_with_a_form(self):
        for url in FORM_PAGES + ["/en" + path for path in FORM_PAGES]:
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 200)
                self.assertEqual(set(r.cookies), {"csrftoken"})
                self.assertTrue(r.cookies["csrftoken"]["httponly"])

    def test_it_uses_no_inline_styles_or_scripts(self):
        import re

        for url in PUBLIC_PAGES:
            with self.subTest(url=url):
                html = self.client.get(url).content.decode()
                self.assertNotIn("style=", html)
                self.assertNotIn("<style", html)
                self.assertIsNone(re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html))
                self.assertNotRegex(html, r"\son[a-z]+=")

    def test_it_links_the_awareness_pages_from_the_home_page_and_the_form(self):
        for url in ("/", "/melden/"):
            html = self.client.get(url).content.decode()
            for page in AWARENESS_PAGES:
                with self.subTest(url=url, page=page):
                    self.assertIn(f'href="{page}"', html)

    def test_it_lists_the_help_lines(self):
        r = self.client.get("/hulp/")
        for number in ("112", "0900-8844", "0800-2000", "0800-0188", "0800-0432", "Helpwanted"):
            with self.subTest(number=number):
                self.assertContains(r, number)

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
