"""The people a report names for an incident (its accused, its victims), read so that two reports'
spellings of one person meet: a named shooter or victim ties together reports that give no date or
only their country, and follow-up reports (an arrest, a trial) that date the crime badly.

Names are compared as a surname and the given names before it, titles dropped: "Sheriff's Deputy
Jerry Salcedo", 'Luis Gerardo "Jerry" Salcedo' and "Deputy Salcedo" are one person; "Marquise Dalton" and a
report's "Marqiuse Dalton" too (a typo past the first letter); "Jerry Salcedo" and "Manuel Salcedo" are
not, and two bare surnames prove nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from strife.nlp.lexicon import load_actors, load_generic_nouns, load_vocabulary, normalize
from strife.records import IncidentMention

_TOKEN_SEPARATORS = re.compile(r"[\s\"“”«»]+")
_TOKEN_EDGES = " .,;:'’`()"


@dataclass(frozen=True)
class PersonName:
    surname: str  # normalised: "salcedo"
    given: tuple[str, ...] = ()  # normalised given names and nicknames, in order: ("luis", "gerardo", "jerry")

    def same_person(self, other: PersonName) -> bool:
        """The same surname, and given names that share a name or an initial; a bare surname
        ("Deputy Salcedo") matches a full name with it, never another bare surname."""
        if self.surname != other.surname:
            return False
        if not self.given or not other.given:
            return bool(self.given or other.given)
        return bool(set(self.given) & set(other.given)) or self.given[0][0] == other.given[0][0]


@lru_cache(maxsize=65536)
def person_name(text: str | None) -> PersonName | None:
    """The person a phrase names, read from its end: the capitalised words after the last title.
    "L. A. County Sheriff's Deputy Jerry Salcedo" → Jerry Salcedo; "Deputy Salcedo" → Salcedo (a title makes a
    lone word a surname); "Zambada" alone, "a 60-year-old woman", "gang member" → None."""
    if not text:
        return None
    vocabulary = load_vocabulary()
    titles, suffixes = vocabulary.words("person_titles"), vocabulary.words("name_suffixes")
    words: list[str] = []
    titled = False
    for token in reversed(_TOKEN_SEPARATORS.split(text.strip())):
        token = token.strip(_TOKEN_EDGES)
        if not token:
            continue
        word = normalize(token).strip(_TOKEN_EDGES)
        if word in titles:
            titled = True
            break
        if not token[0].isupper():
            break
        if not words and word in suffixes:
            continue
        words.append(word)
    words.reverse()
    if not words or len(words) == 1 and not titled or load_generic_nouns().category(words[-1]) is not None:
        return None  # "Staunton Police" names a force, not a person
    return PersonName(surname=words[-1], given=tuple(words[:-1]))


def named_people(m: IncidentMention) -> tuple[PersonName, ...]:
    """The people a mention names: its accused (a perpetrator no actor list knows is a person) and
    its victims. A name that is an armed actor's or the mention's own place's is no person's."""
    texts = (*m.individual_perpetrators, *m.victim_names, *((m.perpetrator,) if m.perpetrator else ()))
    return _named(texts, normalize(m.place.name) if m.place is not None and m.place.name else None)


@lru_cache(maxsize=65536)
def _named(texts: tuple[str, ...], place: str | None) -> tuple[PersonName, ...]:
    people = []
    for text in dict.fromkeys(texts):
        name = _person(text)
        if name is not None and normalize(text) != place and name not in people:
            people.append(name)
    return tuple(people)


def accused(m: IncidentMention) -> PersonName | None:
    """The person a mention names as its perpetrator, if a person (not an armed actor or a state)."""
    return _person(m.perpetrator)


def _person(text: str | None) -> PersonName | None:
    return None if not text or load_actors().canonical(text) is not None else person_name(text)


def share_a_person(a: IncidentMention, b: IncidentMention) -> bool:
    """Whether two mentions name one person (in any role: a report may take the accused for a victim)."""
    names_b = named_people(b)
    return any(x.same_person(y) for x in named_people(a) for y in names_b)
