from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "signaal.intake"
    label = "intake"
    verbose_name = "Meldpunt"
