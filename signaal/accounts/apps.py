from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "signaal.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"
