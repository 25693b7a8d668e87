from django.apps import AppConfig


class CrawlingConfig(AppConfig):
    name = "signaal.crawling"
    label = "crawling"
    verbose_name = "Crawling and ads"

    def ready(self):
        from signaal import demo
        from signaal.crawling.demo import flagged_ads_count, populate_ads
        from signaal.staff.queries import QUEUE_SOURCES

        if populate_ads not in demo.POPULATORS:
            demo.POPULATORS.append(populate_ads)
        if flagged_ads_count not in QUEUE_SOURCES:
            QUEUE_SOURCES.append(flagged_ads_count)
