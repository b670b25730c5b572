from django.urls import path

from govdx.people import views

app_name = "people"

urlpatterns = [
    path("", views.home, name="home"),
    path("groups/", views.PeopleGroupList.as_view(), name="peoplegroup_list"),
    path("groups/add/", views.PeopleGroupEdit.as_view(), name="peoplegroup_add"),
    path("groups/<int:pk>/", views.PeopleGroupDetail.as_view(), name="peoplegroup_detail"),
    path("groups/<int:pk>/change/", views.PeopleGroupEdit.as_view(), name="peoplegroup_change"),
    path("groups/<int:pk>/delete/", views.PeopleGroupDelete.as_view(), name="peoplegroup_delete"),
    path("impact/", views.impact_map, name="impact_map"),
    path("impacts/", views.ChangeImpactList.as_view(), name="changeimpact_list"),
    path("impacts/add/", views.ChangeImpactEdit.as_view(), name="changeimpact_add"),
    path("impacts/<int:pk>/change/", views.ChangeImpactEdit.as_view(), name="changeimpact_change"),
    path(
        "impacts/<int:pk>/delete/", views.ChangeImpactDelete.as_view(), name="changeimpact_delete"
    ),
    path("surveys/", views.SurveyList.as_view(), name="survey_list"),
    path("surveys/import/", views.readiness_import, name="survey_import"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("gates/", views.gate_list, name="readinessgate_list"),
    path("gates/add/", views.ReadinessGateEdit.as_view(), name="readinessgate_add"),
    path("gates/<int:pk>/change/", views.ReadinessGateEdit.as_view(), name="readinessgate_change"),
    path(
        "gates/<int:pk>/delete/", views.ReadinessGateDelete.as_view(), name="readinessgate_delete"
    ),
]
