"""Words for the widened set: label synonyms, invented shop names, items, rail lines, bus routes.

Every name of a shop or a person here is invented; stations and terminals are real places.
"""

from __future__ import annotations

import random

GROSS = ("합계", "판매금액", "합계금액", "총액", "상품합계", "주문금액", "총 구매액")
DISCOUNT = ("할인", "할인금액", "쿠폰할인", "제휴할인", "회원할인", "에누리")
POINTS = ("포인트사용", "포인트 결제", "적립금 사용", "상품권", "마일리지")
MERCHANT = ("가맹점명", "상호", "매장명", "가맹점", "상호명", "판매처")
WHEN = ("거래일시", "승인일시", "이용일시", "결제일시", "판매일시", "거래일자", "매출일")
SUPPLY = ("공급가액", "과세물품가액", "과세금액", "공급가")
VAT = ("부가세", "부가가치세", "부가세액", "세액")
BRN = ("사업자번호", "사업자등록번호", "사업자 No", "등록번호")
CARD_NO = ("카드번호", "카드 번호", "CARD NO")
APPROVAL = ("승인번호", "승인 No", "승인NO")
PHONE = ("전화", "TEL", "대표전화", "연락처")
OWNER = ("대표자", "대표", "대표자명")
ADDRESS = ("주소", "가맹점주소", "소재지")
# Companies that run card terminals (VAN) and payment gateways: real firms, printed at the head of a
# terminal slip; they are not the merchant.
VAN = ("KOCES", "KICC", "KSNET", "NICE", "SMARTRO", "JTNET", "KIS정보통신", "나이스정보통신", "스마트로",
       "한국정보통신", "한국신용카드결제(주)", "KCP")
# Operating companies printed under a store's own name (a franchise run by a company of another name).
OPERATOR = ("(주)한결유통", "주식회사 다온리테일", "(주)새봄에프앤비", "주식회사 늘봄상사",
            "(주)가람씨앤에스", "유한회사 솔빛")
CARD_CO = ("한빛카드", "누리카드", "솔빛카드", "푸른카드", "다온카드", "새벽카드")
BOILER = ("가맹점주소가 실제와 다를 경우 신고하여 주십시오", "교환·환불은 영수증 지참 시 7일 이내 가능",
          "이용해 주셔서 감사합니다", "본 영수증은 소득공제용이 아닙니다", "카드 결제 취소는 구매처에서",
          "현금영수증 문의 126", "항상 최선을 다하겠습니다")

SHOP_CORE = ("청솔", "한결", "다온", "바다", "솔바람", "햇살", "무지개", "은하", "별빛", "들꽃", "새봄",
             "가람", "미소", "온누리", "푸른숲", "하늘채", "마루", "소담", "늘봄", "참맛", "고운", "한아름")
SHOP_KIND = ("식당", "마트", "약국", "분식", "한우", "국밥", "커피", "베이커리", "문구", "편의점", "서점",
             "김밥", "칼국수", "호텔", "모텔", "주유소", "정육점", "반찬가게", "막국수", "순대국")
BRANCH = ("세종점", "대전둔산점", "광주상무점", "부산서면점", "역전점", "본점", "시청점", "터미널점",
          "중앙점", "정부청사점", "혁신도시점", "강릉점", "원주점", "전주객사점")
ITEMS = ("김치찌개", "된장찌개", "비빔밥", "제육볶음", "칼국수", "아메리카노", "카페라떼", "생수 500ml",
         "삼각김밥", "볼펜 0.5", "A4용지", "공깃밥", "국밥 특", "돈까스", "냉면", "커피믹스", "치약",
         "우유 1L", "샌드위치", "물티슈", "숙박(1박)", "조식", "주차", "떡볶이", "순대", "라면")
FIRST = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ("민준", "서연", "지훈", "하은", "도윤", "수아", "현우", "지아", "준서", "예린", "성민", "유진")
TAXI_CO = ("개인택시", "(주)한길운수", "(주)새솔교통", "누리택시(주)", "(주)동백운수", "푸른교통(주)")
PLATE_REGIONS = ("서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "강원", "충북",
                 "충남", "전북", "전남", "경북", "경남", "제주")

# Stations in line order: a route is two stations of one line, its fare grows with the stops between.
RAIL_LINES = {
    "KTX": ["서울", "광명", "천안아산", "오송", "대전", "김천구미", "동대구", "신경주", "울산", "부산"],
    "KTX-호남": ["용산", "광명", "천안아산", "오송", "공주", "익산", "정읍", "광주송정", "나주", "목포"],
    "KTX-전라": ["용산", "익산", "전주", "남원", "곡성", "구례구", "순천", "여천", "여수엑스포"],
    "KTX-산천": ["서울", "광명", "천안아산", "오송", "대전", "동대구", "밀양", "진영", "창원중앙", "창원",
                "마산", "진주"],
    "KTX-이음": ["청량리", "양평", "서원주", "원주", "제천", "단양", "풍기", "영주", "안동"],
    "KTX-강릉": ["서울", "청량리", "상봉", "양평", "만종", "횡성", "둔내", "평창", "진부", "강릉"],
    "SRT": ["수서", "동탄", "평택지제", "천안아산", "오송", "대전", "김천구미", "동대구", "신경주", "울산",
            "부산"],
    "SRT-호남": ["수서", "동탄", "평택지제", "천안아산", "오송", "공주", "익산", "정읍", "광주송정", "나주",
                "목포"],
    "무궁화호": ["서울", "영등포", "안양", "수원", "오산", "평택", "천안", "조치원", "대전", "옥천", "영동",
               "황간", "김천", "구미", "왜관", "대구", "동대구", "경산", "청도", "밀양", "삼랑진", "물금",
               "구포", "부산"],
    "무궁화호-장항": ["용산", "영등포", "수원", "평택", "천안", "아산", "온양온천", "신창", "예산", "삽교",
                   "홍성", "광천", "대천", "웅천", "서천", "장항", "군산", "익산"],
    "무궁화호-충북": ["대전", "신탄진", "조치원", "오송", "청주", "오근장", "증평", "음성", "주덕", "충주",
                   "제천"],
    "무궁화호-영동": ["영주", "봉화", "춘양", "분천", "철암", "도계", "동해", "묵호", "정동진", "강릉"],
    "ITX-새마을": ["서울", "영등포", "수원", "천안", "대전", "김천", "구미", "동대구", "밀양", "구포",
                "부산"],
    "ITX-청춘": ["용산", "청량리", "상봉", "평내호평", "가평", "남춘천", "춘천"],
    "무궁화호-호남": ["용산", "영등포", "수원", "천안", "조치원", "서대전", "계룡", "논산", "익산", "정읍",
               "장성", "광주송정", "나주", "목포"],
}
SERVICES = ("KTX-산천", "KTX-이음", "ITX-새마을", "ITX-청춘")
BUS_GRADES = ("일반", "우등", "프리미엄", "심야우등")


def pick(rng: random.Random, words: tuple[str, ...] | list[str]) -> str:
    """One word at random."""
    return rng.choice(list(words))


def merchant_name(rng: random.Random) -> str:
    """An invented shop name, sometimes with a company form or a branch."""
    name = pick(rng, SHOP_CORE) + pick(rng, SHOP_KIND)
    roll = rng.random()
    if roll < 0.25:
        name = "(주)" + name
    elif roll < 0.35:
        name = "주식회사 " + name
    if rng.random() < 0.5:
        name += " " + pick(rng, BRANCH)
    return name


def person(rng: random.Random) -> str:
    """An invented Korean name."""
    return rng.choice(FIRST) + pick(rng, GIVEN)


def phone(rng: random.Random) -> str:
    """A phone number: a date-like distractor (02-2016-5280)."""
    area = pick(rng, ("02", "031", "042", "044", "051", "053", "062", "063", "033", "1588"))
    if area == "1588":
        return f"1588-{rng.randint(1000, 9999)}"
    return f"{area}-{rng.randint(200, 9999)}-{rng.randint(1000, 9999)}"


def address(rng: random.Random) -> str:
    """An invented street address."""
    city = pick(rng, ("세종특별자치시 한누리대로", "대전광역시 서구 둔산로", "광주광역시 서구 상무대로",
                      "부산광역시 부산진구 중앙대로", "강원특별자치도 강릉시 경강로",
                      "서울특별시 중구 세종대로", "전북특별자치도 전주시 완산구 팔달로",
                      "충청북도 청주시 상당구 상당로"))
    return f"{city} {rng.randint(1, 2400)}"


def rail_route(rng: random.Random) -> tuple[str, str, str, int]:
    """(service, departure, arrival, hops) on one line, either direction."""
    line = pick(rng, list(RAIL_LINES))
    stops = RAIL_LINES[line]
    a, b = sorted(rng.sample(range(len(stops)), 2))
    if rng.random() < 0.5:
        a, b = b, a
    # Keys name a service, or a service and its line ('무궁화호-장항'); a service keeps its dash.
    service = line if line in SERVICES else line.split("-")[0]
    return service, stops[a], stops[b], abs(a - b)
