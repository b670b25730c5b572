"""Forms drawn with GOV.UK Frontend: every widget gets its class, hint and error wiring, and the
version a writer read travels with the form so that a concurrent edit is caught."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.forms.renderers import TemplatesSetting

WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input"),
    (forms.RadioSelect, "govuk-radios__input"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.Textarea, "govuk-textarea"),
    (forms.Select, "govuk-select"),
    (forms.FileInput, "govuk-file-upload"),
    (forms.widgets.Input, "govuk-input"),
]
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-select": "govuk-select--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class GovukFormMixin:
    """Adds GOV.UK classes, hints and error descriptions to every field's widget."""

    fields: dict[str, forms.Field]
    errors: Any
    prefix: str | None

    def style_widgets(self) -> None:
        for name, field in self.fields.items():
            widget = field.widget
            css = next((c for kind, c in WIDGET_CLASSES if isinstance(widget, kind)), "")
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"  # what <input type=date> reads, whatever the locale
                css = "govuk-input govuk-input--width-10"
            if isinstance(widget, forms.NumberInput):
                css = "govuk-input govuk-input--width-10"
            classes = [css] if css else []
            if name in self.errors and css in ERROR_CLASSES:
                classes.append(ERROR_CLASSES[css])
            widget.attrs["class"] = " ".join(classes)
            described = []
            if field.help_text:
                described.append(f"id_{name}-hint")
            if name in self.errors:
                described.append(f"id_{name}-error")
                widget.attrs["aria-invalid"] = "true"
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)


class RecordForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]  # generic per subclass
    """A model form that carries the version it was read at."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.fields["version"].initial = getattr(self.instance, "version", None)

    def full_clean(self) -> None:
        super().full_clean()
        self.style_widgets()

    def _post_clean(self) -> None:
        # Model validation runs in the service, inside its transaction, not here.
        pass

    def changes(self) -> dict[str, Any]:
        """The cleaned values of the model's own fields, ready for a service."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class PlainForm(GovukFormMixin, forms.Form):
    def full_clean(self) -> None:
        super().full_clean()
        self.style_widgets()


class SignInForm(GovukFormMixin, AuthenticationForm):
    def full_clean(self) -> None:
        super().full_clean()
        self.style_widgets()


class TokenForm(PlainForm):
    name = forms.CharField(
        max_length=100, help_text="What the token is for, e.g. 'nightly import'."
    )
    days = forms.IntegerField(
        min_value=1, max_value=3650, initial=365, label="Days until it expires"
    )


class GovukPasswordChangeForm(GovukFormMixin, PasswordChangeForm):
    def full_clean(self) -> None:
        super().full_clean()
        self.style_widgets()
