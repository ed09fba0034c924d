"""URL map of the whole site: each app owns its own URLs under a clear prefix."""

from django.contrib import admin
from django.urls import include, path

from lac.api.api import api
from lac.casework.person_page import person_detail
from lac.community.openreferral import views as openreferral_views
from lac.people import urls as people_urls
from lac.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", web_views.healthz, name="healthz"),
    path("accounts/", include("lac.accounts.urls")),
    # The person page is composed in casework (above people in the layers), under people's name.
    path(
        "people/",
        include(
            (
                [path("<int:pk>/", person_detail, name="detail"), *people_urls.urlpatterns],
                people_urls.app_name,
            )
        ),
    ),
    path("casework/", include("lac.casework.urls")),
    path("outcomes/", include("lac.outcomes.urls")),
    path("community/", include("lac.community.urls")),
    path("safety/", include("lac.safety.urls")),
    # One-time links a person opens on their own phone, without signing in.
    path("my/", include("lac.selfservice.urls")),
    path("openreferral", openreferral_views.root),  # the bare stub, answered with CORS
    path("openreferral/", include("lac.community.openreferral.urls")),
    path("imports/", include("lac.imports.urls")),
    path("evaluation/", include("lac.evaluation.urls")),
    path("reports/", include("lac.reports.urls")),
    path("api/tokens/", include("lac.api.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "lac.web.views.bad_request"
handler403 = "lac.web.views.permission_denied"
handler404 = "lac.web.views.page_not_found"
handler500 = "lac.web.views.server_error"
