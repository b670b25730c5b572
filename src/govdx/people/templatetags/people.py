"""Template tags the people module offers other modules' pages: the readiness gates of a
project's milestones, judged now, for the programme's project page."""

from __future__ import annotations

from typing import Any

from django import template

from govdx.core.permissions import Action, can, visible
from govdx.people import selectors
from govdx.people.models import ReadinessGate

register = template.Library()


@register.inclusion_tag("people/partials/milestone_gates.html", takes_context=True)
def readiness_gates(context: Any, project: Any) -> dict[str, Any]:
    """`{% readiness_gates project %}`: the gates on the project's milestones with their state
    (met, not met, no survey yet) and figures; nothing at all when the project has none or
    the reader may not see them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if project is None or not can(user, Action.VIEW, ReadinessGate):
        return {"states": []}
    gates = visible(user, selectors.readiness_gate_list().filter(milestone__project=project))
    return {
        "states": [
            (state, can(user, Action.CHANGE, state.gate), can(user, Action.DELETE, state.gate))
            for state in selectors.gate_states(gates)
        ],
        "actions": True,
        "may_add": can(user, Action.ADD, ReadinessGate),
    }
