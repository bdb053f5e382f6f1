"""Properties: formatting then parsing is the identity; arbitrary text only ever gives clean errors."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from chitieu.core.quantity import Hedge, Quantity, QuantityError, Unit, format_quantity, parse_quantity
from chitieu.core.targets import TargetError, find_quantity, parse_target

NOUNS = ["đảng viên", "chi bộ", "hộ", "tổ dân phố", "doanh nghiệp", "lao động", "cuộc", "hộ nghèo"]

decimals = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
money = st.integers(min_value=0, max_value=10**15).map(Decimal)


@st.composite
def quantities(draw):
    unit = draw(st.sampled_from([Unit.COUNT, Unit.PERCENT, Unit.PERMILLE, Unit.HECTARE, Unit.VND, Unit.TIMES]))
    value = draw(money if unit == Unit.VND else decimals)
    shape = draw(st.sampled_from(["plain", "range", "fraction"]))
    value_max = of = None
    if shape == "range":
        value_max = value + draw(money if unit == Unit.VND else decimals)
    elif shape == "fraction" and unit == Unit.COUNT:
        of = draw(decimals)
    counted = draw(st.sampled_from(NOUNS)) if unit == Unit.COUNT and draw(st.booleans()) else None
    per = "năm" if draw(st.booleans()) else None
    hedge = None
    if value_max is None and of is None and draw(st.booleans()):
        hedge = draw(st.sampled_from(list(Hedge)))
    q = Quantity(value, unit, value_max=value_max, of=of, counted=counted, per=per, hedge=hedge)
    # values come back normalised (no trailing zeros); compare with the normalised form
    return parse_normalised(q)


def parse_normalised(q: Quantity) -> Quantity:
    def n(d):
        if d is None:
            return None
        return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()

    return Quantity(
        n(q.value), q.unit, value_max=n(q.value_max), of=n(q.of), counted=q.counted, per=q.per, hedge=q.hedge
    )


@settings(max_examples=400)
@given(quantities())
def test_format_then_parse_is_identity(q):
    assert parse_quantity(format_quantity(q)) == q


@settings(max_examples=400)
@given(st.text())
def test_parse_quantity_never_crashes(text):
    try:
        parse_quantity(text)
    except QuantityError as exc:
        assert str(exc)


@settings(max_examples=300)
@given(st.text(alphabet="0123456789.,-/%‰ đồngtỷriệuhộnămtừtrởlênhơndưới", max_size=30))
def test_parse_quantity_on_number_like_text_never_crashes(text):
    try:
        parse_quantity(text)
    except QuantityError as exc:
        assert str(exc)


@settings(max_examples=300)
@given(st.text(max_size=80))
def test_parse_target_never_crashes(text):
    try:
        parse_target(text)
    except (TargetError, QuantityError) as exc:
        assert str(exc)
    try:
        find_quantity(text)
    except (TargetError, QuantityError) as exc:
        assert str(exc)
