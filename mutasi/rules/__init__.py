"""Eligibility rules of a transfer (DOMAIN.md §3) and the fit of an employee for a position.

Everything is judged at the *planned TMT* of the move, never "today": time in position is
counted up to the TMT, a sanction that ends the day before the TMT does not block, and so on.
Thresholds come from ``AturanMutasi`` (admin-editable), never from literals here.

``evaluate()`` returns one ``RuleResult`` per rule, each naming its legal basis. A failure
blocks the proposal unless the rule may be overridden (``dapat_dikecualikan``) and a verifier
did so (``PengecualianAturan``); ``blocking()`` and ``summary()`` apply the overrides. The
conflict-of-interest rule (PP 11/2017 Pasal 190(5)) lives in ``mutasi/permissions.py``.

Queries: relations are read through ``.all()``, so prefetched data is used when present. Load
the employee with ``prefetch_for_rules()`` and, when ranking many employees for one position,
the position with ``prefetch_jabatan_for_rules()``.

Modules: ``common`` (codes, results, dates, shared education helpers), ``eligibility`` (the
rules), ``fit`` (the score).
"""

from mutasi.rules.common import (
    GAGAL,
    HASIL,
    LULUS,
    PERINGATAN,
    RULES,
    TIDAK_BERLAKU,
    RuleResult,
    blocking,
    jabatan_for_rules,
    pegawai_for_rules,
    prefetch_for_rules,
    prefetch_jabatan_for_rules,
    summary,
)
from mutasi.rules.eligibility import evaluate
from mutasi.rules.fit import FitItem, FitResult, fit

__all__ = [
    "GAGAL",
    "HASIL",
    "LULUS",
    "PERINGATAN",
    "RULES",
    "TIDAK_BERLAKU",
    "FitItem",
    "FitResult",
    "RuleResult",
    "blocking",
    "evaluate",
    "fit",
    "jabatan_for_rules",
    "pegawai_for_rules",
    "prefetch_for_rules",
    "prefetch_jabatan_for_rules",
    "summary",
]
