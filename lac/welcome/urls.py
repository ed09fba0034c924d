from django.urls import path

from lac.welcome import introducer_views, link_views, views

app_name = "welcome"
urlpatterns = [
    path("introduce/<slug:slug>/", views.introduce, name="introduce"),
    path("introduce/<slug:slug>/thank-you/", views.thanks, name="thanks"),
    path("partners/", views.partner_home, name="partner_home"),
    path("partners/<slug:slug>/new/", views.partner_new, name="partner_new"),
    path("partners/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("partners/news/<int:pk>.pdf", views.news_pdf, name="news_pdf"),
    path("partners/news/<int:pk>.json", views.news_fhir, name="news_fhir"),
    path("introducers/", introducer_views.introducers, name="introducers"),
    path("<int:pk>/", views.welcome, name="welcome"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/news/", views.news, name="news"),
    path("<int:pk>/news/<int:news_pk>/link/", link_views.news_link, name="news_link"),
]
