from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "signaal.staff"
    label = "staff"
    verbose_name = "Staff pages"
