"""Time zones from what an athlete can tell us offline: a city, a UTC offset, an IANA name, or
a shared location (Telegram never tells a bot the user's zone, see STYLE.md).

Everything here is offline: a table of the most common cities, the zone database's own city
names as a fallback, and ``timezonefinder`` (loaded once, lazily: it takes a moment) for a
location.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

if TYPE_CHECKING:
    from timezonefinder import TimezoneFinder

# Buttons under the time-zone question: (label, IANA zone).
COMMON_ZONES: tuple[tuple[str, str], ...] = (
    ("London", "Europe/London"),
    ("Paris · Berlin", "Europe/Berlin"),
    ("Athens", "Europe/Athens"),
    ("New York", "America/New_York"),
    ("Chicago", "America/Chicago"),
    ("Los Angeles", "America/Los_Angeles"),
    ("São Paulo", "America/Sao_Paulo"),
    ("Dubai", "Asia/Dubai"),
    ("India", "Asia/Kolkata"),
    ("Singapore", "Asia/Singapore"),
    ("Tokyo", "Asia/Tokyo"),
    ("Sydney", "Australia/Sydney"),
)

# The ~150 most asked-for cities (and a few common aliases) -> IANA zone. Keys are normalised
# with :func:`_key` (lower case, no accents, single spaces).
CITIES: dict[str, str] = {
    # Europe
    "london": "Europe/London", "manchester": "Europe/London", "birmingham": "Europe/London",
    "edinburgh": "Europe/London", "glasgow": "Europe/London", "dublin": "Europe/Dublin",
    "lisbon": "Europe/Lisbon", "porto": "Europe/Lisbon", "madrid": "Europe/Madrid",
    "barcelona": "Europe/Madrid", "valencia": "Europe/Madrid", "seville": "Europe/Madrid",
    "paris": "Europe/Paris", "lyon": "Europe/Paris", "marseille": "Europe/Paris",
    "chamonix": "Europe/Paris", "nice": "Europe/Paris", "brussels": "Europe/Brussels",
    "amsterdam": "Europe/Amsterdam", "rotterdam": "Europe/Amsterdam",
    "luxembourg": "Europe/Luxembourg", "berlin": "Europe/Berlin", "munich": "Europe/Berlin",
    "hamburg": "Europe/Berlin", "frankfurt": "Europe/Berlin", "cologne": "Europe/Berlin",
    "zurich": "Europe/Zurich", "geneva": "Europe/Zurich", "bern": "Europe/Zurich",
    "vienna": "Europe/Vienna", "rome": "Europe/Rome", "milan": "Europe/Rome",
    "naples": "Europe/Rome", "turin": "Europe/Rome", "copenhagen": "Europe/Copenhagen",
    "oslo": "Europe/Oslo", "stockholm": "Europe/Stockholm", "gothenburg": "Europe/Stockholm",
    "helsinki": "Europe/Helsinki", "tallinn": "Europe/Tallinn", "riga": "Europe/Riga",
    "vilnius": "Europe/Vilnius", "warsaw": "Europe/Warsaw", "krakow": "Europe/Warsaw",
    "prague": "Europe/Prague", "bratislava": "Europe/Bratislava",
    "budapest": "Europe/Budapest", "ljubljana": "Europe/Ljubljana", "zagreb": "Europe/Zagreb",
    "belgrade": "Europe/Belgrade", "sarajevo": "Europe/Sarajevo", "sofia": "Europe/Sofia",
    "bucharest": "Europe/Bucharest", "athens": "Europe/Athens", "istanbul": "Europe/Istanbul",
    "ankara": "Europe/Istanbul", "kyiv": "Europe/Kyiv", "kiev": "Europe/Kyiv",
    "minsk": "Europe/Minsk", "moscow": "Europe/Moscow", "saint petersburg": "Europe/Moscow",
    "st petersburg": "Europe/Moscow", "reykjavik": "Atlantic/Reykjavik",
    "valletta": "Europe/Malta", "nicosia": "Asia/Nicosia",
    # Africa and the Middle East
    "cairo": "Africa/Cairo", "casablanca": "Africa/Casablanca", "marrakech": "Africa/Casablanca",
    "tunis": "Africa/Tunis", "algiers": "Africa/Algiers", "lagos": "Africa/Lagos",
    "accra": "Africa/Accra", "nairobi": "Africa/Nairobi", "addis ababa": "Africa/Addis_Ababa",
    "kampala": "Africa/Kampala", "dar es salaam": "Africa/Dar_es_Salaam",
    "johannesburg": "Africa/Johannesburg", "cape town": "Africa/Johannesburg",
    "durban": "Africa/Johannesburg", "kigali": "Africa/Kigali", "dakar": "Africa/Dakar",
    "tel aviv": "Asia/Jerusalem", "jerusalem": "Asia/Jerusalem", "beirut": "Asia/Beirut",
    "amman": "Asia/Amman", "riyadh": "Asia/Riyadh", "jeddah": "Asia/Riyadh",
    "doha": "Asia/Qatar", "dubai": "Asia/Dubai", "abu dhabi": "Asia/Dubai",
    "muscat": "Asia/Muscat", "kuwait": "Asia/Kuwait", "tehran": "Asia/Tehran",
    "baghdad": "Asia/Baghdad", "tbilisi": "Asia/Tbilisi", "yerevan": "Asia/Yerevan",
    "baku": "Asia/Baku",
    # Asia and Oceania
    "karachi": "Asia/Karachi", "lahore": "Asia/Karachi", "kabul": "Asia/Kabul",
    "tashkent": "Asia/Tashkent", "almaty": "Asia/Almaty", "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata", "mumbai": "Asia/Kolkata", "bombay": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata", "bengaluru": "Asia/Kolkata", "chennai": "Asia/Kolkata",
    "kolkata": "Asia/Kolkata", "hyderabad": "Asia/Kolkata", "pune": "Asia/Kolkata",
    "colombo": "Asia/Colombo", "kathmandu": "Asia/Kathmandu", "dhaka": "Asia/Dhaka",
    "yangon": "Asia/Yangon", "bangkok": "Asia/Bangkok", "hanoi": "Asia/Bangkok",
    "ho chi minh city": "Asia/Ho_Chi_Minh", "saigon": "Asia/Ho_Chi_Minh",
    "kuala lumpur": "Asia/Kuala_Lumpur", "singapore": "Asia/Singapore",
    "jakarta": "Asia/Jakarta", "bali": "Asia/Makassar", "manila": "Asia/Manila",
    "hong kong": "Asia/Hong_Kong", "taipei": "Asia/Taipei", "beijing": "Asia/Shanghai",
    "shanghai": "Asia/Shanghai", "shenzhen": "Asia/Shanghai", "guangzhou": "Asia/Shanghai",
    "chengdu": "Asia/Shanghai", "seoul": "Asia/Seoul", "busan": "Asia/Seoul",
    "tokyo": "Asia/Tokyo", "osaka": "Asia/Tokyo", "kyoto": "Asia/Tokyo",
    "vladivostok": "Asia/Vladivostok", "novosibirsk": "Asia/Novosibirsk",
    "yekaterinburg": "Asia/Yekaterinburg", "perth": "Australia/Perth",
    "darwin": "Australia/Darwin", "adelaide": "Australia/Adelaide",
    "brisbane": "Australia/Brisbane", "sydney": "Australia/Sydney",
    "canberra": "Australia/Sydney", "melbourne": "Australia/Melbourne",
    "hobart": "Australia/Hobart", "auckland": "Pacific/Auckland",
    "wellington": "Pacific/Auckland", "christchurch": "Pacific/Auckland",
    "queenstown": "Pacific/Auckland", "fiji": "Pacific/Fiji", "honolulu": "Pacific/Honolulu",
    # The Americas
    "new york": "America/New_York", "nyc": "America/New_York", "boston": "America/New_York",
    "philadelphia": "America/New_York", "washington": "America/New_York",
    "washington dc": "America/New_York", "atlanta": "America/New_York",
    "miami": "America/New_York", "orlando": "America/New_York",
    "charlotte": "America/New_York", "detroit": "America/Detroit",
    "toronto": "America/Toronto", "montreal": "America/Toronto", "ottawa": "America/Toronto",
    "quebec": "America/Toronto", "halifax": "America/Halifax", "st johns": "America/St_Johns",
    "chicago": "America/Chicago", "houston": "America/Chicago", "dallas": "America/Chicago",
    "austin": "America/Chicago", "san antonio": "America/Chicago",
    "minneapolis": "America/Chicago", "new orleans": "America/Chicago",
    "nashville": "America/Chicago", "winnipeg": "America/Winnipeg",
    "mexico city": "America/Mexico_City", "guadalajara": "America/Mexico_City",
    "monterrey": "America/Monterrey", "denver": "America/Denver", "boulder": "America/Denver",
    "salt lake city": "America/Denver", "flagstaff": "America/Phoenix",
    "phoenix": "America/Phoenix", "calgary": "America/Edmonton",
    "edmonton": "America/Edmonton", "los angeles": "America/Los_Angeles",
    "la": "America/Los_Angeles", "san francisco": "America/Los_Angeles",
    "sf": "America/Los_Angeles", "san diego": "America/Los_Angeles",
    "san jose": "America/Los_Angeles", "seattle": "America/Los_Angeles",
    "portland": "America/Los_Angeles", "las vegas": "America/Los_Angeles",
    "sacramento": "America/Los_Angeles", "vancouver": "America/Vancouver",
    "anchorage": "America/Anchorage", "havana": "America/Havana",
    "panama": "America/Panama", "san juan": "America/Puerto_Rico",
    "bogota": "America/Bogota", "medellin": "America/Bogota", "quito": "America/Guayaquil",
    "lima": "America/Lima", "caracas": "America/Caracas", "la paz": "America/La_Paz",
    "santiago": "America/Santiago", "buenos aires": "America/Argentina/Buenos_Aires",
    "montevideo": "America/Montevideo", "sao paulo": "America/Sao_Paulo",
    "rio de janeiro": "America/Sao_Paulo", "rio": "America/Sao_Paulo",
    "brasilia": "America/Sao_Paulo", "belo horizonte": "America/Sao_Paulo",
    # No city at all
    "utc": "UTC", "gmt": "UTC", "zulu": "UTC",
}  # fmt: skip

# Offsets that are not whole hours have no Etc/GMT zone: a real zone that keeps them.
_HALF_HOUR_ZONES: dict[int, str] = {
    -570: "Pacific/Marquesas",
    -210: "America/St_Johns",
    210: "Asia/Tehran",
    270: "Asia/Kabul",
    330: "Asia/Kolkata",
    345: "Asia/Kathmandu",
    390: "Asia/Yangon",
    525: "Australia/Eucla",
    570: "Australia/Darwin",
    630: "Australia/Lord_Howe",
    765: "Pacific/Chatham",
}

_OFFSET_RE = re.compile(
    r"(?:utc|gmt|z)?\s*([+-])\s*(\d{1,2})(?:(?::|h|\.)?(\d{2}))?", re.ASCII | re.IGNORECASE
)


def _key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = re.sub(r"[^a-z0-9/+\-: ]+", " ", plain.replace("_", " ").replace(".", ""))
    return " ".join(plain.split())


@cache
def _zone_index() -> dict[str, str]:
    """The zone database's own city names ("lisbon" -> Europe/Lisbon), for cities not in
    :data:`CITIES`."""
    index: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if "/" not in name or name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")):
            continue
        index.setdefault(_key(name.rsplit("/", 1)[1]), name)
    return index


@cache
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def is_zone(name: str) -> bool:
    """Whether ``name`` is an IANA zone this machine knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone_for_offset(minutes: int) -> str | None:
    """A zone with a fixed UTC offset of ``minutes`` (Etc/GMT-2 is UTC+2: POSIX signs)."""
    if minutes == 0:
        return "UTC"
    if minutes % 60 == 0 and -12 * 60 <= minutes <= 14 * 60:
        hours = minutes // 60
        return f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"
    return _HALF_HOUR_ZONES.get(minutes)


def parse_offset(text: str) -> int | None:
    """Minutes east of UTC from "UTC+5:30", "GMT-3", "+2", "-05:00"; None if not an offset."""
    match = _OFFSET_RE.fullmatch(text.strip())
    if match is None:
        return None
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if minutes >= 60:
        return None
    total = hours * 60 + minutes
    return -total if sign == "-" else total


def zone_from_text(text: str) -> str | None:
    """The IANA zone a typed city, offset or zone name means, or None."""
    raw = text.strip()
    if not raw or len(raw) > 80:
        return None
    key = _key(raw)
    if key in CITIES:
        return CITIES[key]
    exact = _zone_names().get(raw.lower().replace(" ", "_"))
    if exact is not None:
        return exact
    offset = parse_offset(raw)
    if offset is not None:
        return zone_for_offset(offset)
    candidates = [key]
    if "," in raw:  # "Paris, France"
        candidates.append(_key(raw.split(",", 1)[0]))
    for candidate in candidates:
        if candidate in CITIES:
            return CITIES[candidate]
        if candidate in _zone_index():
            return _zone_index()[candidate]
    return None


_finder: TimezoneFinder | None = None


def zone_at(latitude: float, longitude: float) -> str | None:
    """The zone at a shared location, resolved offline (synchronous; call it in a thread)."""
    global _finder
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    if _finder is None:
        from timezonefinder import TimezoneFinder

        _finder = TimezoneFinder()
    name = _finder.timezone_at(lng=longitude, lat=latitude)
    return name if name and is_zone(name) else None


def local_clock(zone: str, now: datetime) -> str:
    """The time it is now in ``zone``, "14:05", so the athlete can check the zone is right."""
    return now.astimezone(ZoneInfo(zone)).strftime("%H:%M")
