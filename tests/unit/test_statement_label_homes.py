"""No Korean statement-item, region, transport or notification-kind label is copied outside its home.

The homes: workflow/statement.py (ITEM_LABELS), workflow/regions.py (CLASS_LABELS),
workflow/transport.py (TRANSPORT_LABELS) and workflow/notices.py (NOTICES); the web pages and the PDF
import them, and the phone reads them from GET /api/v1/vocabulary.
"""
from __future__ import annotations

import re
from pathlib import Path

from workflow.notices import NOTICES
from workflow.regions import CLASS_LABELS
from workflow.statement import ITEM_LABELS
from workflow.transport import TRANSPORT_LABELS

ROOT = Path(__file__).resolve().parents[2]
LABELS = (set(ITEM_LABELS.values()) | set(CLASS_LABELS.values()) | set(TRANSPORT_LABELS.values())
          | {n.label for n in NOTICES.values()})
# A quoted literal ('…', "…", `…`) or a whole element text (>…<) that is exactly one label.
LITERAL = re.compile(r"""'([^'\n]*)'|"([^"\n]*)"|`([^`\n]*)`|>\s*([^<>{}\n]*?)\s*<""")


def _files() -> list[Path]:
    app = ROOT / "app"
    return sorted([*app.rglob("*.py"), *app.rglob("*.html"), *app.rglob("*.js")])


def _copies(path: Path) -> list[str]:
    rel = path.relative_to(ROOT).as_posix()
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for match in LITERAL.finditer(line):
            text = next(g for g in match.groups() if g is not None).strip()
            if text in LABELS:
                found.append(f"{rel}:{number}: {text}")
    return found


def test_the_scan_reads_the_places_that_used_to_hold_copies():
    names = {p.relative_to(ROOT).as_posix() for p in _files()}
    assert {"app/web/format.py", "app/api/statement_pdf.py", "app/mobile/static/js/ui.js",
            "app/mobile/static/js/screens/settle.js", "app/web/templates/web/trip.html"} <= names


def test_the_scan_finds_a_label_written_as_a_literal():
    texts = {next(g for g in m.groups() if g is not None) for m in
             LITERAL.finditer("REGION = {'seoul': '서울특별시'}; h('label', {}, `숙박비`) <td>철도</td>")}
    assert {"서울특별시", "숙박비", "철도"} <= texts
    assert "숙박비" in LABELS and "철도" in LABELS and "결재 요청" in LABELS


def test_no_statement_region_transport_or_notice_label_is_copied_into_the_app():
    copies = [line for path in _files() for line in _copies(path)]
    assert not copies, "labels belong in workflow/ (statement, regions, transport, notices):\n" + \
        "\n".join(copies)
