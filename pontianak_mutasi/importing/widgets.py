"""Cell widgets: NIP, golongan, dates, numbers, choices and foreign keys by natural key."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from import_export import widgets

from pegawai import nip as nip_lib
from pegawai.referensi import Golongan, golongan_ruang, parse_golongan

# -- cell values --------------------------------------------------------------------------

#: Codes per query when a file's codes (or keys) are loaded at once.
PRELOAD_CHUNK = 2000

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def escape_formula(value):
    """Prefix ``'`` to text a spreadsheet would evaluate (CSV/formula injection, OWASP).

    Plain numbers such as ``-2`` are left alone: they cannot call anything.
    """
    if (
        isinstance(value, str)
        and value.startswith(_FORMULA_START)
        and not _PLAIN_NUMBER.match(value)
    ):
        return "'" + value
    return value


def clean_text(value) -> str:
    """A cell as text: stripped, numbers without a spurious ``.0``, export escape undone."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        text = text[1:]
    return text


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        # PostgreSQL cannot store NUL in text; it only comes from a damaged or forged file.
        if "\x00" in text:
            raise ValueError(_("The cell contains a NUL character; type the text again."))
        return text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


_DMY = re.compile(r"(?P<d>\d{1,2})(?P<sep>[-/])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})")
_YMD = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")


class DateWidget(widgets.Widget):
    """dd-mm-yyyy, dd/mm/yyyy, yyyy-mm-dd, or a real date cell from XLSX."""

    INPUT_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d")
    OUTPUT_FORMAT = "%d-%m-%Y"

    def clean(self, value, row=None, **kwargs):
        if _is_empty(value):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = clean_text(value)
        # "2024-01-31 00:00:00" comes out of tools that export every date as a timestamp.
        text = re.sub(r"[ T]00:00(:00)?$", "", text)
        # Fast path for the usual spellings (strptime costs ~15 µs a try, three tries a cell);
        # anything else, an impossible date included, goes through strptime as before.
        if match := _DMY.fullmatch(text) or _YMD.fullmatch(text):
            parts = match.groupdict()
            try:
                return dt.date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
            except ValueError:
                pass
        for fmt in self.INPUT_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s” is not a date; write dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd.")
            % {"value": text}
        )

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return "" if not kwargs.get("force_native_type") else None
        if kwargs.get("force_native_type"):
            return value  # a real date cell in XLSX
        return value.strftime(self.OUTPUT_FORMAT)


def _to_decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = clean_text(value).replace(" ", "")
    if "," in text and "." in text:
        # 1.250,5 (Indonesian) or 1,250.5 (English): the last separator is the decimal one.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    return Decimal(text)


class DecimalWidget(widgets.Widget):
    """Decimal numbers with a point or a comma (Indonesian spreadsheets write 12,5)."""

    def clean(self, value, row=None, **kwargs):
        if _is_empty(value):
            return None
        try:
            number = _to_decimal(value)
        except InvalidOperation:
            raise ValueError(
                _("“%(value)s” is not a number.") % {"value": clean_text(value)}
            ) from None
        if not number.is_finite():
            raise ValueError(_("“%(value)s” is not a number.") % {"value": clean_text(value)})
        return number

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return "" if value is None else format(value, "f")


class IntegerWidget(DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        number = super().clean(value, row, **kwargs)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": clean_text(value)})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return "" if value is None else str(value)


class BooleanWidget(widgets.Widget):
    TRUE = {"1", "true", "ya", "y", "yes", "benar", "aktif"}
    FALSE = {"0", "false", "tidak", "no", "n", "salah", "nonaktif"}

    def clean(self, value, row=None, **kwargs):
        if _is_empty(value):
            return None  # the field's default applies
        if isinstance(value, bool):
            return value
        text = clean_text(value).lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("“%(value)s” is not yes/no; write 1 or 0.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return "" if value is None else ("1" if value else "0")


def _choice_key(text: str) -> str:
    # "S-1", "S 1" and "s1" are the same level; "D-III" and "DIII" too.
    return re.sub(r"[\s\-.]", "", text).lower()


class ChoiceWidget(widgets.Widget):
    """A choice given by its stored value or by its label, case-insensitively.

    ``aliases`` adds spellings found in real files (e.g. "Laki-laki" for ``L``).
    """

    def __init__(self, choices, aliases: dict[str, str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.choices = list(choices)
        self.aliases = aliases or {}
        self._tables: dict[str | None, dict[str, str]] = {}

    def lookup(self) -> dict[str, str]:
        # Labels are lazy translations and follow the active language: one table per language.
        language = get_language()
        if language not in self._tables:
            self._tables[language] = self._build_lookup()
        return self._tables[language]

    def _build_lookup(self) -> dict[str, str]:
        table = {_choice_key(str(label)): value for value, label in self.choices}
        table.update({_choice_key(str(value)): value for value, _label in self.choices})
        table.update({_choice_key(k): v for k, v in self.aliases.items()})
        return table

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        if not text:
            return ""
        try:
            return self.lookup()[_choice_key(text)]
        except KeyError:
            allowed = ", ".join(str(v) for v, _label in self.choices)
            raise ValueError(
                _("Unknown value “%(value)s”; use one of: %(allowed)s.")
                % {"value": text, "allowed": allowed}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class GolonganWidget(widgets.Widget):
    """Imports "III/a", "III/a Penata Muda" or the SIASN code "31"; exports "III/a"."""

    def clean(self, value, row=None, **kwargs):
        if _is_empty(value):
            return ""
        try:
            return parse_golongan(clean_text(value))
        except ValueError:
            raise ValueError(
                _("Unknown rank “%(value)s”; write it as III/a or as the SIASN code 31.")
                % {"value": clean_text(value)}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return golongan_ruang(value or "")


class NipWidget(widgets.Widget):
    """An NIP cell: spaces and dots removed, Excel-mangled numbers and invalid NIPs refused.

    Only *errors* of :func:`pegawai.nip.parse` refuse the row; a NIP that disagrees with the
    birth date or gender in the same row is a warning, shown on the employee's page later.
    """

    def __init__(self, status_column: str | None = "status_kepegawaian", **kwargs):
        super().__init__(**kwargs)
        self.status_column = status_column
        # (cell, status) → NIP: the key of a row is read three times in an import (the
        # instance loader's file-wide lookup, its per-row lookup, the cell itself).
        self._memo: dict[tuple, str] = {}

    def clean(self, value, row=None, **kwargs):
        status = clean_text((row or {}).get(self.status_column, "")) if self.status_column else ""
        memo_key = (value, status)
        if memo_key not in self._memo:
            self._memo[memo_key] = self._clean(value, status)
        return self._memo[memo_key]

    def _clean(self, value, status: str) -> str:
        try:
            nip = nip_lib.normalize(value)
        except nip_lib.NipError as exc:
            raise ValueError(str(exc)) from None
        if not nip:
            return ""
        info = nip_lib.parse(nip, expect_pppk=True if status.lower() == "pppk" else None)
        if info.errors:
            raise ValueError(" ".join(info.errors))
        return nip

    def render(self, value, obj=None, **kwargs):
        # Formatted with spaces: Excel keeps it as text instead of rounding it to 1.98E+17.
        return nip_lib.format_nip(value or "")


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key written as the related row's code (``kode``), never as a database id.

    An unknown code is a cell error ("Agency with code X not found"), not a crash. Found rows
    are cached for the file: the same agency or position appears on thousands of lines.
    """

    #: Message for an unknown code, marked with gettext_noop and translated when raised.
    not_found = gettext_noop("Object with code %(value)s not found.")
    #: Small reference tables (agencies, positions, fields) are cached; employees are not.
    use_cache = True

    def __init__(self, model, field: str = "kode", not_found: str | None = None, **kwargs):
        super().__init__(model, field=field, **kwargs)
        if not_found:
            self.not_found = not_found
        self._cache: dict = {}

    def cache_key(self, value: str, row) -> object:
        return value

    def not_found_message(self, value: str, row) -> str:
        return _(self.not_found) % {"value": value}

    def preload(self, column: str, rows: list[dict]) -> None:
        """Load every row named in ``column`` of the file in one query (chunked), instead of
        one query per distinct code. A code not found is looked up (and reported) per row."""
        codes = sorted({clean_text(row.get(column)) for row in rows} - {""})
        queryset = super().get_queryset(None, {})
        for start in range(0, len(codes), PRELOAD_CHUNK):
            chunk = codes[start : start + PRELOAD_CHUNK]
            for obj in queryset.filter(**{f"{self.field}__in": chunk}):
                self._cache[getattr(obj, self.field)] = obj

    #: What identifies a found row besides its id: it must not change between a check and the
    #: import that reuses it (BaseResource.import_checked).
    fingerprint: tuple[str, ...] = ()

    def unchanged(self) -> bool:
        """Every row found so far still exists with the same code (and fingerprint)."""
        names = ["pk", self.field, *self.fingerprint]
        found = {o.pk: o for o in self._cache.values() if o is not None}
        before = {tuple(getattr(o, name) for name in names) for o in found.values()}
        now: set[tuple] = set()
        pks = sorted(found)
        for start in range(0, len(pks), PRELOAD_CHUNK):
            chunk = pks[start : start + PRELOAD_CHUNK]
            now.update(self.model._default_manager.filter(pk__in=chunk).values_list(*names))
        return before == now

    def clean(self, value, row=None, **kwargs):
        key = clean_text(value)
        if not key:
            return None
        row = row or {}
        cache_key = self.cache_key(key, row)
        if cache_key in self._cache:
            return self._cache[cache_key]
        try:
            obj = self.get_instance_by_lookup_fields(key, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(self.not_found_message(key, row)) from None
        if self.use_cache:
            self._cache[cache_key] = obj
        return obj

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return getattr(value, self.field)


class UnitWidget(NaturalKeyWidget):
    """A work unit: its code is unique only inside the agency named in the same row."""

    not_found = gettext_noop("Unit with code %(value)s not found in agency %(instansi)s.")
    fingerprint = ("instansi_id",)

    def __init__(self, model, instansi_column: str = "instansi", **kwargs):
        super().__init__(model, **kwargs)
        self.instansi_column = instansi_column

    def cache_key(self, value, row):
        return (clean_text(row.get(self.instansi_column)), value)

    def not_found_message(self, value, row):
        return _(self.not_found) % {
            "value": value,
            "instansi": clean_text(row.get(self.instansi_column)),
        }

    def get_queryset(self, value, row, *args, **kwargs):
        return self.model.objects.filter(instansi__kode=clean_text(row.get(self.instansi_column)))

    def preload(self, column: str, rows: list[dict]) -> None:
        pairs = {
            (clean_text(row.get(self.instansi_column)), clean_text(row.get(column))) for row in rows
        }
        pairs = sorted((instansi, kode) for instansi, kode in pairs if instansi and kode)
        queryset = self.model.objects.select_related("instansi")
        for start in range(0, len(pairs), PRELOAD_CHUNK):
            chunk = pairs[start : start + PRELOAD_CHUNK]
            found = queryset.filter(
                instansi__kode__in={i for i, _k in chunk}, kode__in={k for _i, k in chunk}
            )
            for unit in found:
                self._cache[(unit.instansi.kode, unit.kode)] = unit

    def clean(self, value, row=None, **kwargs):
        row = row or {}
        if clean_text(value) and not clean_text(row.get(self.instansi_column)):
            raise ValueError(
                _("A unit needs the agency code in column %(column)s.")
                % {"column": self.instansi_column}
            )
        return super().clean(value, row, **kwargs)


class PegawaiWidget(NaturalKeyWidget):
    """An employee referenced by NIP (riwayat files); the NIP is normalised first."""

    not_found = gettext_noop("Employee with NIP %(value)s not found.")
    use_cache = False  # tens of thousands of employees: do not keep them all in memory

    def __init__(self, model, **kwargs):
        super().__init__(model, field="nip", **kwargs)

    def clean(self, value, row=None, **kwargs):
        try:
            nip = nip_lib.normalize(value)
        except nip_lib.NipError as exc:
            raise ValueError(str(exc)) from None
        if not nip:
            return None
        if len(nip) != 18 or not nip.isdigit():
            raise ValueError(" ".join(nip_lib.parse(nip).errors))
        return super().clean(nip, row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else nip_lib.format_nip(value.nip)


class CodeListWidget(widgets.ManyToManyWidget):
    """Many-to-many as codes separated by commas, semicolons or new lines."""

    not_found = gettext_noop("Unknown code(s): %(codes)s.")

    def __init__(self, model, field: str = "kode", not_found: str | None = None, **kwargs):
        super().__init__(model, field=field, **kwargs)
        if not_found:
            self.not_found = not_found

    def clean(self, value, row=None, **kwargs):
        codes = [c.strip() for c in re.split(r"[,;\n]", clean_text(value)) if c.strip()]
        if not codes:
            return []
        found = list(self.model.objects.filter(**{f"{self.field}__in": codes}))
        missing = sorted(set(codes) - {getattr(o, self.field) for o in found})
        if missing:
            raise ValueError(_(self.not_found) % {"codes": ", ".join(missing)})
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return ", ".join(sorted(getattr(o, self.field) for o in value.all()))


def widget_for_model_field(django_field: models.Field) -> widgets.Widget:
    """The project's widget for a plain model field (relations are declared explicitly)."""
    if django_field.is_relation:
        raise TypeError(f"{django_field}: declare relations explicitly with a natural key widget")
    if django_field.choices:
        if list(django_field.choices) == list(Golongan.choices):
            return GolonganWidget()
        return ChoiceWidget(django_field.choices)
    if isinstance(django_field, models.DateTimeField):
        return widgets.DateTimeWidget()
    if isinstance(django_field, models.DateField):
        return DateWidget()
    if isinstance(django_field, models.BooleanField):
        return BooleanWidget()
    if isinstance(django_field, models.DecimalField):
        return DecimalWidget()
    if isinstance(django_field, models.IntegerField):
        return IntegerWidget()
    return TextWidget()
