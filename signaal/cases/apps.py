from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "signaal.cases"
    label = "cases"
    verbose_name = "Cases"
