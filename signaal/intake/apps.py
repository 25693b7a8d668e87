from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "signaal.intake"
    label = "intake"
    verbose_name = "Meldpunt"

    def ready(self):
        from signaal import demo
        from signaal.intake.demo import populate_reports
        from signaal.intake.queries import report_queue_counts
        from signaal.staff.queries import QUEUE_SOURCES

        if report_queue_counts not in QUEUE_SOURCES:
            QUEUE_SOURCES.append(report_queue_counts)
        if populate_reports not in demo.POPULATORS:
            demo.POPULATORS.append(populate_reports)
