"""Cross-checks that pick among amount candidates and raise or lower confidence."""

from __future__ import annotations

from ocr import domain
from ocr.parsers.layout import Candidate, best


def resolve_money(kind: str, totals: list[Candidate], fare: Candidate | None, discount: Candidate | None,
                  supply: Candidate | None, vat: Candidate | None) -> tuple[Candidate | None, list[str]]:
    """The amount paid, preferring a candidate that the other printed amounts agree with."""
    notes = []
    agreeing = set()
    if fare and discount:
        agreeing.add(fare.value - discount.value)
    if supply and vat:
        agreeing.add(supply.value + vat.value)
    for c in totals:
        if c.value in agreeing:
            c.score = min(0.99, c.score + 0.25)
            notes.append("sum")
        if not domain.fare_plausible(kind, c.value):
            c.score *= 0.5
    total = best(totals)
    sums = [v for v, parts in _sums(fare, discount, supply, vat) if all(parts)]
    if total is not None and total.value not in agreeing:
        for value in sums:
            if _one_digit_apart(value, total.value):
                # Two printed amounts agree on a sum one digit away from the read total: a misread digit.
                total = Candidate(value, 0.75, "repaired")
                notes.append("repaired")
                break
    if total is not None and agreeing and total.value not in agreeing:
        # The printed amounts disagree with each other: one of them is misread; say so.
        total = Candidate(total.value, min(total.score, 0.5), total.source)
        notes.append("disagree")
    if (total is not None and fare and not discount and kind in ("rail_ticket", "bus_ticket")
            and total.value != fare.value and "repaired" not in notes):
        # Paid differs from the fare and no discount was read to explain it: one of the two is misread.
        total = Candidate(total.value, min(total.score, 0.55), total.source)
        notes.append("fare-disagrees")
    if total is None and agreeing:
        value = next(iter(agreeing))
        if value > 0:
            total = Candidate(value, 0.6, "derived")
            notes.append("derived")
    if total is None and fare and not discount and kind in ("rail_ticket", "bus_ticket"):
        total = Candidate(fare.value, 0.5, "fare")
    return total, notes


def _sums(fare, discount, supply, vat):
    """(value, operands) for fare - discount and supply + VAT when both were read."""
    out = []
    if fare and discount:
        out.append((fare.value - discount.value, (fare.value, discount.value)))
    if supply and vat:
        out.append((supply.value + vat.value, (supply.value, vat.value)))
    return out


def _one_digit_apart(a: int, b: int) -> bool:
    """Same number of digits, exactly one different."""
    sa, sb = str(a), str(b)
    return len(sa) == len(sb) and sum(x != y for x, y in zip(sa, sb)) == 1


def agree(a: Candidate | None, b: Candidate | None, c: Candidate | None, op) -> bool:
    """op(a, b) == c for three read amounts."""
    return bool(a and b and c and op(a.value, b.value) == c.value)
