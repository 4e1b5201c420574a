"""The statement a calculation produces: lines that cite their article, flags for the approver, a total."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from workflow.flags import Flag

# Every kind of statement line the calculator writes (Line.item), with its Korean label: the one home of
# these words (web pages, the PDF and the phone's vocabulary read them from here).
ITEM_LABELS = {"fare": "운임", "daily": "일비", "meal": "식비", "lodging": "숙박비",
               "duty_area": "근무지 내 출장비", "fuel": "자가용 연료비", "toll": "통행료"}


@dataclass(frozen=True)
class Line:
    """One item of the statement; amount == quantity x unit_amount."""

    item: str
    quantity: int
    unit_amount: int
    amount: int
    rule: str
    note: str = ""


@dataclass(frozen=True)
class Statement:
    """The settlement: lines, flags and the total in integer KRW."""

    lines: tuple[Line, ...]
    flags: tuple[Flag, ...]
    rates_effective: date
    total: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", sum(line.amount for line in self.lines))

    @property
    def needs_review(self) -> bool:
        """True when a blocking flag means a person must look before settlement."""
        return any(flag.blocking for flag in self.flags)

    def to_dict(self) -> dict:
        """JSON-ready form: lines, flags, total, needs_review and the rates version used."""
        return {
            "lines": [asdict(line) for line in self.lines],
            "flags": [flag.to_dict() for flag in self.flags],
            "total": self.total,
            "needs_review": self.needs_review,
            "rates_effective": self.rates_effective.isoformat(),
        }


def with_caveat(note: str, caveat: str) -> str:
    """`note`, followed by the data's caveat (a secondary or unconfirmed source) when there is one."""
    return f"{note} [{caveat}]" if caveat else note
