"""Forms of the instansi app: the ABK worksheet of one formasi."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from instansi import abk
from instansi.models import AnalisisBebanKerja, Formasi
from instansi.services import AbkRow


class AbkForm(forms.ModelForm):
    class Meta:
        model = AnalisisBebanKerja
        fields = ["uraian_tugas", "satuan_hasil", "volume", "norma_waktu", "urutan"]
        widgets = {
            "volume": forms.NumberInput(attrs={"min": "0", "step": "any", "inputmode": "decimal"}),
            "norma_waktu": forms.NumberInput(
                attrs={"min": "0", "step": "any", "inputmode": "decimal"}
            ),
            "urutan": forms.NumberInput(attrs={"min": "0", "class": "narrow"}),
        }

    def clean_uraian_tugas(self) -> str:
        value = self.cleaned_data["uraian_tugas"].strip()
        if not value:
            raise forms.ValidationError(_("Describe the task."))
        return value


class BaseAbkFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.kept_forms():
            name = form.cleaned_data["uraian_tugas"].casefold()
            if name in seen:
                form.add_error("uraian_tugas", _("This task is listed twice."))
            seen.add(name)

    def kept_forms(self) -> list[AbkForm]:
        """Valid forms that are filled in and not marked for deletion."""
        return [
            form
            for form in self.forms
            if form.is_valid()
            and form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.instance.pk or form.has_changed())
        ]

    def rows(self) -> list[AbkRow]:
        return [
            AbkRow(
                uraian_tugas=f.cleaned_data["uraian_tugas"],
                satuan_hasil=f.cleaned_data["satuan_hasil"],
                volume=f.cleaned_data["volume"],
                norma_waktu=f.cleaned_data["norma_waktu"],
                urutan=f.cleaned_data.get("urutan") or 0,
            )
            for f in self.kept_forms()
        ]

    def beban_kerja(self) -> Decimal:
        """Beban kerja of the lines as typed (only the valid ones count)."""
        return abk.beban_kerja(
            (f.cleaned_data["volume"], f.cleaned_data["norma_waktu"]) for f in self.kept_forms()
        )

    def has_invalid_rows(self) -> bool:
        return any(
            form.has_changed() and not form.is_valid() and not self._should_delete_form(form)
            for form in self.forms
        )


AbkFormSet = inlineformset_factory(
    Formasi,
    AnalisisBebanKerja,
    form=AbkForm,
    formset=BaseAbkFormSet,
    extra=2,
    can_delete=True,
)
