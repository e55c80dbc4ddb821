"""Import/export of agencies, units, positions, formasi and ABK lines (natural keys only).

Columns are the model field names; relations are written as codes: ``instansi`` is the agency
``kode``, ``unit`` the unit ``kode`` inside that agency, ``jabatan`` the position ``kode``,
``bidang_pendidikan`` a list of field codes.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from import_export.fields import Field

from instansi.models import (
    AnalisisBebanKerja,
    Bidang,
    Formasi,
    Instansi,
    Jabatan,
    UnitKerja,
)
from pontianak_mutasi.importing import (
    BaseResource,
    CellError,
    CodeListWidget,
    NaturalKeyWidget,
    TextWidget,
    UnitWidget,
)

INSTANSI_NOT_FOUND = gettext_noop("Agency with code %(value)s not found.")
JABATAN_NOT_FOUND = gettext_noop("Position with code %(value)s not found.")
BIDANG_NOT_FOUND = gettext_noop("Field with code %(value)s not found.")


def instansi_field(column: str = "instansi", attribute: str = "instansi") -> Field:
    return Field(
        attribute=attribute,
        column_name=column,
        widget=NaturalKeyWidget(Instansi, not_found=INSTANSI_NOT_FOUND),
    )


def unit_field(column: str = "unit", instansi_column: str = "instansi") -> Field:
    return Field(
        attribute="unit",
        column_name=column,
        widget=UnitWidget(UnitKerja, instansi_column=instansi_column),
    )


def jabatan_field() -> Field:
    return Field(
        attribute="jabatan",
        column_name="jabatan",
        widget=NaturalKeyWidget(Jabatan, not_found=JABATAN_NOT_FOUND),
    )


def bidang_field() -> Field:
    return Field(
        attribute="bidang",
        column_name="bidang",
        widget=NaturalKeyWidget(Bidang, not_found=BIDANG_NOT_FOUND),
    )


class BidangResource(BaseResource):
    class Meta:
        model = Bidang
        fields = ("kode", "nama", "deskripsi", "kata_kunci")
        import_id_fields = ("kode",)


class InstansiResource(BaseResource):
    # A parent must be in the database already (or on an earlier line of the same file).
    induk = instansi_field(column="induk", attribute="induk")

    select_related = ("induk",)

    class Meta:
        model = Instansi
        fields = (
            "kode",
            "nama",
            "singkatan",
            "jenis",
            "induk",
            "wilayah",
            "alamat",
            "is_external",
            "is_active",
        )
        import_id_fields = ("kode",)


class ParentUnitWidget(UnitWidget):
    not_found = gettext_noop("Parent unit with code %(value)s not found in agency %(instansi)s.")


class UnitKerjaResource(BaseResource):
    instansi = instansi_field()
    induk = Field(
        attribute="induk",
        column_name="induk",
        widget=ParentUnitWidget(UnitKerja, instansi_column="instansi"),
    )

    select_related = ("instansi", "induk")

    class Meta:
        model = UnitKerja
        fields = ("instansi", "kode", "nama", "induk", "is_active")
        import_id_fields = ("instansi", "kode")


class JabatanResource(BaseResource):
    bidang_pendidikan = Field(
        attribute="bidang_pendidikan",
        column_name="bidang_pendidikan",
        widget=CodeListWidget(Bidang, not_found=gettext_noop("Unknown field code(s): %(codes)s.")),
    )

    prefetch_related = ("bidang_pendidikan",)

    class Meta:
        model = Jabatan
        fields = (
            "kode",
            "nama",
            "jenis",
            "jenjang",
            "kelas_jabatan",
            "min_pendidikan",
            "bidang_pendidikan",
            "min_golongan",
            "ikhtisar",
            "is_active",
        )
        import_id_fields = ("kode",)


class FormasiResource(BaseResource):
    instansi = instansi_field()
    unit = unit_field()
    jabatan = jabatan_field()

    select_related = ("instansi", "unit", "jabatan")

    class Meta:
        model = Formasi
        fields = ("instansi", "unit", "jabatan", "keterangan")
        # The unit may be empty: a formasi for the whole agency.
        import_id_fields = ("instansi", "unit", "jabatan")


class FormasiWidget(NaturalKeyWidget):
    """The formasi of an ABK line, found from the ``instansi``, ``unit`` and ``jabatan`` columns.

    Each unknown code is reported on its own column.
    """

    def __init__(self, **kwargs):
        super().__init__(Formasi, field="jabatan__kode", **kwargs)
        self.instansi = NaturalKeyWidget(Instansi, not_found=INSTANSI_NOT_FOUND)
        self.unit = UnitWidget(UnitKerja)
        self.jabatan = NaturalKeyWidget(Jabatan, not_found=JABATAN_NOT_FOUND)

    def clean(self, value, row=None, **kwargs):
        row = row or {}
        found = {}
        for column, widget in (
            ("instansi", self.instansi),
            ("unit", self.unit),
            ("jabatan", self.jabatan),
        ):
            try:
                found[column] = widget.clean(row.get(column), row)
            except ValueError as exc:
                raise CellError(str(exc), column=column) from None
        if found["instansi"] is None:
            raise CellError(_("This field cannot be blank."), column="instansi")
        if found["jabatan"] is None:
            raise CellError(_("This field cannot be blank."), column="jabatan")
        key = (found["instansi"].pk, getattr(found["unit"], "pk", None), found["jabatan"].pk)
        if key in self._cache:
            return self._cache[key]
        try:
            formasi = Formasi.objects.get(
                instansi=found["instansi"], unit=found["unit"], jabatan=found["jabatan"]
            )
        except Formasi.DoesNotExist:
            raise CellError(
                _("No formasi for position %(jabatan)s in agency %(instansi)s%(unit)s.")
                % {
                    "jabatan": found["jabatan"].kode,
                    "instansi": found["instansi"].kode,
                    "unit": f" / {found['unit'].kode}" if found["unit"] else "",
                },
                column="jabatan",
            ) from None
        self._cache[key] = formasi
        return formasi

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.jabatan.kode


class AnalisisBebanKerjaResource(BaseResource):
    """One line per task; the line is found again by its formasi and task description."""

    # ``instansi`` and ``unit`` are read by the formasi widget; as fields they only export.
    instansi = Field(
        attribute="formasi__instansi__kode",
        column_name="instansi",
        readonly=True,
        widget=TextWidget(),
    )
    unit = Field(
        attribute="formasi__unit__kode", column_name="unit", readonly=True, widget=TextWidget()
    )
    formasi = Field(attribute="formasi", column_name="jabatan", widget=FormasiWidget())

    select_related = ("formasi__instansi", "formasi__unit", "formasi__jabatan")

    class Meta:
        model = AnalisisBebanKerja
        fields = (
            "instansi",
            "unit",
            "formasi",
            "uraian_tugas",
            "satuan_hasil",
            "volume",
            "norma_waktu",
            "urutan",
        )
        import_id_fields = ("formasi", "uraian_tugas")
