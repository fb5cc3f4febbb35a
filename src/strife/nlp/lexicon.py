"""Loaders for Strife's hand-written lexicons (``src/strife/data/*.yaml``).

Why this module exists: the extractor needs a single, validated view of the lexicons so
that every stage agrees on what a surface form means. Names of armed actors in particular
come in many spellings ("al-Qaeda", "al Qaida", "AQ"), with and without "the", with curly
or straight apostrophes, with or without diacritics; mapping them to one canonical name
here keeps ``perpetrator`` values stable across documents and makes deduplication
possible. The loaders:

* read the YAML once (``functools.lru_cache``) and return immutable objects;
* validate on load, so a bad edit to a data file fails loudly at import time rather than
  silently producing wrong canonical names: every actor alias must normalise to exactly
  one actor (a clash raises ``ValueError`` naming both actors), types / weapon classes
  must come from the allowed sets, parents must exist;
* expose spaCy-ready patterns (``ActorLexicon.patterns()``) for a ``PhraseMatcher`` or
  ``EntityRuler``.

Normalisation (``normalize``): Unicode diacritics stripped (NFKD), curly quotes made
straight, apostrophes dropped ("Kurdistan Workers' Party" == "Kurdistan Workers Party"),
hyphens / dashes / slashes / parentheses / commas treated as spaces ("al-Qaeda" ==
"al Qaeda", "CPI (Maoist)" == "CPI-Maoist"), whitespace collapsed, a leading "the"
removed. Lookups are case-insensitive except for aliases listed as ``case_sensitive``
(acronyms such as "IS" or "US" that are also ordinary words).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

ACTOR_TYPES: frozenset[str] = frozenset(
    {
        "jihadist",
        "rebel",
        "separatist",
        "militia",
        "paramilitary",
        "state_force",
        "foreign_state",
        "coalition",
        "criminal",
        "terrorist",
        "political_party",
        "ethnic_militia",
        "international",
    }
)

WEAPON_CLASSES: frozenset[str] = frozenset(
    {
        "explosives",
        "vehicle_bomb",
        "firearms",
        "incendiary",
        "chemical",
        "melee",
        "drone",
        "missile_rocket",
        "artillery",
        "aircraft",
        "unknown",
    }
)

ATTACK_TYPES: frozenset[str] = frozenset(
    {
        "bombing",
        "suicide_bombing",
        "vehicle_bomb",
        "armed_assault",
        "chemical",
        "drone",
        "airstrike",
        "shelling",
        "rocket_attack",
        "arson",
        "stabbing",
        "hostage",
        "assassination",
        "mine",
        "aircraft_downing",
    }
)

GENERIC_CATEGORIES: frozenset[str] = frozenset({"non_state", "state", "unknown"})

# --------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\u02bb": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
# hyphen-like characters, slashes, brackets, commas, semicolons, double quotes -> space
_SEPARATORS = re.compile(r"[\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212/\\()\[\]{},;:\"]+")
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 16)
def normalize(surface: str, *, lower: bool = True) -> str:
    """Normalise a surface form for lexicon lookup (see module docstring).

    ``lower=False`` keeps case (used for case-sensitive aliases). A trailing possessive
    "'s" is left alone; a trailing full stop is removed unless the word is an
    abbreviation with internal dots ("U.S." stays "U.S.").
    """
    text = unicodedata.normalize("NFKD", surface)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_QUOTES).replace("'", "")
    text = _SEPARATORS.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    text = _LEADING_THE.sub("", text)
    if text.endswith(".") and "." not in text[:-1].split(" ")[-1]:
        text = text[:-1].rstrip()
    return text.lower() if lower else text


def _surface_variants(alias: str) -> list[str]:
    """Surface spellings worth a PhraseMatcher pattern (the matcher cannot normalise)."""
    out = [alias]
    if "-" in alias:
        out.append(alias.replace("-", " "))
    if "'" in alias or "\u2019" in alias:
        out.append(alias.replace("'", "\u2019"))
        out.append(alias.replace("'", "").replace("\u2019", ""))
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFKD", alias) if not unicodedata.combining(ch)
    )
    if stripped != alias:
        out.append(stripped)
    seen: set[str] = set()
    uniq = []
    for v in out:
        if v not in seen:
            seen.add(v)
            uniq.append(v)
    return uniq


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a mapping key written twice: YAML keeps the later silently, so two
    word lists given one name (one of them dead without a word said) would go unnoticed."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise ValueError(f"{node.start_mark.name}: key {key!r} written twice "
                                 f"(line {key_node.start_mark.line + 1})")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read_yaml(name: str) -> Any:
    path = DATA_DIR / name
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader subclass)


# --------------------------------------------------------------------------------------
# Actors
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    name: str
    type: str
    countries: tuple[str, ...]
    aliases: tuple[str, ...]
    parent: str | None = None
    case_sensitive: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorLexicon:
    """Alias -> canonical lookup over the actor lexicon."""

    actors: Mapping[str, Actor]
    _ci: Mapping[str, str] = field(repr=False)  # normalised lower-case alias -> canonical
    _cs: Mapping[str, str] = field(repr=False)  # normalised case-kept alias -> canonical

    def __len__(self) -> int:
        return len(self.actors)

    def __contains__(self, name: object) -> bool:
        return name in self.actors

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.actors)

    def canonical(self, surface: str) -> str | None:
        """Canonical actor name for a surface form, or None when it is not in the lexicon."""
        if not surface or not surface.strip():
            return None
        key_cs = normalize(surface, lower=False)
        hit = self._cs.get(key_cs)
        if hit is not None:
            return hit
        return self._ci.get(key_cs.lower())

    def info(self, canonical: str) -> Actor:
        """The Actor record for a canonical name (KeyError when unknown)."""
        return self.actors[canonical]

    def children(self, canonical: str) -> tuple[str, ...]:
        """Canonical names whose `parent` is `canonical`."""
        return tuple(a.name for a in self.actors.values() if a.parent == canonical)

    def alias_count(self) -> int:
        return len(self._ci) + len(self._cs)

    def patterns(self, label: str = "ARMED_ACTOR") -> list[dict[str, Any]]:
        """PhraseMatcher / EntityRuler-ready entries, one per alias surface variant.

        Each dict: ``label``, ``pattern`` (text), ``canonical``, ``case_sensitive`` (match
        on ORTH when true, LOWER otherwise), ``type``. Variants add the space-for-hyphen,
        curly-apostrophe, no-apostrophe and no-diacritics spellings of each alias.
        """
        out: list[dict[str, Any]] = []
        seen: set[tuple[str, bool]] = set()
        for actor in self.actors.values():
            cs = set(actor.case_sensitive)
            for alias in (actor.name, *actor.aliases):
                sensitive = alias in cs
                for variant in _surface_variants(alias):
                    key = (variant if sensitive else variant.lower(), sensitive)
                    if key in seen:
                        continue
                    seen.add(key)
                    out.append(
                        {
                            "label": label,
                            "pattern": variant,
                            "canonical": actor.name,
                            "case_sensitive": sensitive,
                            "type": actor.type,
                        }
                    )
        return out


def build_actor_lexicon(entries: Iterable[Mapping[str, Any]]) -> ActorLexicon:
    """Validate raw actor entries and build the lookup tables (raises ValueError)."""
    actors: dict[str, Actor] = {}
    ci: dict[str, str] = {}
    cs: dict[str, str] = {}
    for i, raw in enumerate(entries):
        if not isinstance(raw, Mapping) or "name" not in raw:
            raise ValueError(f"actors.yaml entry #{i} has no name: {raw!r}")
        name = str(raw["name"]).strip()
        if name in actors:
            raise ValueError(f"duplicate actor name {name!r}")
        typ = raw.get("type")
        if typ not in ACTOR_TYPES:
            raise ValueError(f"actor {name!r}: type {typ!r} not in {sorted(ACTOR_TYPES)}")
        countries = tuple(str(c) for c in (raw.get("countries") or []))
        for c in countries:
            if not re.fullmatch(r"[A-Z]{2}", c):
                raise ValueError(f"actor {name!r}: bad country code {c!r}")
        aliases = tuple(str(a) for a in (raw.get("aliases") or []))
        case_sensitive = tuple(str(a) for a in (raw.get("case_sensitive") or []))
        missing = [a for a in case_sensitive if a not in aliases and a != name]
        if missing:
            raise ValueError(f"actor {name!r}: case_sensitive entries not among aliases: {missing}")
        parent = raw.get("parent")
        actors[name] = Actor(
            name=name,
            type=typ,
            countries=countries,
            aliases=aliases,
            parent=str(parent) if parent else None,
            case_sensitive=case_sensitive,
        )
        cs_set = set(case_sensitive)
        for alias in (name, *aliases):
            if alias in cs_set:
                key = normalize(alias, lower=False)
                table = cs
            else:
                key = normalize(alias)
                table = ci
            if not key:
                raise ValueError(f"actor {name!r}: alias {alias!r} normalises to nothing")
            other = table.get(key)
            if other is not None and other != name:
                raise ValueError(
                    f"alias clash: {alias!r} (normalised {key!r}) belongs to both "
                    f"{other!r} and {name!r}"
                )
            table[key] = name
    # a case-sensitive alias must not shadow another actor's case-insensitive alias
    for key, owner in cs.items():
        other = ci.get(key.lower())
        if other is not None and other != owner:
            raise ValueError(
                f"alias clash: case-sensitive {key!r} ({owner!r}) vs case-insensitive "
                f"{key.lower()!r} ({other!r})"
            )
    for actor in actors.values():
        if actor.parent is not None and actor.parent not in actors:
            raise ValueError(f"actor {actor.name!r}: unknown parent {actor.parent!r}")
    return ActorLexicon(actors=actors, _ci=ci, _cs=cs)


@functools.lru_cache(maxsize=1)
def load_actors() -> ActorLexicon:
    """The validated actor lexicon from ``data/actors.yaml`` (cached)."""
    data = _read_yaml("actors.yaml")
    return build_actor_lexicon(data["actors"])


# --------------------------------------------------------------------------------------
# Weapons
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Weapon:
    term: str
    weapon_class: str
    attack_type: str | None = None


@dataclass(frozen=True)
class WeaponLexicon:
    weapons: Mapping[str, Weapon]  # normalised term -> Weapon

    def __len__(self) -> int:
        return len(self.weapons)

    def lookup(self, surface: str) -> Weapon | None:
        """The Weapon for a surface term (case-insensitive, normalised), or None."""
        key = normalize(surface)
        hit = self.weapons.get(key)
        if hit is None and key.endswith("s"):
            hit = self.weapons.get(key[:-1])  # crude plural: "car bombs", "mortars"
        return hit

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(w.term for w in self.weapons.values())

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(w.weapon_class for w in self.weapons.values())


@functools.lru_cache(maxsize=1)
def load_weapons() -> WeaponLexicon:
    """The validated weapon lexicon from ``data/weapons.yaml`` (cached)."""
    data = _read_yaml("weapons.yaml")
    out: dict[str, Weapon] = {}
    for raw in data["weapons"]:
        term = str(raw["term"])
        cls = raw.get("class")
        if cls not in WEAPON_CLASSES:
            raise ValueError(f"weapon {term!r}: class {cls!r} not in {sorted(WEAPON_CLASSES)}")
        at = raw.get("attack_type")
        if at is not None and at not in ATTACK_TYPES:
            raise ValueError(f"weapon {term!r}: attack_type {at!r} not in {sorted(ATTACK_TYPES)}")
        key = normalize(term)
        if key in out:
            raise ValueError(f"duplicate weapon term {term!r}")
        out[key] = Weapon(term=term, weapon_class=cls, attack_type=at)
    return WeaponLexicon(weapons=out)


# --------------------------------------------------------------------------------------
# Generic actor nouns
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GenericNouns:
    nouns: Mapping[str, str]  # normalised phrase -> category (non_state | state | unknown)
    unknown_perpetrator: tuple[str, ...]

    def category(self, phrase: str) -> str | None:
        return self.nouns.get(normalize(phrase))

    def is_unknown_perpetrator(self, phrase: str) -> bool:
        return normalize(phrase) in self._unknown_keys

    @functools.cached_property
    def _unknown_keys(self) -> frozenset[str]:
        return frozenset(normalize(p) for p in self.unknown_perpetrator)


def _tuple(xs: Any) -> tuple[str, ...]:
    return tuple(str(x) for x in (xs or []))


@functools.lru_cache(maxsize=1)
def load_generic_nouns() -> GenericNouns:
    """Generic actor head nouns from ``data/generic_actor_nouns.yaml``."""
    data = _read_yaml("generic_actor_nouns.yaml")
    nouns: dict[str, str] = {}
    for raw in data["nouns"]:
        cat = raw.get("category")
        if cat not in GENERIC_CATEGORIES:
            raise ValueError(f"generic noun {raw!r}: category not in {sorted(GENERIC_CATEGORIES)}")
        key = normalize(str(raw["phrase"]))
        if key in nouns and nouns[key] != cat:
            raise ValueError(f"generic noun {raw['phrase']!r} listed with two categories")
        nouns[key] = cat
    return GenericNouns(nouns=nouns, unknown_perpetrator=_tuple(data["unknown_perpetrator"]))


# --------------------------------------------------------------------------------------
# Word lists of the extraction rules, and the incident cue lexicon
# --------------------------------------------------------------------------------------

# The files whose top-level lists are word lists (every other top-level key is structured data
# read by its own loader): the incident cue lexicon's lists, the rules' vocabulary and the geoparser's.
VOCABULARY_FILES = ("incident_cues.yaml", "extraction_vocab.yaml", "place_vocab.yaml")


@dataclass(frozen=True)
class Vocabulary:
    """Named word lists that extraction rules test words against ("modals", "armed_nouns", ...).

    Rules keep the shape of a pattern (word boundaries, what may follow); the words live in data
    files, so widening a rule to another region's wording is a data edit with a test, not a code
    change."""

    lists: Mapping[str, tuple[str, ...]]

    def words(self, name: str) -> frozenset[str]:
        return frozenset(self._list(name))

    def alternation(self, name: str) -> str:
        """The list as a regex alternation, escaped, longest first (so "gunmen" is tried before
        "gunman" at a position and "car bomb" before "car"); spaces match any whitespace."""
        ordered = sorted(self._list(name), key=lambda w: (-len(w), w))
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)

    def _list(self, name: str) -> tuple[str, ...]:
        try:
            return self.lists[name]
        except KeyError:
            raise KeyError(f"no word list {name!r} in {' or '.join(VOCABULARY_FILES)}") from None


def build_vocabulary(sources: Iterable[tuple[str, Mapping[str, Any]]]) -> Vocabulary:
    """Validate word lists: each a non-empty list of distinct, non-empty, lower-case strings, and
    each name defined once across the files."""
    lists: dict[str, tuple[str, ...]] = {}
    where: dict[str, str] = {}
    for file_name, data in sources:
        for name, value in data.items():
            if not isinstance(value, list):
                continue
            if name in lists:
                raise ValueError(f"word list {name!r} defined in both {where[name]} and {file_name}")
            not_words = [w for w in value if not isinstance(w, str)]
            if not_words:  # YAML reads a bare on, off, yes or no as a boolean: quote it
                raise ValueError(f"{file_name}: word list {name!r} holds non-strings {not_words} (quote them)")
            words = tuple(value)
            if not words or any(not w.strip() for w in words):
                raise ValueError(f"{file_name}: word list {name!r} is empty or holds an empty word")
            if any(w != w.lower() for w in words):
                raise ValueError(f"{file_name}: word list {name!r} must be lower case: "
                                 f"{[w for w in words if w != w.lower()]}")
            duplicates = sorted({w for w in words if words.count(w) > 1})
            if duplicates:
                raise ValueError(f"{file_name}: word list {name!r} lists {duplicates} twice")
            lists[name], where[name] = words, file_name
    return Vocabulary(lists=lists)


@functools.lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """The validated word lists of the extraction rules (cached)."""
    return build_vocabulary((name, _read_yaml(name)) for name in VOCABULARY_FILES)


INCIDENT_KINDS: frozenset[str] = frozenset({"attack", "battle", "airstrike", "raid", "arrest", "leader_killed",
                                             "execution", "territory_change", "aircraft_downing"})


@dataclass(frozen=True)
class IncidentCues:
    """The words that signal an incident of each kind, and the cues of each attack type in order."""

    kinds: Mapping[str, Mapping[str, tuple[str, ...]]]  # kind → {"lemmas": (...), "phrases": (...)}
    attack_types: tuple[tuple[str, tuple[str, ...]], ...]  # most specific first


@functools.lru_cache(maxsize=1)
def load_incident_cues() -> IncidentCues:
    """The validated incident cue lexicon from ``data/incident_cues.yaml`` (cached)."""
    data = _read_yaml("incident_cues.yaml")
    kinds: dict[str, dict[str, tuple[str, ...]]] = {}
    for kind, spec in data["kinds"].items():
        if kind not in INCIDENT_KINDS:
            raise ValueError(f"incident_cues.yaml: kind {kind!r} not in {sorted(INCIDENT_KINDS)}")
        kinds[kind] = {part: _tuple((spec or {}).get(part)) for part in ("lemmas", "phrases")}
    types = []
    for name, words in data["attack_types"].items():
        if name not in ATTACK_TYPES:
            raise ValueError(f"incident_cues.yaml: attack type {name!r} not in {sorted(ATTACK_TYPES)}")
        types.append((name, _tuple(words)))
    return IncidentCues(kinds=kinds, attack_types=tuple(types))


__all__ = [
    "ACTOR_TYPES",
    "ATTACK_TYPES",
    "Actor",
    "ActorLexicon",
    "GENERIC_CATEGORIES",
    "GenericNouns",
    "IncidentCues",
    "Vocabulary",
    "WEAPON_CLASSES",
    "Weapon",
    "WeaponLexicon",
    "build_actor_lexicon",
    "load_actors",
    "load_generic_nouns",
    "load_incident_cues",
    "load_vocabulary",
    "load_weapons",
    "normalize",
]
