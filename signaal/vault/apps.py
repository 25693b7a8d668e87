from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "signaal.vault"
    label = "vault"
    verbose_name = "Vault"
