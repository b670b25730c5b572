"""Reads shared by every app."""

from __future__ import annotations

from typing import Any

from django.apps import apps


def organisation_get() -> Any:
    """The deployment's organisation, or None before `govdx init` has named one."""
    organisation = apps.get_model("org", "Organisation")
    return organisation._default_manager.order_by("pk").first()


def home_summary(user: Any) -> list[dict[str, Any]]:
    """For the home page: each built module with the counts of what the user may see in it."""
    from govdx.core.navigation import visible_modules
    from govdx.core.permissions import Action, can, visible

    summary = []
    for module, url in visible_modules(user):
        counts = []
        for model in apps.get_app_config(module.app_label).get_models():
            if getattr(model, "show_on_home", False) and can(user, Action.VIEW, model):
                counts.append(
                    {
                        "label": str(model._meta.verbose_name_plural).capitalize(),
                        "count": visible(user, model._default_manager.all()).count(),
                        "url_name": f"{module.app_label}:{model._meta.model_name}_list",
                    }
                )
        if counts:
            summary.append({"module": module, "url": url, "counts": counts})
    return summary
