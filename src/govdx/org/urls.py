from django.urls import path

from govdx.org import views

app_name = "org"

urlpatterns = [
    path("", views.organisation_detail, name="organisation_detail"),
    path("change/", views.OrganisationEditView.as_view(), name="organisation_change"),
    path("import/", views.staff_list_import, name="staff_list_import"),
    path("users/", views.UserList.as_view(), name="user_list"),
    path("users/add/", views.UserEdit.as_view(), name="user_add"),
    path("users/<int:pk>/", views.UserDetail.as_view(), name="user_detail"),
    path("users/<int:pk>/change/", views.UserEdit.as_view(), name="user_change"),
    path("users/<int:pk>/roles/add/", views.user_role_add, name="user_role_add"),
    path(
        "users/<int:pk>/roles/<int:assignment>/remove/",
        views.user_role_remove,
        name="user_role_remove",
    ),
]

for noun, plural, list_view, detail, edit, delete in (
    (
        "department",
        "departments",
        views.DepartmentList,
        views.DepartmentDetail,
        views.DepartmentEdit,
        views.DepartmentDelete,
    ),
    (
        "person",
        "people",
        views.PersonList,
        views.PersonDetail,
        views.PersonEdit,
        views.PersonDelete,
    ),
    (
        "supplier",
        "suppliers",
        views.SupplierList,
        views.SupplierDetail,
        views.SupplierEdit,
        views.SupplierDelete,
    ),
    (
        "contract",
        "contracts",
        views.ContractList,
        views.ContractDetail,
        views.ContractEdit,
        views.ContractDelete,
    ),
):
    urlpatterns += [
        path(f"{plural}/", list_view.as_view(), name=f"{noun}_list"),
        path(f"{plural}/add/", edit.as_view(), name=f"{noun}_add"),
        path(f"{plural}/<int:pk>/", detail.as_view(), name=f"{noun}_detail"),
        path(f"{plural}/<int:pk>/change/", edit.as_view(), name=f"{noun}_change"),
        path(f"{plural}/<int:pk>/delete/", delete.as_view(), name=f"{noun}_delete"),
    ]
