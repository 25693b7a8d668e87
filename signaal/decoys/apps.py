from django.apps import AppConfig


class DecoysConfig(AppConfig):
    name = "signaal.decoys"
    label = "decoys"
    verbose_name = "Decoys"
