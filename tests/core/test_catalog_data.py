"""Checks of the indicator catalog data file itself (src/chitieu/core/indicators.toml)."""

import re
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

CATALOG = Path(__file__).resolve().parents[2] / "src" / "chitieu" / "core" / "indicators.toml"

REQUIRED_KEYS = {
    "production_value_total",
    "production_growth_rate",
    "grdp_growth_rate",
    "income_per_capita",
    "budget_revenue",
    "budget_revenue_growth_rate",
    "economy_share_services",
    "economy_share_industry",
    "economy_share_agriculture",
    "trade_services_revenue",
    "enterprises",
    "household_businesses",
    "cooperatives",
    "poverty_rate",
    "near_poverty_rate",
    "poor_households",
    "households_escaped_poverty",
    "cultural_family_rate",
    "health_insurance_rate",
    "jobs_created",
    "birth_rate",
    "population",
    "households",
    "land_recovered_area",
    "party_members",
    "party_branches",
    "party_members_admitted",
    "branches_excellent_rate",
    "branches_good_or_better_rate",
    "members_excellent_rate",
    "members_good_rate",
    "inspections",
    "residential_groups",
}
FIELDS = {
    "key",
    "name",
    "synonyms",
    "unit",
    "counted",
    "direction",
    "group",
    "aggregate",
    "growth_of",
    "computed",
}
UNITS = {"VND", "%", "‰", "ha", "count", "times", "other"}
DIRECTIONS = {"higher", "lower", "band"}
GROUPS = {
    "Kinh tế",
    "Văn hóa \u2013 Xã hội",
    "Môi trường",
    "Quốc phòng \u2013 An ninh",
    "Xây dựng Đảng và hệ thống chính trị",
}
AGGREGATES = {"sum", "mean", "none"}
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def _nfc(s: str) -> bool:
    return unicodedata.normalize("NFC", s) == s


@pytest.fixture(scope="module")
def indicators() -> list[dict]:
    with CATALOG.open("rb") as f:
        data = tomllib.load(f)
    assert set(data) == {"indicator"}, "only [[indicator]] tables at the top level"
    return data["indicator"]


def test_file_is_utf8_nfc_text():
    text = CATALOG.read_text(encoding="utf-8")
    assert _nfc(text)
    assert text.lstrip().startswith("#"), "keep the comment header explaining the fields"


def test_count(indicators):
    assert len(indicators) >= 45


def test_fields_exact(indicators):
    for ind in indicators:
        assert set(ind) == FIELDS, ind.get("key")


def test_keys_unique_and_snake_case(indicators):
    keys = [ind["key"] for ind in indicators]
    dup = [k for k, n in Counter(keys).items() if n > 1]
    assert not dup
    bad = [k for k in keys if not SNAKE.match(k)]
    assert not bad


def test_required_keys_present(indicators):
    missing = REQUIRED_KEYS - {ind["key"] for ind in indicators}
    assert not missing


def test_names(indicators):
    for ind in indicators:
        assert isinstance(ind["name"], str) and ind["name"].strip() == ind["name"] and ind["name"]
        assert _nfc(ind["name"]), ind["key"]


@pytest.mark.parametrize(
    "field, allowed",
    [("unit", UNITS), ("direction", DIRECTIONS), ("group", GROUPS), ("aggregate", AGGREGATES)],
)
def test_enumerated_fields(indicators, field, allowed):
    bad = [(ind["key"], ind[field]) for ind in indicators if ind[field] not in allowed]
    assert not bad


def test_groups_use_en_dash(indicators):
    for ind in indicators:
        assert "-" not in ind["group"] and "\u2014" not in ind["group"], ind["key"]


def test_counted_only_for_counts(indicators):
    for ind in indicators:
        assert isinstance(ind["counted"], str)
        if ind["unit"] == "count":
            assert ind["counted"], f"{ind['key']}: count needs the counted noun"
            assert ind["counted"] == ind["counted"].lower() and _nfc(ind["counted"])
        else:
            assert ind["counted"] == "", ind["key"]


def test_computed_is_bool(indicators):
    for ind in indicators:
        assert isinstance(ind["computed"], bool), ind["key"]


def test_growth_of_points_to_existing_level(indicators):
    by_key = {ind["key"]: ind for ind in indicators}
    for ind in indicators:
        target = ind["growth_of"]
        assert isinstance(target, str)
        if target:
            assert target in by_key, f"{ind['key']}: growth_of {target!r} unknown"
            assert target != ind["key"]
            assert ind["unit"] == "%", ind["key"]
            assert by_key[target]["growth_of"] == "", "a level is not itself a growth rate"


def test_required_growth_links(indicators):
    by_key = {ind["key"]: ind for ind in indicators}
    assert by_key["production_growth_rate"]["growth_of"] == "production_value_total"
    assert by_key["budget_revenue_growth_rate"]["growth_of"] == "budget_revenue"


def test_domain_semantics(indicators):
    by_key = {ind["key"]: ind for ind in indicators}
    assert by_key["birth_rate"]["unit"] == "‰" and by_key["birth_rate"]["direction"] == "band"
    for key in ("poverty_rate", "near_poverty_rate", "poor_households"):
        assert by_key[key]["direction"] == "lower", key
    for key in (
        "branches_excellent_rate",
        "branches_good_or_better_rate",
        "members_excellent_rate",
        "members_good_rate",
    ):
        assert by_key[key]["unit"] == "%" and by_key[key]["direction"] == "higher", key
        assert by_key[key]["computed"] is True, key
    for key in ("party_members", "party_branches", "party_members_admitted", "inspections"):
        assert by_key[key]["computed"] is True, key
    assert by_key["production_value_total"]["unit"] == "VND"
    assert by_key["land_recovered_area"]["unit"] == "ha"


def test_synonyms_lowercase_nfc_nonempty(indicators):
    for ind in indicators:
        syns = ind["synonyms"]
        assert isinstance(syns, list) and syns, ind["key"]
        for s in syns:
            assert isinstance(s, str) and s, ind["key"]
            assert s == s.lower(), (ind["key"], s)
            assert _nfc(s), (ind["key"], s)
            assert s == s.strip() and "  " not in s, (ind["key"], s)
        assert len(set(syns)) == len(syns), f"{ind['key']}: duplicate synonym"


def test_synonyms_not_shared(indicators):
    owner: dict[str, str] = {}
    shared = []
    for ind in indicators:
        for s in ind["synonyms"]:
            if s in owner and owner[s] != ind["key"]:
                shared.append((s, owner[s], ind["key"]))
            owner.setdefault(s, ind["key"])
    assert not shared
