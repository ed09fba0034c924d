from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AccountsConfig(AppConfig):
    name = "lac.accounts"
    label = "accounts"
    verbose_name = gettext_lazy("Accounts, programmes and roles")
