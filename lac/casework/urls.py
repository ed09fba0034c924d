from django.urls import path

from lac.casework import closure_follow_up_views, plan_views, reassignment_views, team_views, views

app_name = "casework"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("team/", team_views.team, name="team"),
    path("follow-ups/", closure_follow_up_views.follow_ups_due_list, name="follow_ups"),
    path(
        "follow-ups/settings/<slug:slug>/",
        closure_follow_up_views.follow_up_settings,
        name="follow_up_settings",
    ),
    path(
        "people/<int:pk>/follow-up/link/",
        closure_follow_up_views.follow_up_link,
        name="follow_up_link",
    ),
    path(
        "people/<int:pk>/follow-up/not-answered/",
        closure_follow_up_views.follow_up_not_answered,
        name="follow_up_not_answered",
    ),
    path(
        "team/missing-outcomes/<slug:gap>/",
        team_views.missing_outcomes,
        name="missing_outcomes",
    ),
    path("team/lists-viewed/", team_views.lists_viewed, name="lists_viewed"),
    path("team/pass-on/", reassignment_views.caseload_pass_on, name="pass_on"),
    path(
        "people/<int:pk>/coordinator/",
        reassignment_views.person_coordinator,
        name="person_coordinator",
    ),
    path(
        "handovers/<int:pk>/dismiss/",
        reassignment_views.handover_dismiss,
        name="handover_dismiss",
    ),
    path("introductions/new/", views.introduction_new, name="introduction_new"),
    path("introductions/duplicates/", views.duplicate_check, name="duplicates"),
    path("people/<int:pk>/introductions/new/", views.reintroduce, name="reintroduce"),
    path("people/<int:pk>/conversations/", views.conversation_list, name="conversations"),
    path("people/<int:pk>/conversations/new/", views.conversation_new, name="conversation_new"),
    path("people/<int:pk>/level/", views.level_edit, name="level"),
    path("people/<int:pk>/status/", views.status_edit, name="status"),
    path("people/<int:pk>/closure/", views.closure_outcome, name="closure_outcome"),
    path("people/<int:pk>/next-contact/", views.next_contact_edit, name="next_contact"),
    path("people/<int:pk>/vision/", views.vision_edit, name="vision"),
    path("people/<int:pk>/plan/", plan_views.good_life_plan, name="plan"),
    path("people/<int:pk>/plan.pdf", plan_views.good_life_plan_download, name="plan_pdf"),
    path("people/<int:pk>/plan/link/", plan_views.good_life_plan_link, name="plan_link"),
    path("people/<int:pk>/goals/new/", views.goal_new, name="goal_new"),
    path(
        "people/<int:pk>/goals/<int:goal_pk>/progress/", views.goal_progress, name="goal_progress"
    ),
    path("people/<int:pk>/goals/<int:goal_pk>/steps/new/", views.step_new, name="step_new"),
    path(
        "people/<int:pk>/steps/<int:step_pk>/progress/", views.step_progress, name="step_progress"
    ),
]
