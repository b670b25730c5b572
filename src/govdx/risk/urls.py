from django.urls import path

from govdx.risk import views

app_name = "risk"

urlpatterns = [
    path("", views.home, name="home"),
    path("heat-map/", views.heat_map, name="heat_map"),
    path("appetite/", views.appetite, name="appetite"),
    path("appetite/add/", views.StatementAdd.as_view(), name="statement_add"),
    path("appetite/<int:pk>/approve/", views.statement_approve, name="statement_approve"),
    path("appetite/<int:pk>/withdraw/", views.statement_withdraw, name="statement_withdraw"),
    path("categories/", views.category_list, name="riskcategory_list"),
    path("categories/add/", views.CategoryEdit.as_view(), name="riskcategory_add"),
    path("categories/<int:pk>/change/", views.CategoryEdit.as_view(), name="riskcategory_change"),
    path("matrix/", views.matrix, name="matrix"),
    path("risks/<int:pk>/links/add/", views.RiskLinkAdd.as_view(), name="risklink_add"),
    path("links/<int:pk>/remove/", views.risk_link_remove, name="risklink_remove"),
    path("as-at/", views.register_as_at, name="register_as_at"),
    path("exposure/", views.exposure, name="exposure"),
    path("exposure/tolerance/", views.LossToleranceAdd.as_view(), name="losstolerance_add"),
    path("registers/", views.RegisterList.as_view(), name="register_list"),
    path("registers/add/", views.RegisterEdit.as_view(), name="register_add"),
    path("registers/<int:pk>/", views.RegisterDetail.as_view(), name="register_detail"),
    path("registers/<int:pk>/change/", views.RegisterEdit.as_view(), name="register_change"),
    path("risks/", views.RiskList.as_view(), name="risk_list"),
    path("risks/add/", views.RiskEdit.as_view(), name="risk_add"),
    path("risks/<int:pk>/", views.RiskDetail.as_view(), name="risk_detail"),
    path("risks/<int:pk>/change/", views.RiskEdit.as_view(), name="risk_change"),
    path("risks/<int:pk>/review/", views.ReviewRecord.as_view(), name="risk_review"),
    path("risks/<int:pk>/escalate/", views.Escalate.as_view(), name="risk_escalate"),
    path("risks/<int:pk>/controls/add/", views.ControlAdd.as_view(), name="control_add"),
    path("risks/<int:pk>/actions/add/", views.ActionAdd.as_view(), name="action_add"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path(
        "risks/<int:pk>/acceptances/add/", views.AcceptanceSubmit.as_view(), name="acceptance_add"
    ),
    path("acceptances/<int:pk>/", views.acceptance_detail, name="acceptance_detail"),
    path(
        "acceptances/<int:pk>/decide/",
        views.AcceptanceDecide.as_view(),
        name="acceptance_decide",
    ),
    path(
        "acceptances/<int:pk>/revoke/",
        views.AcceptanceRevoke.as_view(),
        name="acceptance_revoke",
    ),
]
