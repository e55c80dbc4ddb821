"""BaseResource: the rules every import of the project follows (see the package docstring)."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.fields import Field
from import_export.instance_loaders import ModelInstanceLoader
from import_export.results import Result

from pontianak_mutasi.audit import mark_change
from pontianak_mutasi.importing.formats import line_number
from pontianak_mutasi.importing.widgets import (
    _is_empty,
    clean_text,
    escape_formula,
    widget_for_model_field,
)

# -- resources ----------------------------------------------------------------------------


class NaturalKeyInstanceLoader(ModelInstanceLoader):
    """Finds the existing row by the natural key columns.

    A key cell that does not even parse (bad NIP, unknown agency code) makes the row look new;
    ``import_instance`` then reports that cell with its line and column, instead of the whole
    row failing with a bare exception.
    """

    def get_instance(self, row):
        try:
            return super().get_instance(row)
        except ValueError:
            return None


class LineNumberedResult(Result):
    """Row numbers as the operator sees them in the spreadsheet (header = line 1)."""

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(line_number(number), row, validation_error)

    def append_error_row(self, number, row, errors):
        super().append_error_row(line_number(number), row, errors)

    def row_errors(self):
        return [(line_number(i + 1), row.errors) for i, row in enumerate(self.rows) if row.errors]


class BaseResource(resources.ModelResource):
    """Base of every import/export resource; see the module docstring for the rules."""

    #: Relations joined when exporting (and when loading rows by natural key).
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    class Meta:
        clean_model_instances = True  # model validation (NIP, unit of the agency…) per row
        skip_unchanged = True  # re-importing the same file changes nothing
        report_skipped = True
        use_transactions = True
        instance_loader_class = NaturalKeyInstanceLoader

    def __init__(self, *, progress=None, **kwargs):
        super().__init__(**kwargs)
        #: ``progress(row_number, total)`` after every row, valid or not (background jobs).
        self.progress = progress
        self._row_total = 0
        self._row_number = 0
        # attribute → column for errors reported on another column than the field's own.
        self._error_columns: dict[str, str] = {}
        # natural key → line where it first appeared in this file.
        self._seen_keys: dict[tuple, int] = {}

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        return Field(
            attribute=field_name,
            column_name=field_name,
            widget=widget_for_model_field(django_field),
            readonly=readonly,
            default=django_field.default,
        )

    @classmethod
    def get_result_class(cls):
        return LineNumberedResult

    def get_queryset(self) -> QuerySet:
        return self._with_relations(super().get_queryset())

    def _with_relations(self, queryset):
        if isinstance(queryset, QuerySet):
            if self.select_related:
                queryset = queryset.select_related(*self.select_related)
            if self.prefetch_related:
                queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    def filter_export(self, queryset, **kwargs):
        return self._with_relations(queryset)

    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = super().export_resource(instance, selected_fields, **kwargs)
        return [escape_formula(value) for value in row]

    # -- import ---------------------------------------------------------------------------
    def validate_data(self, dataset) -> Result:
        """Every check of an import, without writing and without a transaction.

        ``import_data(dry_run=True)`` saves each row and rolls the transaction back: on SQLite
        that holds the database's only write lock for the whole file. Here rows are validated
        (cells, model ``full_clean``, natural keys, uniqueness against the database) but never
        saved, so nobody waits. The real import validates again inside its transaction, so
        whatever changed in between is still caught — this only finds errors early.
        """
        return self.import_data_inner(
            dataset,
            dry_run=True,
            raise_errors=False,
            using_transactions=False,
            collect_failed_rows=False,
        )

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if self.progress is not None:
            self.progress(kwargs.get("row_number", 0), self._row_total)
        return row_result

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=True,
        **kwargs,
    ):
        # All or nothing: the library commits the valid rows of a file with invalid rows
        # unless told otherwise.
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=use_transactions,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=rollback_on_validation_errors,
            **kwargs,
        )

    def before_import(self, dataset, **kwargs):
        """Headers matched case-insensitively; empty lines (Excel leaves many) dropped."""
        headers = [clean_text(h).lower() for h in (dataset.headers or [])]
        rows = [list(r) for r in dataset if not all(_is_empty(v) for v in r)]
        dataset.wipe()
        dataset.headers = headers
        for row in rows:
            dataset.append(row)
        self._row_total = len(rows)
        self._seen_keys = {}

    def before_import_row(self, row, **kwargs):
        self._row_number = kwargs.get("row_number", 0)
        self._error_columns = {}

    @property
    def line(self) -> int:
        return line_number(self._row_number)

    def column_of(self, attribute: str) -> str:
        if attribute in self._error_columns:
            return self._error_columns[attribute]
        for field in self.fields.values():
            if field.attribute == attribute or field.attribute == f"{attribute}_id":
                return field.column_name
        return attribute

    def cell_message(self, column: str, message) -> str:
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.line,
            "column": column,
            "message": message,
        }

    def row_message(self, message) -> str:
        return _("Row %(row)s: %(message)s") % {"row": self.line, "message": message}

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, ValidationError] = {}
        for field in self.get_import_fields():
            try:
                if isinstance(field.widget, widgets.ManyToManyWidget):
                    # Saved later by save_m2m(); checked now so a bad code is a cell error.
                    if not field.readonly and field.column_name in row:
                        field.clean(row, **kwargs)
                    continue
                self.import_field(field, instance, row, **kwargs)
            except ValueError as exc:
                column = getattr(exc, "column", None) or field.column_name
                self._error_columns[field.attribute] = column
                errors[field.attribute] = ValidationError(self.cell_message(column, exc))
        self.after_import_fields(instance, row, errors)
        if not errors:
            self.check_key_once(instance, errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        """The audit trail (docs/audit.md): the importing user and the file, on every row's
        history. The admin import passes ``user`` and ``file_name``; the background import
        passes the job's owner and file."""
        super().before_save_instance(instance, row, **kwargs)
        if hasattr(type(instance), "history"):
            mark_change(
                instance,
                user=kwargs.get("user"),
                reason=f"Impor berkas {kwargs.get('file_name') or ''}".strip(),
            )

    def check_key_once(self, instance, errors: dict) -> None:
        """The same natural key twice in one file is an error, not a silent overwrite.

        The check step never saves, so the database cannot see the first of two rows with
        the same NIP; without this the import step would create it and then overwrite it
        with the second (the file "succeeds" with one employee's data lost).
        """
        fields = [self.fields[name] for name in self._meta.import_id_fields or ()]
        if not fields:
            return
        key = []
        for field in fields:
            value = getattr(instance, field.attribute, None)
            key.append(getattr(value, "pk", value))
        key = tuple(key)
        first = self._seen_keys.setdefault(key, self.line)
        if first != self.line:
            column = fields[0].column_name
            self._error_columns[fields[0].attribute] = column
            errors[fields[0].attribute] = ValidationError(
                self.cell_message(
                    column,
                    _("the same record is already on line %(line)s of this file.")
                    % {"line": first},
                )
            )

    def after_import_fields(self, instance, row, errors: dict) -> None:
        """Hook: derive values from the imported ones (e.g. predikat from an old score)."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if self._meta.clean_model_instances:
            try:
                instance.full_clean(exclude=errors.keys(), validate_unique=validate_unique)
            except ValidationError as exc:
                found = (
                    exc.message_dict
                    if hasattr(exc, "error_dict")
                    else {NON_FIELD_ERRORS: exc.messages}
                )
                for key, messages in found.items():
                    if key == NON_FIELD_ERRORS:
                        located = [self.row_message(m) for m in messages]
                    else:
                        located = [self.cell_message(self.column_of(key), m) for m in messages]
                    # clean() runs even for excluded fields: keep the cell's import error too.
                    if key in errors:
                        located = [*ValidationError(errors[key]).messages, *located]
                    errors[key] = ValidationError(list(dict.fromkeys(located)))
        if errors:
            # Keyed by the column the operator sees in the file, not the model field name.
            by_column: dict[str, list] = {}
            for key, error in errors.items():
                column = key if key == NON_FIELD_ERRORS else self.column_of(key)
                by_column.setdefault(column, []).extend(ValidationError(error).error_list)
            raise ValidationError(by_column)


def import_errors(result: Result) -> list[str]:
    """Every error message of an import result, flattened (for tests and commands)."""
    messages = [str(e.error) for e in result.base_errors]
    for _line, errors in result.row_errors():
        messages.extend(str(e.error) for e in errors)
    for invalid in result.invalid_rows:
        for errors in invalid.error_dict.values():
            messages.extend(str(m) for m in errors)
    return messages
