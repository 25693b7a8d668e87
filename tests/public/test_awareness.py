from django.test import TestCase

AWARENESS_PAGES = ["/hulp/", "/loverboys/", "/signalen/", "/grooming/"]

TITLES = {
    "/hulp/": ("Waar vind je hulp?", "Where can you find help?"),
    "/loverboys/": ("Wat is een loverboy?", "What is a loverboy?"),
    "/signalen/": ("Signalen herkennen", "Recognising the signs"),
    "/grooming/": ("Hoe grooming online begint", "How online grooming starts"),
}


class AwarenessPageTests(TestCase):
    def test_it_has_a_title_in_dutch_and_in_english(self):
        for path in AWARENESS_PAGES:
            dutch, english = TITLES[path]
            with self.subTest(path=path):
                self.assertContains(self.client.get(path), f"<h1>{dutch}</h1>")
                self.assertContains(self.client.get("/en" + path), f"<h1>{english}</h1>")

    def test_it_leaves_no_dutch_behind_on_the_english_pages(self):
        for path in ["/", "/melden/", "/opvolgen/", *AWARENESS_PAGES]:
            with self.subTest(path=path):
                html = self.client.get("/en" + path).content.decode()
                for dutch in ("Melding maken", "Wat is er gebeurd", "niet verplicht", " je "):
                    self.assertNotIn(dutch, html)

    def test_it_points_to_the_report_form(self):
        for path in ["/loverboys/", "/signalen/", "/grooming/"]:
            with self.subTest(path=path):
                self.assertContains(self.client.get(path), 'href="/melden/"')

    def test_it_refuses_a_post(self):
        self.assertEqual(self.client.post("/hulp/").status_code, 405)
