"""English must never reach users: every UI string has a reviewed Indonesian translation.

The .po file is parsed here (no extra dependency); a second test extracts the strings the
code uses right now (makemessages on a scratch copy) and checks each is translated.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"


def parse_po(path: Path) -> list[dict]:
    """Entries as dicts: msgid, msgid_plural, msgstr (list), flags, obsolete."""
    entries: list[dict] = []
    entry: dict = {}
    key = None

    def flush():
        nonlocal entry
        if "msgid" in entry:
            entries.append(entry)
        entry = {}

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            key = None
            continue
        if line.startswith("#~"):
            entry["obsolete"] = True
            continue
        if line.startswith("#,"):
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith("msgctxt "):
            if "msgid" in entry:
                flush()
            entry["msgctxt"] = ast.literal_eval(line[8:])
            key = "msgctxt"
        elif line.startswith("msgid_plural "):
            entry["msgid_plural"] = ast.literal_eval(line[13:])
            key = "msgid_plural"
        elif line.startswith("msgid "):
            if "msgid" in entry:
                flush()
            entry["msgid"] = ast.literal_eval(line[6:])
            key = "msgid"
        elif line.startswith("msgstr["):
            idx = int(line[7 : line.index("]")])
            entry.setdefault("msgstr", {})[idx] = ast.literal_eval(line[line.index("]") + 2 :])
            key = ("msgstr", idx)
        elif line.startswith("msgstr "):
            entry.setdefault("msgstr", {})[0] = ast.literal_eval(line[7:])
            key = ("msgstr", 0)
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if isinstance(key, tuple):
                entry["msgstr"][key[1]] += text
            elif key:
                entry[key] += text
    flush()
    return [e for e in entries if e.get("msgid") and not e.get("obsolete")]


def test_po_file_exists_and_has_entries():
    assert PO.exists(), "run `make messages` and translate locale/id/LC_MESSAGES/django.po"
    assert len(parse_po(PO)) > 100


def test_no_empty_or_fuzzy_indonesian_entry():
    bad = [
        e["msgid"]
        for e in parse_po(PO)
        if "fuzzy" in e.get("flags", set()) or not all(e.get("msgstr", {0: ""}).values())
    ]
    assert bad == [], f"untranslated or fuzzy entries: {bad[:20]}"


def test_placeholders_survive_translation():
    import re

    placeholder = re.compile(r"%\(\w+\)[sdf]|\{\w*\}")
    for e in parse_po(PO):
        expected = sorted(placeholder.findall(e["msgid"]))
        for text in e["msgstr"].values():
            assert sorted(placeholder.findall(text)) == expected, e["msgid"]


@pytest.mark.slow
def test_every_string_in_the_code_is_in_the_po_file(tmp_path):
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext (xgettext) is not installed")
    scratch = tmp_path / "src"
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "locale", "media", "staticfiles", "test-artifacts", "*.pyc", "vendor"
    )
    shutil.copytree(ROOT, scratch, ignore=ignore)
    (scratch / "locale" / "id" / "LC_MESSAGES").mkdir(parents=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-location", "-v", "0"],
        cwd=scratch,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "pontianak_mutasi.settings"},
    )
    fresh = {
        (e.get("msgctxt"), e["msgid"])
        for e in parse_po(scratch / "locale/id/LC_MESSAGES/django.po")
    }
    known = {(e.get("msgctxt"), e["msgid"]) for e in parse_po(PO)}
    missing = sorted(m for _ctx, m in fresh - known)
    assert missing == [], f"run `make messages` and translate: {missing[:20]}"
