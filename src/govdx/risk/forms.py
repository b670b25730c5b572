"""Forms for the risk pages; choices are limited to what the user may use."""

from __future__ import annotations

from django import forms

from govdx.org.forms import ScopedRecordForm
from govdx.risk.models import Register, Risk

SCORE_CHOICES = [("", "(not assessed)"), *[(n, str(n)) for n in range(1, 6)]]


class RegisterForm(ScopedRecordForm):
    department_fields = ("department",)

    class Meta:
        model = Register
        fields = ("name", "kind", "department", "parent", "owner", "description")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class RiskForm(ScopedRecordForm):
    department_fields = ("department",)

    class Meta:
        model = Risk
        fields = (
            "reference",
            "title",
            "kind",
            "register",
            "category",
            "cause",
            "event",
            "consequence",
            "owner",
            "department",
            "supplier",
            "status",
            "identified_on",
            "inherent_likelihood",
            "inherent_impact",
            "current_likelihood",
            "current_impact",
            "target_likelihood",
            "target_impact",
            "treatment",
            "probability",
            "cost_low",
            "cost_likely",
            "cost_high",
            "cost_p5",
            "cost_p95",
        )
        widgets = {
            "cause": forms.Textarea(attrs={"rows": 2}),
            "event": forms.Textarea(attrs={"rows": 2}),
            "consequence": forms.Textarea(attrs={"rows": 2}),
            "identified_on": forms.DateInput(),
        }
        help_texts = {
            "reference": "Leave empty for the next free reference.",
            "inherent_likelihood": "1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain.",
            "inherent_impact": "1 insignificant, 2 minor, 3 moderate, 4 major, 5 critical.",
            "cost_low": "In pence: the cost if it happens, at its lowest.",
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["reference"].required = False
