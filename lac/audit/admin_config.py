"""Django's admin app with lac's own site (:mod:`lac.audit.admin_site`).

Apart from the site because an app's configuration is imported before any model
can be, and the site needs models.
"""

from django.contrib.admin.apps import AdminConfig


class LacAdminConfig(AdminConfig):
    default_site = "lac.audit.admin_site.LacAdminSite"
