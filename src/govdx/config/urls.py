from django.urls import include, path

from govdx.config.api import api

urlpatterns = [
    path("api/", api.urls),
    path("org/", include("govdx.org.urls")),
    path("risk/", include("govdx.risk.urls")),
    path("estate/", include("govdx.estate.urls")),
    path("programme/", include("govdx.programme.urls")),
    path("people/", include("govdx.people.urls")),
    path("governance/", include("govdx.governance.urls")),
    path("", include("govdx.core.urls")),
]
