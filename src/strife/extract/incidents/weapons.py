"""Weapons and attack types of an incident, from the weapons lexicon and the attack-type cues."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from strife.extract.incidents.triggers import phrase_re
from strife.nlp.lexicon import load_incident_cues, load_weapons


@dataclass(frozen=True)
class Weapon:
    weapon_class: str
    text: str
    attack_type: str | None


@lru_cache(maxsize=1)
def weapon_pattern() -> re.Pattern | None:
    """Every term of the weapons lexicon and its plural, longest first at a position."""
    terms = set(load_weapons().terms)
    return phrase_re(terms | {t + "s" for t in terms if not t.endswith("s")})


@lru_cache(maxsize=1)
def _attack_type_res() -> tuple[tuple[str, re.Pattern | None], ...]:
    return tuple((name, phrase_re(words)) for name, words in load_incident_cues().attack_types)


def find_weapon(text: str) -> Weapon | None:
    """The first weapon term of the text (longest at a position), from the weapons lexicon."""
    rx = weapon_pattern()
    m = rx.search(text) if rx is not None else None
    if not m:
        return None
    weapon = load_weapons().lookup(m.group(0))
    if weapon is None:
        return None
    return Weapon(weapon.weapon_class, m.group(0), weapon.attack_type)


# The weapons lexicon hints finer types than Strife codes; these fold into Strife's attack types
# (an aircraft's weapons say the incident is an airstrike, not what type of attack it is).
WEAPON_HINTS = {"rocket_attack": "bombing", "mine": "bombing", "shelling": "bombing", "stabbing": "armed_assault",
                "arson": None, "airstrike": None}


def attack_type(text: str, weapon: Weapon | None) -> str | None:
    """The most specific attack type whose cue occurs in the text, else the weapon's."""
    types = _attack_type_res()
    for name, rx in types:
        if rx is not None and rx.search(text):
            if name == "aircraft_downing" and _names(types, "drone", text):
                return "drone"  # "shot down an explosives-laden drone": the drone was the attack
            return name
    if weapon is None:
        return None
    return WEAPON_HINTS.get(weapon.attack_type, weapon.attack_type)


def names_attack_type(name: str, text: str) -> bool:
    """Whether the text holds a cue of that attack type ("from a drone" for drone)."""
    return _names(_attack_type_res(), name, text)


def _names(types, name: str, text: str) -> bool:
    return any(n == name and rx is not None and rx.search(text) for n, rx in types)


def aerial(weapon: Weapon | None) -> bool:
    """An aircraft or its munitions ("warplanes", "barrel bomb", "helicopter gunship")."""
    return weapon is not None and weapon.attack_type == "airstrike"
