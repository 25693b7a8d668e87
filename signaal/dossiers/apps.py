from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "signaal.dossiers"
    label = "dossiers"
    verbose_name = "Dossiers"
