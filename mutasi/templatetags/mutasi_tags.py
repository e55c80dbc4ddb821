"""Template filters of the proposal screens."""

from __future__ import annotations

from django import template
from django.utils.formats import localize

register = template.Library()


@register.filter
def gap(value: int | None) -> str:
    """A staffing gap with its sign: "+2" (shortage), "-1" (surplus), "0", or "—" (none).

    A filter, not an included template: the approval queue shows four per row, fifty rows.
    """
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + localize(value)
