"""Template tags for markup repeated many times on one page, built in Python.

Each produces exactly what the template it replaces produced; a loop of template nodes costs
tens of microseconds per item, which adds up in long selects and tables.
"""

from __future__ import annotations

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def select_options(context, widget: dict) -> SafeString:
    """The ``<optgroup>``/``<option>`` markup of a select widget's context, as Django's
    django/forms/widgets/select_option.html and attrs.html render it (one option a line)."""

    def text(value) -> str:
        return render_value_in_context(value, context)

    parts = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{text(group_name)}">')
        for option in group_choices:
            attrs = "".join(
                f" {text(name)}" if value is True else f' {text(name)}="{text(str(value))}"'
                for name, value in option["attrs"].items()
                if value is not False
            )
            value = text(str(option["value"]))
            parts.append(f'\n  <option value="{value}"{attrs}>{text(option["label"])}</option>')
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))
