"""Template tags that build repeated markup in Python: the same markup as the templates."""

from django import forms
from django.template import Context, Template

DJANGO_OPTIONS = Template(
    "{% for group_name, group_choices, group_index in widget.optgroups %}{% if group_name %}\n"
    '  <optgroup label="{{ group_name }}">{% endif %}{% for option in group_choices %}\n'
    "  <option value=\"{{ option.value|stringformat:'s' }}\"{% for name, value in option.attrs.items %}"
    "{% if value is not False %} {{ name }}{% if value is not True %}=\"{{ value|stringformat:'s' }}\""
    "{% endif %}{% endif %}{% endfor %}>{{ option.label }}</option>{% endfor %}{% if group_name %}\n"
    "  </optgroup>{% endif %}{% endfor %}"
)


def options(widget: forms.Select, value) -> tuple[str, str]:
    context = widget.get_context("f", value, {"id": "id_f"})
    ours = Template("{% load simutasi_ui %}{% select_options widget %}").render(Context(context))
    return ours, DJANGO_OPTIONS.render(Context(context))


def test_select_options_is_the_option_templates_markup():
    choices = [
        ("", "All"),
        ("a&b", 'Tom & "Jerry" <x>'),
        ("Group <1>", [(1, "One"), (2, "Two")]),
        (3, 3000),
    ]
    widget = forms.Select(choices=choices)
    ours, django = options(widget, "a&b")
    assert ours == django
    assert '<option value="a&amp;b" selected>Tom &amp; &quot;Jerry&quot; &lt;x&gt;</option>' in ours
    assert '\n  <optgroup label="Group &lt;1&gt;">' in ours
    ours, django = options(forms.SelectMultiple(choices=choices), [1, 3])
    assert ours == django
    assert ours.count(" selected>") == 2


def test_select_widget_markup():
    field = forms.ChoiceField(choices=[("x", "Ex"), ("y", "Why")])
    html = forms.Form().renderer.render(
        "django/forms/widgets/select.html",
        field.widget.get_context("pilih", "y", {"id": "id_pilih"}),
    )
    assert html == (
        '<select name="pilih" id="id_pilih">\n  <option value="x">Ex</option>\n'
        '  <option value="y" selected>Why</option>\n</select>'
    )


def badge(template: str, **context) -> str:
    return Template("{% load simutasi_ui %}" + template).render(Context(context))


def test_status_badge_colour_and_words():
    from mutasi.models import Status

    assert badge("{% status_badge s %}", s="kurang") == (
        '<span class="badge badge--danger">Shortage</span>'
    )
    assert badge("{% status_badge s %}", s=Status.DRAFT) == (
        '<span class="badge badge--draft">Draft</span>'
    )
    assert badge("{% status_badge s %}", s="nonaktif") == '<span class="badge">Inactive</span>'
    # Unknown: a neutral badge with the label, else the value itself, escaped.
    assert badge("{% status_badge s %}", s="<x>") == '<span class="badge">&lt;x&gt;</span>'
    assert badge("{% status_badge s 'Lain' %}", s="x") == '<span class="badge">Lain</span>'
    # The included template is the same badge.
    included = Template('{% include "_status_badge.html" with status=s %}')
    assert included.render(Context({"s": "ditolak", "label": "x"})) == (
        '<span class="badge badge--danger">Rejected</span>\n'
    )
    assert included.render(Context({"s": "?", "label": "Lain"})) == (
        '<span class="badge">Lain</span>\n'
    )


def test_e_escapes_as_conditional_escape():
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    from pontianak_mutasi.templatetags.simutasi_ui import e

    for value in ["a<b>&\"c'", mark_safe("<b>ok</b>"), 12, None, gettext_lazy("Status")]:
        assert e(value) == conditional_escape(value)


def test_url_maker_is_reverse_per_value():
    from django.urls import reverse

    from pontianak_mutasi.templatetags.simutasi_ui import url_maker

    context = Context({})
    make = url_maker(context, "mutasi:detail")
    assert url_maker(context, "mutasi:detail") is make  # once per page
    for value in ["UM-2026-000001", "a b", "ü?#%&=+", "x:y@z~", 19149]:
        assert make(value) == reverse("mutasi:detail", args=[value])
    assert url_maker(context, "pegawai:detail")("19800101") == reverse(
        "pegawai:detail", args=["19800101"]
    )
