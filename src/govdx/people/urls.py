from typing import Any

from django.urls import URLPattern, path

from govdx.people import views

app_name = "people"


def crud(prefix: str, name: str, listing: Any, edit: Any, delete: Any) -> list[URLPattern]:
    """A register's list, add, change and delete pages under `prefix`."""
    return [
        path(prefix, listing.as_view(), name=f"{name}_list"),
        path(f"{prefix}add/", edit.as_view(), name=f"{name}_add"),
        path(f"{prefix}<int:pk>/change/", edit.as_view(), name=f"{name}_change"),
        path(f"{prefix}<int:pk>/delete/", delete.as_view(), name=f"{name}_delete"),
    ]


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
    path("pulses/", views.PulseSurveyList.as_view(), name="pulsesurvey_list"),
    path("pulses/import/", views.pulse_import, name="pulsesurvey_import"),
    path("pulses/trends/", views.pulse_trends, name="pulse_trends"),
    path("pulses/<int:pk>/", views.pulse_detail, name="pulsesurvey_detail"),
    path("gates/", views.gate_list, name="readinessgate_list"),
    path("gates/add/", views.ReadinessGateEdit.as_view(), name="readinessgate_add"),
    path("gates/<int:pk>/change/", views.ReadinessGateEdit.as_view(), name="readinessgate_change"),
    path(
        "gates/<int:pk>/delete/", views.ReadinessGateDelete.as_view(), name="readinessgate_delete"
    ),
    path("skills/", views.SkillsFrameworkList.as_view(), name="skillsframework_list"),
    path("skills/import/", views.framework_import, name="skillsframework_import"),
    path("skills/<int:pk>/", views.SkillsFrameworkDetail.as_view(),
         name="skillsframework_detail"),
    path("skills/<int:pk>/change/", views.SkillsFrameworkEdit.as_view(),
         name="skillsframework_change"),
    path("skills/gaps/", views.gap_map, name="skills_gap_map"),
    path("skills/people/<int:pk>/", views.person_skills, name="person_skills"),
    *crud("skills/roles/", "staffrole", views.StaffRoleList, views.StaffRoleEdit,
          views.StaffRoleDelete),
    *crud("skills/assessments/", "skillassessment", views.SkillAssessmentList,
          views.SkillAssessmentEdit, views.SkillAssessmentDelete),
    *crud("training/", "trainingplan", views.TrainingPlanList, views.TrainingPlanEdit,
          views.TrainingPlanDelete),
]  # fmt: skip
