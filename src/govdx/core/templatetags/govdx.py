"""Template helpers for govdx pages: formatting only, never a business rule."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def widget_type(bound_field: forms.BoundField) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return str(widget.__class__.__name__).lower()


@register.filter
def money(minor: int | None, currency: str = "GBP") -> str:
    """Integer minor units as money: 123456 -> '£1,234.56'."""
    if minor is None:
        return ""
    symbols = {"GBP": "£", "EUR": "€", "USD": "$"}
    sign = "-" if minor < 0 else ""
    whole, pence = divmod(abs(int(minor)), 100)
    amount = f"{number_format(whole, force_grouping=True)}.{pence:02d}"
    symbol = symbols.get(currency)
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {currency}"


@register.simple_tag(takes_context=True)
def query_with(context: Any, **changes: Any) -> str:
    """The current query string with some parameters changed (None removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
