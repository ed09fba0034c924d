"""The Open Referral paths: the installation's feed and each programme's.

Mounted at ``openreferral`` with no trailing slash, so the bare stub, and
every path with or without a trailing slash (consumers use both), is
answered directly, with CORS, rather than redirected without it. The
installation-wide paths come first, so ``/openreferral/services`` is never
read as a programme called "services".
"""

from django.urls import re_path

from lac.community.openreferral import views

app_name = "openreferral"

ID = r"(?P<{}>[^/]+)"
PROGRAMME = r"(?P<programme>[-a-zA-Z0-9_]+)"

ENDPOINTS = [
    ("", views.root, "root"),
    ("services", views.services, "services"),
    (f"services/{ID.format('service_id')}", views.service, "service"),
    ("organizations", views.organizations, "organizations"),
    (f"organizations/{ID.format('organization_id')}", views.organization, "organization"),
    ("taxonomies", views.taxonomies, "taxonomies"),
    (f"taxonomies/{ID.format('taxonomy_id')}", views.taxonomy, "taxonomy"),
    ("taxonomy_terms", views.taxonomy_terms, "taxonomy_terms"),
    (f"taxonomy_terms/{ID.format('term_id')}", views.taxonomy_term, "taxonomy_term"),
    ("service_at_locations", views.service_at_locations, "service_at_locations"),
    (
        f"service_at_locations/{ID.format('sal_id')}",
        views.service_at_location,
        "service_at_location",
    ),
]


def _pattern(prefix: str, path: str) -> str:
    return rf"^{prefix}/{path}/?$" if path else rf"^{prefix}/?$"


urlpatterns = [re_path(_pattern("", path), view, name=name) for path, view, name in ENDPOINTS] + [
    re_path(_pattern(f"/{PROGRAMME}", path), view, name=f"programme_{name}")
    for path, view, name in ENDPOINTS
]
