from django.urls import path

from govdx.estate import views

app_name = "estate"

urlpatterns = [
    path("", views.home, name="home"),
    path("devices/", views.DeviceList.as_view(), name="device_list"),
    path("devices/<int:pk>/", views.DeviceDetail.as_view(), name="device_detail"),
    path("devices/<int:pk>/change/", views.DeviceEdit.as_view(), name="device_change"),
    path("products/", views.ProductList.as_view(), name="product_list"),
    path("products/<slug:slug>/", views.ProductDetail.as_view(), name="product_detail"),
    path("products/<slug:slug>/<str:cycle>/", views.CycleDetail.as_view(), name="cycle_detail"),
    path("supplements/add/", views.supplement_add, name="supplement_add"),
    path("supplements/<slug:slug>/change/", views.supplement_change, name="supplement_change"),
    path("supplements/<slug:slug>/delete/", views.supplement_delete, name="supplement_delete"),
    path(
        "supplements/<slug:slug>/cycles/add/",
        views.supplement_cycle_add,
        name="supplement_cycle_add",
    ),
    path(
        "supplements/<slug:slug>/cycles/<str:cycle>/change/",
        views.supplement_cycle_change,
        name="supplement_cycle_change",
    ),
    path(
        "supplements/<slug:slug>/cycles/<str:cycle>/delete/",
        views.supplement_cycle_delete,
        name="supplement_cycle_delete",
    ),
    path("software/<int:pk>/", views.software_detail, name="software_detail"),
    path("unmatched/", views.unmatched_list, name="unmatched_list"),
    path("unmatched/map/", views.mapping_add, name="mapping_add"),
    path("sources/", views.SourceList.as_view(), name="source_list"),
    path("sources/<int:pk>/", views.SourceDetail.as_view(), name="source_detail"),
    path("sources/<int:pk>/change/", views.SourceEdit.as_view(), name="source_change"),
    path("imports/", views.BatchList.as_view(), name="batch_list"),
    path("imports/new/", views.batch_add, name="batch_add"),
    path("imports/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("applications/", views.ApplicationList.as_view(), name="application_list"),
    path("applications/add/", views.ApplicationEdit.as_view(), name="application_add"),
    path("applications/<int:pk>/", views.ApplicationDetail.as_view(), name="application_detail"),
    path(
        "applications/<int:pk>/change/", views.ApplicationEdit.as_view(), name="application_change"
    ),
    path(
        "applications/<int:pk>/delete/",
        views.ApplicationDelete.as_view(),
        name="application_delete",
    ),
    path("returns/", views.return_list, name="return_list"),
    path("returns/ask/", views.return_add, name="return_add"),
    path("settings/", views.settings_change, name="settings_change"),
]
