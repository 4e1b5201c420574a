"""The ways a trip is traveled (Trip.transport), each with its Korean label: the one table of them."""
from __future__ import annotations

TRANSPORT_LABELS = {"rail": "철도", "bus": "버스", "air": "항공", "official_vehicle": "공용차량",
                    "private_car": "자가용", "mixed": "복합"}
TRANSPORTS = tuple(TRANSPORT_LABELS)
