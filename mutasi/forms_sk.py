"""Forms of the decree (SK) screens. They validate input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mutasi.forms import IdMultipleChoiceField
from mutasi.models import SuratKeputusan, TemplateSK, UsulanMutasi

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UsulanChoiceField(IdMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: UsulanMutasi) -> str:
        return f"{obj.nomor} · {obj.pegawai.nama_lengkap} → {obj.tujuan_jabatan}"


class SkComposeForm(forms.Form):
    usulan = UsulanChoiceField(label=_("Approved proposals"), queryset=UsulanMutasi.objects.none())
    tanggal_penetapan = forms.DateField(label=_("Date of enactment"), widget=DATE)
    tmt = forms.DateField(label=_("Effective date (TMT)"), widget=DATE)
    template = forms.ModelChoiceField(
        label=_("Template"), queryset=TemplateSK.objects.order_by("-is_default", "nama")
    )
    penandatangan_nama = forms.CharField(label=_("Signatory name"), max_length=150)
    penandatangan_nip = forms.CharField(label=_("Signatory NIP"), max_length=18, required=False)
    penandatangan_jabatan = forms.CharField(label=_("Signatory position"), max_length=200)
    atas_nama = forms.CharField(
        label=_("Delegation line"),
        max_length=200,
        required=False,
        help_text=_('e.g. "a.n. GUBERNUR KALIMANTAN BARAT" when a delegate signs.'),
    )

    def __init__(self, *args, usulan_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["usulan"].queryset = usulan_qs
        # Enacted today; in force from the latest planned TMT of the chosen proposals (or
        # today, whichever is later), which the officer can change.
        today = timezone.localdate()
        chosen = list(self.initial.get("usulan") or [])
        self.fields["tanggal_penetapan"].initial = today
        self.fields["tmt"].initial = max([today, *(u.tmt_rencana for u in chosen)])
        default = TemplateSK.objects.filter(is_default=True).first()
        if default:
            self.fields["template"].initial = default.pk
            for name in ("penandatangan_nama", "penandatangan_nip", "penandatangan_jabatan"):
                self.fields[name].initial = getattr(default, name)
            self.fields["atas_nama"].initial = default.atas_nama

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["usulan_ids"] = [u.pk for u in data.pop("usulan")]
        return data


class SkUpdateForm(forms.ModelForm):
    class Meta:
        model = SuratKeputusan
        fields = [
            "tanggal_penetapan",
            "tmt",
            "tempat",
            "penandatangan_nama",
            "penandatangan_nip",
            "penandatangan_jabatan",
            "atas_nama",
            "menimbang",
            "mengingat",
            "diktum_kesatu",
            "diktum_kedua",
            "diktum_ketiga",
            "tembusan",
        ]
        widgets = {
            "tanggal_penetapan": DATE,
            "tmt": DATE,
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in (
                    "menimbang",
                    "mengingat",
                    "diktum_kesatu",
                    "diktum_kedua",
                    "diktum_ketiga",
                    "tembusan",
                )
            },
        }


class AlasanForm(forms.Form):
    alasan = forms.CharField(
        label=_("Reason for the revocation or correction"),
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
