"""BaseResource: the rules every import of the project follows (see the package docstring)."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connections, models, router, transaction
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.fields import Field
from import_export.instance_loaders import ModelInstanceLoader
from import_export.results import Result, RowResult
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pontianak_mutasi.audit import mark_change
from pontianak_mutasi.importing.formats import line_number
from pontianak_mutasi.importing.widgets import (
    PRELOAD_CHUNK,
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

    With a single key column (employees by NIP, positions by code) every existing row named
    in the file is loaded up front, ``PRELOAD_CHUNK`` keys per query, instead of one query
    per row (the library's ``CachedInstanceLoader``, tolerant of bad keys). Composite keys
    (history rows) are still looked up row by row.
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        key_fields = resource.get_import_id_fields() or ()
        self.key_field = resource.fields[key_fields[0]] if len(key_fields) == 1 else None
        self.preloaded: dict | None = None
        self.keys: list = []
        self.versions: dict = {}
        if (
            self.key_field is not None
            and dataset is not None
            and self.key_field.column_name in (dataset.headers or ())
        ):
            self.preloaded = self._load(dataset)

    def _key_in(self, keys: list) -> Q:
        """``key IN keys``. On PostgreSQL, for a text key, as a join against the array's
        elements: with a long ``IN`` list the planner took the NIP's trigram index (the search
        index, which also answers ``=``) and rechecked every candidate row — 22 s for 1,500
        NIPs at 100,000 employees (``make bench``); joined, it walks the unique btree index:
        34 ms for 2,000, 64 ms for 4,000."""
        attribute = self.key_field.attribute
        model = self.resource._meta.model
        db = router.db_for_read(model)
        field = model._meta.get_field(attribute)
        if connections[db].vendor == "postgresql" and isinstance(field, models.CharField):
            return Q(**{f"{attribute}__in": RawSQL("SELECT unnest(%s::varchar[])", [keys])})
        return Q(**{f"{attribute}__in": keys})

    def _key(self, row):
        try:
            return self.key_field.clean(row)
        except ValueError:
            return None

    def _load(self, dataset) -> dict:
        self.keys = sorted({k for row in dataset.dict if (k := self._key(row)) not in (None, "")})
        attribute = self.key_field.attribute
        found = {}
        for start in range(0, len(self.keys), PRELOAD_CHUNK):
            chunk = self.keys[start : start + PRELOAD_CHUNK]
            for instance in self.get_queryset().filter(self._key_in(chunk)):
                found[getattr(instance, attribute)] = instance
        self.versions = {key: self._version(instance) for key, instance in found.items()}
        return found

    def _stamps(self) -> list[str]:
        model = self.resource._meta.model
        return [f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]

    def _version(self, instance) -> tuple:
        return (instance.pk, *(getattr(instance, name) for name in self._stamps()))

    def unchanged(self) -> bool:
        """The rows of the file's keys are still those loaded: none created, deleted or saved
        since (their "updated" stamp). Without such a stamp nothing can be told: False."""
        stamps = self._stamps()
        if self.preloaded is None or not stamps:
            return False
        attribute = self.key_field.attribute
        queryset = self.resource._meta.model._default_manager.all()
        now = {}
        for start in range(0, len(self.keys), PRELOAD_CHUNK):
            chunk = self.keys[start : start + PRELOAD_CHUNK]
            rows = queryset.filter(self._key_in(chunk)).values_list(attribute, "pk", *stamps)
            now.update({key: tuple(rest) for key, *rest in rows})
        return now == self.versions

    def get_instance(self, row):
        if self.preloaded is not None:
            key = self._key(row)
            return None if key in (None, "") else self.preloaded.get(key)
        try:
            return super().get_instance(row)
        except ValueError:
            return None

    @property
    def checks_unique_key(self) -> bool:
        """Every key of the file was looked up in the database: a row whose key exists was
        found (and is updated), so the per-row uniqueness query on the key is redundant."""
        return self.preloaded is not None


class LineNumberedResult(Result):
    """Row numbers as the operator sees them in the spreadsheet (header = line 1)."""

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(line_number(number), row, validation_error)

    def append_error_row(self, number, row, errors):
        super().append_error_row(line_number(number), row, errors)

    def row_errors(self):
        return [(line_number(i + 1), row.errors) for i, row in enumerate(self.rows) if row.errors]


class NoDiff:
    """The row diff when no HTML diff is shown (``Meta.skip_html_diff``): nothing is read."""

    def __init__(self, resource, instance, new):
        pass

    def compare_with(self, resource, instance):
        pass

    def as_html(self):
        return []


class BaseResource(resources.ModelResource):
    """Base of every import/export resource; see the module docstring for the rules."""

    #: Relations joined when exporting (and when loading rows by natural key).
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    #: Code columns whose rows are all loaded before the first line (one query per table);
    #: only for reference tables the file cannot create itself.
    preload_fields: tuple[str, ...] = ()
    #: import_checked() may write the rows validate_data() checked without checking them a
    #: second time, when nothing they depend on changed in between (see there).
    reuse_checked_rows = False

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
        self._loader: NaturalKeyInstanceLoader | None = None
        self._import_fields: list[Field] | None = None
        self._original_values: list | None = None
        self._unique_left: dict[frozenset, bool] = {}

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

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        if self._meta.skip_diff and self._meta.skip_unchanged:
            # skip_row() compares with these values instead of a deep copy of the instance.
            self._original_values = (
                None if new else [field.get_value(instance) for field in self.get_import_fields()]
            )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not (self._meta.skip_diff and self._meta.skip_unchanged):
            return super().skip_row(instance, original, row, import_validation_errors)
        # skip_diff only spares the deep copy of every row (and its diff): an existing row
        # whose imported fields did not change is still skipped, as skip_unchanged says.
        if import_validation_errors or self._original_values is None:
            return False
        return all(
            field.get_value(instance) == before
            for field, before in zip(self.get_import_fields(), self._original_values, strict=True)
        )

    def get_diff_class(self):
        # Without the HTML diff nobody reads the field-by-field comparison either.
        return NoDiff if self._meta.skip_html_diff else super().get_diff_class()

    def get_import_fields(self):
        # Asked several times per row by the library; the fields do not change in an import.
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

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

    def import_checked(self, checked: Result, dataset, **kwargs) -> Result:
        """The import step, after ``validate_data(dataset)`` on this resource found no error.

        With ``reuse_checked_rows`` (and ``Meta.store_instance``), the checked instances are
        written as they are, in batches with their audit rows, inside one transaction that
        first makes sure the check still holds: the rows of the file's keys are the ones
        loaded by the check (same ids, same "updated" stamps: nobody created, deleted or
        edited one of them since) and every code still names the same agency, unit or
        position (same id, same code, same parent). Cell parsing and model validation depend
        on nothing else, so checking every row again would give the same answer.

        If anything changed, or anything fails while writing (a NIP inserted by someone else
        meanwhile, a hook raising), nothing of this attempt stays and the file goes through
        ``import_data``: every row checked again in its transaction, any error reported with
        its line (and column) as before.
        """
        if self._can_reuse(checked):
            try:
                with transaction.atomic(using=self.get_db_connection_name()):
                    if self._unchanged_since_check():
                        self._write_checked(checked, **kwargs)
                        return checked
            except Exception:  # rolled back; the row-by-row import below says why
                pass
        again = type(self)(progress=self.progress)
        return again.import_data(dataset, dry_run=False, **kwargs)

    def _can_reuse(self, checked: Result) -> bool:
        if not (self.reuse_checked_rows and self._meta.store_instance):
            return False
        if checked.has_errors() or checked.has_validation_errors():
            return False
        foreign_keys = {
            name
            for name, field in self.fields.items()
            if isinstance(field.widget, widgets.ForeignKeyWidget)
        }
        return foreign_keys <= set(self.preload_fields) and isinstance(
            self._loader, NaturalKeyInstanceLoader
        )

    def _unchanged_since_check(self) -> bool:
        if not self._loader.unchanged():
            return False
        return all(self.fields[name].widget.unchanged() for name in self.preload_fields)

    def _write_checked(self, checked: Result, **kwargs) -> None:
        batch = self._meta.batch_size or 1000
        total = len(checked.rows)
        # The check queued every row too (use_bulk) without writing them.
        self.create_instances.clear()
        self.update_instances.clear()
        kwargs = {**kwargs, "dry_run": False, "using_transactions": True}
        for number, row_result in enumerate(checked.rows, 1):
            instance = row_result.instance
            new = row_result.import_type == RowResult.IMPORT_TYPE_NEW
            if new or row_result.import_type == RowResult.IMPORT_TYPE_UPDATE:
                # As save_instance() with use_bulk: hooks around queueing the row.
                kwargs["row_number"] = number
                self.before_save_instance(instance, {}, **kwargs)
                (self.create_instances if new else self.update_instances).append(instance)
                self.after_save_instance(instance, {}, **kwargs)
            if len(self.create_instances) >= batch or number == total:
                self.bulk_create(True, False, True, batch_size=batch)
            if len(self.update_instances) >= batch or number == total:
                self.bulk_update(True, False, True, batch_size=batch)
            if self.progress is not None:
                self.progress(number, total)

    def import_row(self, row, instance_loader, **kwargs):
        self._loader = instance_loader
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
        if self.preload_fields and rows:
            table = [dict(zip(headers, row, strict=False)) for row in rows]
            for name in self.preload_fields:
                field = self.fields[name]
                if field.column_name in headers:
                    field.widget.preload(field.column_name, table)

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
                if type(field) is Field and not field.readonly and "__" not in field.attribute:
                    if field.column_name in row:
                        _save_plain(field, instance, row, kwargs)
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
        if self._has_history():
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
                self.full_clean(instance, exclude=set(errors), validate_unique=validate_unique)
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

    def full_clean(self, instance, *, exclude: set, validate_unique: bool = True) -> None:
        """``Model.full_clean`` without its per-row queries whose answer is already known:

        * a foreign key holding an object loaded from the database in this import (by a code
          widget or with the existing row) is not looked up again (``ForeignKey.validate``
          runs an EXISTS query per key and row); the database's foreign key still guards it;
        * the unique key the instance loader looked up for the whole file is not queried
          again per row (a row whose key exists *is* that row); other unique fields are.

        Everything else is Django's: field validators, ``clean()``, unique checks and
        constraints, errors merged the same way.
        """
        loaded_fks = {
            f.name
            for f in instance._meta.fields
            if f.many_to_one
            and f.is_cached(instance)
            and getattr(f.get_cached_value(instance), "pk", None) is not None
        }
        errors: dict = {}
        try:
            instance.clean_fields(exclude=exclude | loaded_fks)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        try:
            instance.clean()
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        exclude = exclude | {name for name in errors if name != NON_FIELD_ERRORS}
        if validate_unique:
            unique_exclude = set(exclude)
            if self._loader is not None and getattr(self._loader, "checks_unique_key", False):
                unique_exclude.add(self._loader.key_field.attribute)
            validate_unique = self._unique_checks_left(instance, unique_exclude)
        if validate_unique:
            try:
                instance.validate_unique(exclude=unique_exclude)
            except ValidationError as e:
                errors = e.update_error_dict(errors)
            exclude = exclude | {name for name in errors if name != NON_FIELD_ERRORS}
        try:
            instance.validate_constraints(exclude=exclude)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _unique_checks_left(self, instance, exclude: set) -> bool:
        """Whether ``validate_unique(exclude)`` would check anything but the primary key (which
        it never queries for an import). Asked once per set of excluded fields."""
        key = frozenset(exclude)
        if key not in self._unique_left:
            unique_checks, date_checks = instance._get_unique_checks(exclude=exclude)
            pk = instance._meta.pk.name
            self._unique_left[key] = bool(date_checks) or any(
                fields != (pk,) for _model, fields in unique_checks
            )
        return self._unique_left[key]

    # -- bulk saving (Meta.use_bulk) --------------------------------------------------------
    def _has_history(self) -> bool:
        # Not hasattr(model, "history"): that builds a new history manager on every call.
        return hasattr(self._meta.model._meta, "simple_history_manager_attribute")

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """As the library's, with one audit row per instance (user and reason as marked by
        ``before_save_instance``)."""
        if not self._has_history():
            return super().bulk_create(
                using_transactions, dry_run, raise_errors, batch_size, result
            )
        if self.create_instances and (using_transactions or not dry_run):
            try:
                if history_by_sql(self.create_instances):
                    created = self._meta.model._default_manager.bulk_create(
                        self.create_instances, batch_size=batch_size
                    )
                    write_history(created, "+", batch_size=batch_size)
                else:
                    bulk_create_with_history(
                        self.create_instances, self._meta.model, batch_size=batch_size
                    )
            except Exception as e:
                self.handle_import_error(result, e, raise_errors)
            finally:
                self.create_instances.clear()

    def _auto_now_fields(self) -> list[models.Field]:
        return [f for f in self._meta.model._meta.concrete_fields if getattr(f, "auto_now", False)]

    def get_bulk_update_fields(self):
        # bulk_update() does not call pre_save(): "updated" stamps are set here.
        names = super().get_bulk_update_fields()
        return names + [f.name for f in self._auto_now_fields() if f.name not in names]

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not self.update_instances or not (using_transactions or not dry_run):
            return super().bulk_update(
                using_transactions, dry_run, raise_errors, batch_size, result
            )
        now = timezone.now()
        for instance in self.update_instances:
            for f in self._auto_now_fields():
                setattr(instance, f.attname, now)
        if not self._has_history():
            return super().bulk_update(
                using_transactions, dry_run, raise_errors, batch_size, result
            )
        try:
            if history_by_sql(self.update_instances):
                self._meta.model._default_manager.bulk_update(
                    self.update_instances, self.get_bulk_update_fields(), batch_size=batch_size
                )
                write_history(self.update_instances, "~", batch_size=batch_size)
            else:
                bulk_update_with_history(
                    self.update_instances,
                    self._meta.model,
                    self.get_bulk_update_fields(),
                    batch_size=batch_size,
                )
        except Exception as e:
            self.handle_import_error(result, e, raise_errors)
        finally:
            self.update_instances.clear()


_HISTORY_FIELDS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}


def history_by_sql(instances: list) -> bool:
    """Whether :func:`write_history` can write the audit rows of ``instances``: saved rows of
    one model whose historical model has only the tracked fields and the standard history
    fields, each instance marked by ``mark_change`` (user and reason)."""
    if not instances:
        return False
    model = type(instances[0])
    history_model = getattr(getattr(model, "history", None), "model", None)
    if history_model is None:
        return False
    tracked = {f.name for f in history_model.tracked_fields}
    names = {f.name for f in history_model._meta.concrete_fields}
    if names - tracked != _HISTORY_FIELDS:
        return False
    return all(
        hasattr(obj, "_history_user") and hasattr(obj, "_change_reason") for obj in instances
    )


def write_history(instances: list, history_type: str, *, batch_size: int | None = None) -> None:
    """The audit rows of rows just written, copied by the database from the rows themselves:
    one ``INSERT … SELECT`` per batch and per (user, reason), instead of building a historical
    model instance per row in Python (``bulk_history_create``, a fifth of a large import).

    The same rows as django-simple-history writes: every tracked column, the date, the user
    and reason named by ``mark_change``, the type (``+`` created, ``~`` changed)."""
    model = type(instances[0])
    history_model = model.history.model
    connection = connections[router.db_for_write(model)]
    qn = connection.ops.quote_name
    tracked = list(history_model.tracked_fields)
    opts = history_model._meta
    columns = [opts.get_field(f.name).column for f in tracked] + [
        opts.get_field(name).column
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    ]
    selected = [qn(f.column) for f in tracked] + ["%s"] * 4
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    groups: dict[tuple, list] = {}
    for obj in instances:
        user = getattr(obj, "_history_user", None)
        groups.setdefault((getattr(user, "pk", user), obj._change_reason), []).append(obj.pk)
    step = batch_size or 1000
    with connection.cursor() as cursor:
        for (user_id, reason), pks in groups.items():
            for start in range(0, len(pks), step):
                chunk = pks[start : start + step]
                cursor.execute(
                    f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(c) for c in columns)}) "
                    f"SELECT {', '.join(selected)} FROM {qn(model._meta.db_table)} "
                    f"WHERE {qn(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                    [now, reason, history_type, user_id, *chunk],
                )


def _save_plain(field: Field, instance, row, kwargs: dict) -> None:
    """``Field.save`` of a plain field (no relation path, not many-to-many), inlined: it runs
    20 times per row, and the library's generic version costs a tenth of the import."""
    value = field.widget.clean(row[field.column_name], row=row, **kwargs)
    if value in field.empty_values and field.default is not NOT_PROVIDED:
        value = field.default() if callable(field.default) else field.default
    if value is not None or field.saves_null_values:
        setattr(instance, field.attribute, value)


def import_errors(result: Result) -> list[str]:
    """Every error message of an import result, flattened (for tests and commands)."""
    messages = [str(e.error) for e in result.base_errors]
    for _line, errors in result.row_errors():
        messages.extend(str(e.error) for e in errors)
    for invalid in result.invalid_rows:
        for errors in invalid.error_dict.values():
            messages.extend(str(m) for m in errors)
    return messages
