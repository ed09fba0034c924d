from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "lac.community"
    label = "community"
    verbose_name = "Community assets, connections and contributions"
