"""The Open Referral paths: the installation's feed and each programme's.

Every path is answered with or without a trailing slash (consumers use
both), directly and with CORS, never redirected without it; the bare
``/openreferral`` stub is routed to ``views.root`` beside this include
(``lac/urls.py``). The installation-wide paths come first, so
``/openreferral/services`` is never read as a programme called "services".
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


urlpatterns = [
    re_path(rf"^{path}/?$" if path else r"^$", view, name=name) for path, view, name in ENDPOINTS
] + [
    re_path(
        rf"^{PROGRAMME}/{path}/?$" if path else rf"^{PROGRAMME}/?$", view, name=f"programme_{name}"
    )
    for path, view, name in ENDPOINTS
]
