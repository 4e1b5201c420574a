"""The approver's pages show each flag's level in the registry's words (workflow.flags)."""
from __future__ import annotations

from tests.factories import make_unit, make_user
from tests.web.helpers import add_statement, make_trip, web_login
from workflow.flags import flag


def test_the_trip_page_names_each_flags_level_from_the_registry(client, app):
    unit = make_unit("UA")
    make_user("boss", unit=unit, roles=("traveler", "approver"), approves=("UA",))
    trip = make_trip(make_user("kim", unit=unit), status="settlement_review")
    add_statement(trip, lines=[{"item": "lodging", "quantity": 1, "unit_amount": 70000, "amount": 70000,
                                "rule": "공무원 여비 규정 제16조①", "note": ""}],
                  flags=[flag("lodging_capped",
                              "상한을 넘는 5,000원은 지급하지 않았습니다.", ref=0).to_dict(),
                         flag("lodging_without_receipt", "영수증 없이 입력한 금액입니다.", ref=0).to_dict(),
                         # A row stored before the codes were merged still reads as the code that stays.
                         {"code": "first_class_not_entitled", "message": "특실 운임", "blocking": True}])
    web_login(client, "boss")
    html = client.get(f"/web/trips/{trip.id}").get_data(as_text=True)
    assert ('class="blocking level-blocking" data-code="lodging_without_receipt"><strong>확인 필요</strong>'
            in html)
    assert 'class="note level-info" data-code="lodging_capped"><strong>참고</strong>' in html
    assert 'data-code="class_above_entitlement"><strong>확인 필요</strong>: 특실 운임' in html
