from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lac.audit"
    label = "audit"
    verbose_name = "Audit of who saw or changed which record"
