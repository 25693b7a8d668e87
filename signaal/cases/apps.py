from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "signaal.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self):
        from signaal import demo
        from signaal.cases.demo import populate_case

        if populate_case not in demo.POPULATORS:
            demo.POPULATORS.append(populate_case)
