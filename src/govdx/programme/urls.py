from django.urls import path

from govdx.programme import views

app_name = "programme"

urlpatterns = [
    path("", views.home, name="home"),
    path("import/", views.plan_import, name="plan_import"),
    path("return.xlsx", views.major_project_return, name="major_project_return"),
    path("projects/", views.ProjectList.as_view(), name="project_list"),
    path("projects/add/", views.ProjectEdit.as_view(), name="project_add"),
    path("projects/<int:pk>/", views.ProjectDetail.as_view(), name="project_detail"),
    path("projects/<int:pk>/change/", views.ProjectEdit.as_view(), name="project_change"),
    path("projects/<int:pk>/delete/", views.ProjectDelete.as_view(), name="project_delete"),
    path("projects/<int:pk>/simulation/", views.project_simulation, name="project_simulation"),
    path("projects/<int:pk>/baselines/add/", views.baseline_add, name="baseline_add"),
    path("projects/<int:pk>/status/add/", views.StatusReportAdd.as_view(), name="statusreport_add"),
    path("status/<int:pk>/", views.status_report_detail, name="statusreport_detail"),
    path("status/<int:pk>/change/", views.StatusReportChange.as_view(), name="statusreport_change"),
    path(
        "projects/<int:pk>/gate-reviews/add/", views.GateReviewAdd.as_view(), name="gatereview_add"
    ),
    path(
        "gate-reviews/<int:pk>/recommendations/add/",
        views.RecommendationAdd.as_view(),
        name="recommendation_add",
    ),
    path("projects/<int:pk>/benefits/add/", views.BenefitAdd.as_view(), name="benefit_add"),
    path("benefits/<int:pk>/change/", views.BenefitChange.as_view(), name="benefit_change"),
    path("benefits/<int:pk>/delete/", views.BenefitDelete.as_view(), name="benefit_delete"),
    path(
        "benefits/<int:pk>/actuals/add/",
        views.BenefitActualAdd.as_view(),
        name="benefitactual_add",
    ),
    path("projects/<int:pk>/money/", views.project_money, name="project_money"),
    path("projects/<int:pk>/costs/add/", views.ActualCostAdd.as_view(), name="actualcost_add"),
    path("projects/<int:pk>/costs/import/", views.actuals_import, name="actuals_import"),
    path(
        "activities/<int:pk>/progress/",
        views.ActivityProgressChange.as_view(),
        name="activity_progress",
    ),
    path(
        "recommendations/<int:pk>/close/",
        views.recommendation_close,
        name="recommendation_close",
    ),
]
