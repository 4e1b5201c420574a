"""No Korean trip-status or trip-action label is written outside the registry (web, templates, JS)."""
from __future__ import annotations

import re
from pathlib import Path

from workflow.trip_registry import ACTIONS, STATUSES

ROOT = Path(__file__).resolve().parents[2]
LABELS = {i.label for i in [*STATUSES.values(), *ACTIONS.values()]}
DONE = {a.done_message for a in ACTIONS.values()}
# A quoted literal ('…', "…", `…`) or a template text node (>…<) that is exactly one label.
LITERAL = re.compile(r"""'([^'\n]*)'|"([^"\n]*)"|`([^`\n]*)`|>\s*([^<>{}\n]*?)\s*<""")
# The same word meaning something else: a dialog's "cancel" that closes the receipt editor.
ALLOWED = {("app/mobile/static/js/screens/receipt.js", "취소")}


def _sources() -> list[Path]:
    web = ROOT / "app" / "web"
    return sorted([*web.glob("*.py"), *web.rglob("templates/**/*.html"),
                   *(ROOT / "app" / "mobile" / "static").rglob("*.js")])


def _copies(path: Path) -> list[str]:
    rel = path.relative_to(ROOT).as_posix()
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for match in LITERAL.finditer(line):
            text = next(g for g in match.groups() if g is not None).strip()
            if (text in LABELS or text in DONE) and (rel, text) not in ALLOWED:
                found.append(f"{rel}:{number}: {text}")
    return found


def test_the_scan_covers_the_web_pages_templates_and_phone_app():
    names = {p.name for p in _sources()}
    assert {"format.py", "pages.py", "trip.html", "queue.html", "ui.js", "trip.js", "trips.js"} <= names


def test_the_scan_finds_a_label_written_as_a_literal(tmp_path):
    sample = ROOT / "app" / "web" / "format.py"
    assert not _copies(sample)
    assert LITERAL.search("x = '결재 대기'") and LITERAL.search("<td>정산 승인</td>")


def test_no_trip_status_or_action_label_is_copied_outside_the_registry():
    copies = [line for path in _sources() for line in _copies(path)]
    assert not copies, "labels belong in workflow/trip_registry.py:\n" + "\n".join(copies)
