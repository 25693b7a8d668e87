from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "signaal.audit"
    label = "audit"
    verbose_name = "Audit log"
