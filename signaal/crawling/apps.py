from django.apps import AppConfig


class CrawlingConfig(AppConfig):
    name = "signaal.crawling"
    label = "crawling"
    verbose_name = "Crawling and ads"
