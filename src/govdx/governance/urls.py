from django.urls import path

from govdx.governance import views

app_name = "governance"

urlpatterns = [
    path("", views.home, name="home"),
    path("boards/", views.BoardList.as_view(), name="board_list"),
    path("boards/add/", views.BoardEdit.as_view(), name="board_add"),
    path("boards/<int:pk>/", views.BoardDetail.as_view(), name="board_detail"),
    path("boards/<int:pk>/change/", views.BoardEdit.as_view(), name="board_change"),
    path("boards/<int:pk>/delete/", views.BoardDelete.as_view(), name="board_delete"),
    path("boards/<int:pk>/members/add/", views.MembershipAdd.as_view(), name="membership_add"),
    path("members/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("boards/<int:pk>/meetings/add/", views.MeetingAdd.as_view(), name="meeting_add"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/change/", views.MeetingChange.as_view(), name="meeting_change"),
    path("meetings/<int:pk>/papers/add/", views.PaperAdd.as_view(), name="paper_add"),
    path("papers/", views.PaperList.as_view(), name="paper_list"),
    path("papers/<int:pk>/", views.paper_detail, name="paper_detail"),
    path("papers/<int:pk>/change/", views.PaperChange.as_view(), name="paper_change"),
    path("papers/<int:pk>/file/", views.paper_download, name="paper_download"),
    path("decisions/", views.DecisionList.as_view(), name="decision_list"),
    path("decisions/add/", views.DecisionEdit.as_view(), name="decision_add"),
    path("decisions/<int:pk>/", views.DecisionDetail.as_view(), name="decision_detail"),
    path("decisions/<int:pk>/change/", views.DecisionEdit.as_view(), name="decision_change"),
    path("decisions/<int:pk>/delete/", views.DecisionDelete.as_view(), name="decision_delete"),
    path("actions/", views.BoardActionList.as_view(), name="boardaction_list"),
    path("actions/add/", views.BoardActionEdit.as_view(), name="boardaction_add"),
    path("actions/<int:pk>/", views.BoardActionDetail.as_view(), name="boardaction_detail"),
    path("actions/<int:pk>/change/", views.BoardActionEdit.as_view(), name="boardaction_change"),
    path("actions/<int:pk>/delete/", views.BoardActionDelete.as_view(), name="boardaction_delete"),
    path("actions/<int:pk>/complete/", views.action_complete, name="boardaction_complete"),
    path("projects/<int:pk>/raci/", views.raci, name="raci"),
    path("projects/<int:pk>/raci/import/", views.raci_import, name="raci_import"),
    path("check/", views.check_report, name="check"),
    path("maturity/", views.maturity, name="maturity"),
    path(
        "maturity/departments/<int:pk>/",
        views.maturity_department,
        name="maturity_department",
    ),
    path(
        "maturity/departments/<int:pk>/assess/",
        views.MaturityAssessmentAdd.as_view(),
        name="maturityassessment_add",
    ),
]
