from django.urls import path

from govdx.risk import views

app_name = "risk"

urlpatterns = [
    path("", views.home, name="home"),
    path("registers/", views.RegisterList.as_view(), name="register_list"),
    path("registers/add/", views.RegisterEdit.as_view(), name="register_add"),
    path("registers/<int:pk>/", views.RegisterDetail.as_view(), name="register_detail"),
    path("registers/<int:pk>/change/", views.RegisterEdit.as_view(), name="register_change"),
    path("risks/", views.RiskList.as_view(), name="risk_list"),
    path("risks/add/", views.RiskEdit.as_view(), name="risk_add"),
    path("risks/<int:pk>/", views.RiskDetail.as_view(), name="risk_detail"),
    path("risks/<int:pk>/change/", views.RiskEdit.as_view(), name="risk_change"),
]
