from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lac.accounts"
    label = "accounts"
    verbose_name = "Accounts, programmes and roles"
