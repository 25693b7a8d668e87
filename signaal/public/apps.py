from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "signaal.public"
    label = "public"
    verbose_name = "Public pages"
