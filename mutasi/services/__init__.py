"""Writes on transfer proposals. Every status change takes the same steps (STYLE.md):

lock the row → check permission and guard → transition → save(update_fields) → one log row →
notifications, with e-mail sent only after the transaction commits.
"""

from mutasi.services.common import (
    NOTE_REQUIRED,
    TRANSITIONS,
    ConflictError,
    dokumen_missing,
    nomor_allocate,
    persyaratan_for,
    persyaratan_list,
    usulan_evaluate,
    usulan_evaluation_shown,
)
from mutasi.services.dokumen import dokumen_review, dokumen_upload
from mutasi.services.notifikasi import notifikasi_mark_read
from mutasi.services.sk import (
    sk_compose,
    sk_discard_draft,
    sk_issue,
    sk_render_background,
    sk_render_retry,
    sk_revoke,
    sk_update_draft,
)
from mutasi.services.usulan import (
    EDITABLE_FIELDS,
    usulan_bulk_decide,
    usulan_create,
    usulan_override_rule,
    usulan_transition,
    usulan_update,
)

__all__ = [
    "EDITABLE_FIELDS",
    "NOTE_REQUIRED",
    "TRANSITIONS",
    "ConflictError",
    "dokumen_missing",
    "dokumen_review",
    "dokumen_upload",
    "nomor_allocate",
    "notifikasi_mark_read",
    "persyaratan_for",
    "persyaratan_list",
    "sk_compose",
    "sk_discard_draft",
    "sk_issue",
    "sk_render_background",
    "sk_render_retry",
    "sk_revoke",
    "sk_update_draft",
    "usulan_bulk_decide",
    "usulan_create",
    "usulan_evaluate",
    "usulan_evaluation_shown",
    "usulan_override_rule",
    "usulan_transition",
    "usulan_update",
]
