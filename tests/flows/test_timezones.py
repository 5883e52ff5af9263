"""Time zones from a typed city, an offset, a zone name, or a shared location (offline)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from flows.timezones import (
    CITIES,
    COMMON_ZONES,
    is_zone,
    local_clock,
    parse_offset,
    zone_at,
    zone_for_offset,
    zone_from_text,
)


def test_every_table_entry_is_a_real_zone() -> None:
    assert len(CITIES) >= 150
    assert all(is_zone(zone) for zone in CITIES.values())
    assert all(is_zone(zone) for _label, zone in COMMON_ZONES)


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Lisbon", "Europe/Lisbon"),
        ("  paris ", "Europe/Paris"),
        ("Paris, France", "Europe/Paris"),
        ("São Paulo", "America/Sao_Paulo"),
        ("sao paulo", "America/Sao_Paulo"),
        ("Zürich", "Europe/Zurich"),
        ("NYC", "America/New_York"),
        ("St. Petersburg", "Europe/Moscow"),
        ("Ho Chi Minh City", "Asia/Ho_Chi_Minh"),
        ("Europe/Madrid", "Europe/Madrid"),
        ("america/los_angeles", "America/Los_Angeles"),
        ("Kathmandu", "Asia/Kathmandu"),
        ("Ulaanbaatar", "Asia/Ulaanbaatar"),  # not in the table: the zone database's own name
        ("UTC", "UTC"),
        ("GMT", "UTC"),
    ],
)
def test_cities_and_zone_names(text: str, zone: str) -> None:
    assert zone_from_text(text) == zone


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("UTC+5:30", 330),
        ("utc +1", 60),
        ("GMT-3", -180),
        ("+2", 120),
        ("-05:00", -300),
        ("+0545", 345),
        ("UTC-9:30", -570),
    ],
)
def test_offsets(text: str, minutes: int) -> None:
    assert parse_offset(text) == minutes


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("UTC+5:30", "Asia/Kolkata"),
        ("+2", "Etc/GMT-2"),  # POSIX signs: Etc/GMT-2 is two hours east of UTC
        ("GMT-3", "Etc/GMT+3"),
        ("UTC+0", "UTC"),
        ("+5:45", "Asia/Kathmandu"),
    ],
)
def test_offsets_become_zones(text: str, zone: str) -> None:
    assert zone_from_text(text) == zone


def test_an_offset_zone_keeps_its_offset() -> None:
    noon = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    assert local_clock("Etc/GMT-2", noon) == "14:00"
    assert local_clock(zone_from_text("UTC+5:30") or "", noon) == "17:30"


@pytest.mark.parametrize("text", ["Atlantis", "", "+25", "UTC+3:75", "x" * 200, "🏃", "rpe 11"])
def test_unknown_places_and_offsets(text: str) -> None:
    assert zone_from_text(text) is None


def test_an_offset_without_a_real_zone_is_refused() -> None:
    assert zone_for_offset(7) is None
    assert zone_for_offset(15 * 60) is None


@pytest.mark.parametrize(
    ("lat", "lon", "zone"),
    [
        (48.8566, 2.3522, "Europe/Paris"),
        (40.7128, -74.0060, "America/New_York"),
        (-33.8688, 151.2093, "Australia/Sydney"),
        (35.68, 139.69, "Asia/Tokyo"),
    ],
)
def test_locations_resolve_offline(lat: float, lon: float, zone: str) -> None:
    assert zone_at(lat, lon) == zone


def test_impossible_locations() -> None:
    assert zone_at(91, 0) is None
    assert zone_at(0, 181) is None
