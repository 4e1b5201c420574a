"""Domain bounds: limits no real domestic trip reaches, checked where input is parsed.

Each bound is far above what the regulation or a real trip produces, so it never refuses an honest
claim; what it refuses is input that would cost CPU (a 1e999999 km drive, a trip to 9999-12-31),
overflow a column or a SUM, or slip an absurd amount past the approver. Values over a bound are a
422 naming the field. Limits that send a plausible but unusual claim to review (not refusals) live
in REVIEW_LIMITS and are applied by workflow.review (the fare percent by workflow.fares).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

# --- money (integer KRW) ------------------------------------------------------------------------
# One fare, one night, one toll or one receipt: the dearest domestic item is a 제1호 night in a
# Seoul suite or a last-minute business-class flight to Jeju, well under 5 million won.
MAX_ITEM_KRW = 5_000_000
# A receipt's printed amounts (total, supply value, VAT...) share the item bound.
MAX_RECEIPT_KRW = MAX_ITEM_KRW
# So one statement is at most MAX_EXPENSES x MAX_ITEM_KRW = 2.5 billion won (over 2^31: money
# columns are BIGINT), and 100,000 of them summed stay far below 2^63 (SQLite's SUM raises there).
# Fuel price per litre: Korean pump prices have never reached 2,500 won; 10,000 is a typo guard.
MAX_FUEL_PRICE_KRW = 10_000

# --- distances, counts, lengths -----------------------------------------------------------------
# A private-car claim for one trip: the longest round trip on the Korean mainland is under 1,500 km;
# a week of driving between sites stays under 5,000 km.
MAX_DISTANCE_KM = Decimal(5000)
# Decimal text longer than this is not a distance (and "1e999999" never reaches arithmetic).
MAX_NUMBER_TEXT = 32
# Expenses in one statement: one fare each way per day of the longest trip, plus lodging.
MAX_EXPENSES = 500
MAX_LODGING_NIGHTS = 400
MAX_TOLLS = 100
# A trip longer than a year is a posting (전보), not a business trip; 제17조 counts up to 60+ days.
MAX_TRIP_DAYS = 366
# Hours of a duty-area trip (제18조) in one day.
MAX_DUTY_AREA_HOURS = Decimal(24)
# Free text: a destination, a reason, a station name.
MAX_SHORT_TEXT = 200
MAX_LONG_TEXT = 2000

# --- dates ----------------------------------------------------------------------------------------
# The rates table starts in the 2000s and nothing is planned past 2100; outside is a typo or a probe
# (0001-01-01 and 9999-12-31 overflow timezone arithmetic in the database drivers).
MIN_DATE = date(2000, 1, 1)
MAX_DATE = date(2100, 12, 31)

# --- ids ------------------------------------------------------------------------------------------
# Primary keys are 32-bit on PostgreSQL (SERIAL); a larger id cannot exist, so it is a 404 at once.
MAX_ID = 2**31 - 1

# --- review limits (blocking flags, not refusals; see workflow.review) ----------------------------
REVIEW_LIMITS = {
    # Tolls of one trip: Seoul-Busan and back is about 45,000 won; above 100,000 a person looks.
    "toll_per_trip_krw": 100_000,
    # Fuel of one trip: 1,000 km at 2,000 won/L and 9.77 km/L (LPG) is about 205,000 won.
    "fuel_per_trip_krw": 300_000,
    # A paid fare more than this above the route's reference fare blocks (workflow.fares uses 5% for
    # its notice; 20% leaves room for surcharges and tariff changes not yet in the data).
    "fare_over_tariff_percent": 20,
}


class BoundError(ValueError):
    """A value outside its domain bound; the message is for the caller (Korean, like CaseError)."""


def parse_decimal(value: object, *, maximum: Decimal) -> Decimal:
    """A finite positive Decimal up to `maximum` from a number or a short string; BoundError else."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise BoundError("숫자여야 합니다")
    text = str(value).strip()
    if len(text) > MAX_NUMBER_TEXT:
        raise BoundError("숫자가 너무 깁니다")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise BoundError("숫자여야 합니다") from None
    if not number.is_finite() or number <= 0:
        raise BoundError("0보다 큰 숫자여야 합니다")
    if number > maximum:
        raise BoundError(f"{maximum:,} 이하여야 합니다")
    return number


def check_date(day: date) -> date:
    """`day` if within MIN_DATE..MAX_DATE, else BoundError."""
    if not MIN_DATE <= day <= MAX_DATE:
        raise BoundError(f"{MIN_DATE} ~ {MAX_DATE} 사이의 날짜여야 합니다")
    return day


def check_trip_length(first: date, last: date) -> None:
    """BoundError when a trip spans more than MAX_TRIP_DAYS calendar days."""
    if (last - first).days + 1 > MAX_TRIP_DAYS:
        raise BoundError(f"출장 기간은 {MAX_TRIP_DAYS}일 이하여야 합니다")


def check_text(value: str, *, maximum: int = MAX_SHORT_TEXT) -> str:
    """`value` if it can be stored (no NUL, no lone surrogate) and is not too long; BoundError else."""
    if len(value) > maximum:
        raise BoundError(f"{maximum}자 이하여야 합니다")
    if not storable_text(value):
        raise BoundError("저장할 수 없는 문자(NUL 또는 짝 없는 서로게이트)가 있습니다")
    return value


def storable_text(value: str) -> bool:
    """True when `value` encodes to UTF-8 and has no NUL (PostgreSQL text refuses NUL)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
