"""What every page's frame needs: the organisation, the modules built so far, the section."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from govdx.core.navigation import section_links, visible_modules
from govdx.core.selectors import organisation_get


def shell(request: HttpRequest) -> dict[str, Any]:
    match = request.resolver_match
    section = match.app_name if match else ""
    return {
        "organisation": organisation_get(),
        "modules": visible_modules(request.user),
        "section": section,
        "section_links": section_links(section, request.user) if section else [],
    }
