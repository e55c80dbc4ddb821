"""Forms of the proposal screens. They validate input only; every write is a service call."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from instansi.models import Instansi, Jabatan, UnitKerja
from mutasi.models import Alasan, JenisUsulan, StatusDokumen, UsulanMutasi
from mutasi.selectors_lacak import CATATAN_PUBLIK
from mutasi.services import NOTE_REQUIRED
from pegawai import nip as nip_lib
from pegawai.models import Pegawai

# What each transition is called on a button and what its confirm page says will happen.
TRANSITIONS = {
    "ajukan": (
        _("Submit"),
        _("The proposal goes to the BKD verifiers. It can no longer be edited unless returned."),
    ),
    "mulai_verifikasi": (
        _("Start verification"),
        _("You take the proposal into verification: documents and rules are checked next."),
    ),
    "kembalikan": (
        _("Return for revision"),
        _("The proposal goes back to the proposer, who may edit it and submit it again."),
    ),
    "nyatakan_memenuhi_syarat": (
        _("Declare eligible"),
        _(
            "The proposal goes to the approving official's queue. All required documents must "
            "be valid and every failed rule overridden."
        ),
    ),
    "nyatakan_tidak_memenuhi_syarat": (
        _("Declare not eligible"),
        _("The proposal is closed as not eligible. This cannot be undone."),
    ),
    "setujui": (
        _("Approve"),
        _("The transfer is approved; the decree (SK) can then be prepared."),
    ),
    "tolak": (_("Reject"), _("The proposal is rejected and closed. This cannot be undone.")),
    "batalkan": (
        _("Withdraw"),
        _("The proposal is withdrawn and closed. The employee may be proposed again later."),
    ),
}
# How each logged action is named in the timeline.
LOG_LABELS = {
    "buat": _("Created"),
    "pengecualian": _("Rule overridden"),
    "periksa_dokumen": _("Document checked"),
    "terbitkan_sk": _("Decree issued"),
    "koreksi_sk": _("Decree corrected"),
    "selesaikan": _("Move applied on its TMT"),
    "tandai_penanganan": _("Flagged for manual handling"),
    "selesai_penanganan": _("Manual handling resolved"),
    **{name: label for name, (label, _text) in TRANSITIONS.items()},
}
# The confirm buttons of actions that close a proposal are drawn as dangerous.
DANGEROUS = {"kembalikan", "nyatakan_tidak_memenuhi_syarat", "tolak", "batalkan"}


class GroupedModelChoiceIterator(ModelChoiceIterator):
    """Options grouped in <optgroup>s by ``field.group_by(obj)`` (queryset ordered by group)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for obj in self.queryset:
            groups.setdefault(str(self.field.group_by(obj)), []).append(self.choice(obj))
        yield from groups.items()


class InstansiChoiceField(forms.ModelChoiceField):
    """Agencies of the province first, then those outside it, each group by name."""

    iterator = GroupedModelChoiceIterator

    def __init__(self, **kwargs):
        queryset = Instansi.objects.filter(is_active=True).order_by("is_external", "nama")
        super().__init__(queryset=queryset, **kwargs)

    @staticmethod
    def group_by(obj: Instansi) -> str:
        return _("Outside the province") if obj.is_external else _("Provincial agencies")

    def label_from_instance(self, obj: Instansi) -> str:
        return f"{obj.nama} ({obj.singkatan})" if obj.singkatan else obj.nama


def active_jabatan() -> QuerySet[Jabatan]:
    return Jabatan.objects.filter(is_active=True).order_by("nama", "kode")


def as_id(value) -> int | None:
    """A database id from submitted text, or None. ``isdigit()`` alone lets through "²",
    full-width digits and 5,000-digit numbers, which int() or the database refuse (a 500)."""
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def units_of(instansi_id) -> QuerySet[UnitKerja]:
    instansi_id = as_id(instansi_id)
    if not instansi_id:
        return UnitKerja.objects.none()
    return UnitKerja.objects.filter(instansi_id=instansi_id, is_active=True).order_by("kode")


class UsulanTujuanForm(forms.Form):
    """Where the employee goes, why and when: the part of a proposal that can be edited."""

    jenis_mutasi = forms.ChoiceField(label=_("Kind of move"), choices=JenisUsulan.choices)
    tujuan_instansi = InstansiChoiceField(label=_("Target agency"), empty_label=_("Choose…"))
    tujuan_unit = forms.ModelChoiceField(
        label=_("Target unit"),
        queryset=UnitKerja.objects.none(),
        required=False,
        empty_label=_("No specific unit"),
    )
    tujuan_jabatan = forms.ModelChoiceField(
        label=_("Target position"), queryset=Jabatan.objects.none(), empty_label=_("Choose…")
    )
    alasan = forms.ChoiceField(label=_("Reason"), choices=Alasan.choices)
    alasan_keterangan = forms.CharField(
        label=_("Reason, explained"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the reason is Other."),
    )
    tmt_rencana = forms.DateField(
        label=_("Planned TMT"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date the move should take effect."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tujuan_jabatan"].queryset = active_jabatan()
        # Only the chosen agency's units: hundreds of agencies × their units would be a huge
        # select; the page reloads the options (htmx) when the agency changes.
        instansi_id = self["tujuan_instansi"].value()
        if isinstance(instansi_id, Instansi):
            instansi_id = instansi_id.pk
        self.fields["tujuan_unit"].queryset = units_of(instansi_id)

    def clean(self):
        data = super().clean()
        if (
            data.get("alasan") == Alasan.LAINNYA
            and not (data.get("alasan_keterangan") or "").strip()
        ):
            self.add_error("alasan_keterangan", _("Explain the reason."))
        unit, instansi = data.get("tujuan_unit"), data.get("tujuan_instansi")
        if unit and instansi and unit.instansi_id != instansi.pk:
            self.add_error("tujuan_unit", _("The unit belongs to another agency."))
        return data

    def service_kwargs(self) -> dict:
        keys = ("jenis_mutasi", "tujuan_instansi", "tujuan_unit", "tujuan_jabatan")
        keys += ("alasan", "alasan_keterangan", "tmt_rencana")
        return {k: self.cleaned_data[k] for k in keys}


def pegawai_for_proposal() -> QuerySet[Pegawai]:
    """Any active employee may be proposed (an operator may bring someone into their agency);
    only identity and current post are shown."""
    return Pegawai.objects.filter(is_active=True).select_related("instansi", "jabatan", "unit")


class UsulanCreateForm(UsulanTujuanForm):
    # Typed into the autocomplete; a full NIP typed here also works without JavaScript.
    cari = forms.CharField(
        label=_("Find the employee"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("NIP (with or without spaces) or part of the name."),
    )
    # The NIP of the chosen employee (radio buttons in the search results): never a select.
    pegawai = forms.CharField(label=_("Employee"), required=False)

    field_order = ["cari", "pegawai"]

    def clean_pegawai(self) -> Pegawai:
        value = self.cleaned_data.get("pegawai") or self.cleaned_data.get("cari") or ""
        try:
            nip = nip_lib.normalize(value)
        except nip_lib.NipError as exc:
            raise forms.ValidationError(str(exc)) from exc
        pegawai = pegawai_for_proposal().filter(nip=nip).first() if nip.isdigit() else None
        if pegawai is None:
            raise forms.ValidationError(_("Choose the employee from the search results."))
        return pegawai

    @property
    def pegawai_terpilih(self) -> Pegawai | None:
        """The chosen employee, for showing the choice again when the form is re-rendered."""
        if hasattr(self, "cleaned_data") and isinstance(self.cleaned_data.get("pegawai"), Pegawai):
            return self.cleaned_data["pegawai"]
        nip = self.initial.get("pegawai") if not self.is_bound else self.data.get("pegawai")
        if not nip:
            return None
        try:
            nip = nip_lib.normalize(nip)
        except nip_lib.NipError:
            return None
        return pegawai_for_proposal().filter(nip=nip).first() if nip.isdigit() else None


class UsulanUpdateForm(UsulanTujuanForm):
    # The version the form was built from: a stale form is refused (services.ConflictError).
    versi = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @classmethod
    def initial_from(cls, usulan: UsulanMutasi) -> dict:
        return {
            "jenis_mutasi": usulan.jenis_mutasi,
            "tujuan_instansi": usulan.tujuan_instansi_id,
            "tujuan_unit": usulan.tujuan_unit_id,
            "tujuan_jabatan": usulan.tujuan_jabatan_id,
            "alasan": usulan.alasan,
            "alasan_keterangan": usulan.alasan_keterangan,
            "tmt_rencana": usulan.tmt_rencana,
            "versi": usulan.versi,
        }


class TransitionForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    # The status the user saw: if it moved on meanwhile, the service refuses (ConflictError).
    status = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, transition: str, **kwargs):
        super().__init__(*args, **kwargs)
        if transition in NOTE_REQUIRED:
            self.fields["note"].required = True
            self.fields["note"].help_text = _("Required: say why.")
        if transition in CATATAN_PUBLIK:
            # Officers must know before they write: this note is not internal.
            self.fields["note"].help_text = _(
                "Required: say why. The employee concerned can read this note on the public "
                "tracking page, so write it for them."
            )


class DokumenUploadForm(forms.Form):
    berkas = forms.FileField(
        label=_("PDF file"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class DokumenReviewForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(StatusDokumen.VALID, _("Valid")), (StatusDokumen.TIDAK_VALID, _("Invalid"))]
    )
    catatan = forms.CharField(label=_("Note"), required=False)


class OverrideForm(forms.Form):
    alasan = forms.CharField(
        label=_("Justification"),
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this rule may be set aside for this proposal (at least 10 characters)."),
    )


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Ids checked with ``as_id`` before the ``pk__in`` query: a 20-digit "id" would otherwise
    reach SQLite as an integer it cannot hold (OverflowError, a 500) instead of a form error."""

    def _check_values(self, value):
        for pk in value:
            if as_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class BulkDecisionForm(forms.Form):
    APPROVE, REJECT = "setujui", "tolak"

    usulan = IdMultipleChoiceField(
        queryset=UsulanMutasi.objects.none(),
        error_messages={"required": _("Select at least one proposal.")},
    )
    keputusan = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))])
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to reject."),
    )

    def __init__(self, *args, queryset: QuerySet[UsulanMutasi], **kwargs):
        super().__init__(*args, **kwargs)
        # Any proposal the user can see: one that left the queue meanwhile is reported as
        # failed by the service, not silently dropped.
        self.fields["usulan"].queryset = queryset

    def clean(self):
        data = super().clean()
        if data.get("keputusan") == self.REJECT and not (data.get("note") or "").strip():
            self.add_error("note", _("A note is required to reject."))
        return data

    @property
    def ordered_ids(self) -> list[int]:
        """The valid choices in the order they were on the page (the queue's order)."""
        valid = {u.pk for u in self.cleaned_data["usulan"]}
        posted = [int(v) for v in self.data.getlist("usulan") if str(v).isdigit()]
        return [pk for pk in dict.fromkeys(posted) if pk in valid]

    @property
    def selected_ids(self) -> set[int]:
        values = self.data.getlist("usulan") if self.is_bound else []
        return {int(v) for v in values if str(v).isdigit()}
