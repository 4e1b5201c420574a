"""Cross-checks that pick among amount candidates and raise or lower confidence."""

from __future__ import annotations

from ocr import domain
from ocr.parsers.layout import Candidate, best


def resolve_money(kind: str, totals: list[Candidate], fare: Candidate | None, discount: Candidate | None,
                  supply: Candidate | None, vat: Candidate | None,
                  printed: tuple[tuple[int, bool], ...] = (),
                  extras: tuple[int, ...] = (),
                  shares: set[int] = frozenset(),
                  bare: set[int] = frozenset()) -> tuple[Candidate | None, list[str]]:
    """The amount paid, preferring a candidate that the other printed amounts agree with.

    `printed` is every amount on a ticket as (value, printed with a minus sign): when the fare (or an amount
    under a total label, 승차권금액) minus the discount is printed too, that is what was paid. `extras` are
    the charges printed on top of the fare (a taxi's call fee or toll, and their sum): fare + extra -
    discount is what was paid as well, so a total it lands on is checked, not repaired to fare - discount.
    `shares` are totals that the card's payment and points or a voucher spent add up to: checked too.
    `bare` are amounts printed alone without a thousands separator: a net they give is one as well.
    """
    notes = []
    agreeing = set(shares)
    if fare and discount:
        agreeing.add(fare.value - discount.value)
    if fare:
        cut = discount.value if discount else 0
        agreeing |= {fare.value + x - cut for x in extras if x > 0}
    if supply and vat:
        agreeing.add(supply.value + vat.value)
    if kind in ("rail_ticket", "bus_ticket"):
        net = _net_of_discount(totals, fare, discount, printed, bare)
        if net:
            agreeing.add(net)
            if net not in {c.value for c in totals}:
                # No total label read (결제 alone, a misread one): gross - discount = net, all three printed.
                totals = totals + [Candidate(net, 0.6, "net")]
    for c in totals:
        if c.value in agreeing:
            c.score = min(0.99, c.score + 0.25)
            notes.append("sum")
        if not domain.fare_plausible(kind, c.value):
            c.score *= 0.5
    total = best(totals)
    if kind in ("rail_ticket", "bus_ticket") and total is not None and total.value not in agreeing:
        # On a ticket the amount the arithmetic lands on wins over a fare read again and again under
        # total-like labels (운임 합계 3,100 / 할인 1,600 / 최종 결제금액 1,500).
        total = best([c for c in totals if c.value in agreeing]) or total
    sums = [v for v, parts in _sums(fare, discount, supply, vat) if all(parts)]
    if total is not None and total.value not in agreeing:
        for value in sums:
            if one_digit_apart(value, total.value):
                # Two printed amounts agree on a sum one digit away from the read total: a misread digit.
                total = Candidate(value, 0.75, "repaired")
                notes.append("repaired")
                break
    if total is not None and total.value not in agreeing and "repaired" not in notes:
        # '\\/5,800' under 총요금 beside a fare of 74,300 and a toll of 1,500: the first digit read as a mark
        # and lost. The one sum of printed amounts the read digits end is what was paid (unsure).
        longer = {v for v in agreeing if len(str(v)) == len(str(total.value)) + 1
                  and str(v).endswith(str(total.value))}
        if len(longer) == 1:
            total = Candidate(longer.pop(), 0.55, "repaired")
            notes.append("repaired")
    if (total is not None and total.value not in agreeing and kind in ("rail_ticket", "bus_ticket")
            and "repaired" not in notes):
        # '[영수금액116,000' beside a fare of 16,000: the label's closing bracket read as a 1 glued to the
        # amount. What the fare less the discount lands on is what was paid, or the fare when no discount
        # was read or one under 100 won, which no ticket gives ('[할인10': its 0 after a bracket read as 1).
        meant = agreeing | ({fare.value} if fare and (not discount or discount.value < 100) else set())
        head = str(total.value)
        if head[0] in "17" and len(head) > 4 and int(head[1:]) in meant and head[1] != "0":
            total = Candidate(int(head[1:]), 0.55, "repaired")
            notes.append("repaired")
    if total is not None and total.value not in agreeing and "repaired" not in notes:
        # ',.210,900' under 결제금액 beside 10,900 under both 운임 and 총요금: a mark before the amount read
        # as a digit. The amount its other digits make, read under two other labels, is what was paid
        # (unsure).
        head = str(total.value)
        others = [c for c in totals if c is not total] + ([fare] if fare else [])
        if (len(head) > 4 and head[1] != "0"
                and sum(c.value == int(head[1:]) for c in others) >= 2):
            total = Candidate(int(head[1:]), 0.55, "repaired")
            notes.append("repaired")
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
    if ((total is None or total.source == "largest") and fare and not discount
            and kind in ("rail_ticket", "bus_ticket")):
        # No total label read: the fare, read beside its label, is a better guess than the largest number.
        total = Candidate(fare.value, 0.5, "fare")
    return total, notes


def consistent_parts(fares: list[Candidate], discounts: list[Candidate], totals: list[Candidate],
                     printed: set[int] = frozenset()) -> tuple[Candidate, Candidate] | None:
    """The fare and the discount, among the amounts read under their labels, that with an amount read
    under a total label make fare - discount = total, when one pair alone does: three printed amounts
    agreeing say which reading belongs to which label better than the nearest one does. With no total
    label read (a bare 결제), any other amount the ticket prints may be the total (`printed`)."""
    found = {(f.value, d.value) for f in fares for d in discounts for t in totals
             if 0 < d.value < f.value and f.value - d.value == t.value}
    if not found:
        found = {(f.value, d.value) for f in fares for d in discounts
                 if 0 < d.value < f.value and f.value - d.value in printed - {f.value, d.value}}
    if len(found) != 1:
        return None
    fare, discount = found.pop()
    return (best([f for f in fares if f.value == fare]), best([d for d in discounts if d.value == discount]))


def _net_of_discount(totals: list[Candidate], fare: Candidate | None, discount: Candidate | None,
                     printed: tuple[tuple[int, bool], ...], bare: set[int] = frozenset()) -> int | None:
    """The one amount left after the discount, when the amount before it and the one after are both printed.

    The discount is the labelled one, else an amount printed with a minus sign (-6,700 in an app's list);
    the amount before it is the fare, a total-labelled amount (승차권 금액 beside 결제금액) or any other.
    """
    values = {v for v, _ in printed} | {c.value for c in totals}
    cuts = {v for v, minus in printed if minus}
    if discount and discount.value > 0:
        cuts.add(discount.value)
    grosses = ({fare.value} if fare else set()) | {c.value for c in totals} | {v for v, _ in printed}
    times = [v for v, _ in printed]
    # Half off: the net equals the discount, so it must be printed twice (as the cut and as the net).
    found = {g - d for g in grosses for d in cuts
             if 0 < g - d and g - d in values and (g - d != d or times.count(d) >= 2)}
    if not found and fare and discount and discount.value > 0 and fare.value - discount.value in bare:
        # '[결제] 32900' under '[요금] 41,100' and '[할인] 8,200': the net's comma unread; the fare and the
        # discount both read under their labels make it an amount, not a stray number.
        found = {fare.value - discount.value}
    return found.pop() if len(found) == 1 else None


def _sums(fare, discount, supply, vat):
    """(value, operands) for fare - discount and supply + VAT when both were read."""
    out = []
    if fare and discount:
        out.append((fare.value - discount.value, (fare.value, discount.value)))
    if supply and vat:
        out.append((supply.value + vat.value, (supply.value, vat.value)))
    return out


def unlabelled_net(largest: int, values: set[int]) -> int | None:
    """The amount paid on a ticket whose every label was lost (letter-spaced labels read a box a letter,
    '도 / 착 / 지', '제 @ 액'): the largest printed amount less another printed one lands on a third, and
    only one such pair does (60,800 - 12,200 = 48,600). Fare - discount = paid is the usual reading, but
    total - VAT = supply gives the same three amounts, so it is a guess, reported unsure. Of the two
    amounts the larger is taken for the paid one: a cut of more than half the fare is rare."""
    pairs = {frozenset((d, largest - d)) for d in values
             if 0 < d < largest and largest - d in values and largest - d != d}
    return max(pairs.pop()) if len(pairs) == 1 else None


def one_digit_apart(a: int, b: int) -> bool:
    """Same number of digits, exactly one different."""
    sa, sb = str(a), str(b)
    return len(sa) == len(sb) and sum(x != y for x, y in zip(sa, sb)) == 1


def agree(a: Candidate | None, b: Candidate | None, c: Candidate | None, op) -> bool:
    """op(a, b) == c for three read amounts."""
    return bool(a and b and c and op(a.value, b.value) == c.value)
