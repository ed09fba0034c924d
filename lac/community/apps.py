from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CommunityConfig(AppConfig):
    name = "lac.community"
    label = "community"
    verbose_name = gettext_lazy("Community assets, connections and contributions")
