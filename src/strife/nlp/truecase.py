"""Truecasing for lower-case wire copy ("guerrillas attacked the santo tomas farm in guatemala").

The English model's entity recogniser and tagger lean on capital letters; old agency copy has
none. Before parsing, a mostly lower-case text gets capitals back where they are certain: the
first letter of each sentence, and known names (countries, regions, first-level areas, cities
of some size, armed actors and demonyms) in the case the lexicons write them. Only letters change
case and every character keeps its place, so offsets into the original text stay valid.
"""
from __future__ import annotations

import re
from functools import lru_cache

MIN_LETTERS = 200
MAX_UPPER_SHARE = 0.01
MAX_NAME_WORDS = 5
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)([^\W\d_])")


def is_lowercase_text(text: str) -> bool:
    letters = [c for c in text[:20000] if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return False
    return sum(c.isupper() for c in letters) / len(letters) < MAX_UPPER_SHARE


@lru_cache(maxsize=1)
def _names() -> dict[tuple[str, ...], str]:
    """lower-case word tuple → the name as written."""
    from strife.nlp.gazetteer import Gazetteer
    from strife.nlp.lexicon import load_actors

    names: dict[tuple[str, ...], str] = {}

    def add(name: str) -> None:
        words = tuple(w.lower() for w in _WORD.findall(name))
        if not words or len(words) > MAX_NAME_WORDS or not any(c.isupper() for c in name):
            return
        if len(words) == 1 and len(words[0]) < 3:
            return  # "us", "is", "la": too ambiguous in lower case
        names.setdefault(words, name)

    gazetteer = Gazetteer.load()
    for name in gazetteer.proper_names():
        add(name)
    lexicon = load_actors()
    for actor in lexicon.actors.values():
        for alias in (actor.name, *actor.aliases):
            if alias not in actor.case_sensitive:
                add(alias)
    return names


@lru_cache(maxsize=1)
def _longest_name_from() -> dict[str, int]:
    """first word → the most words a name starting with it has (most words start none)."""
    longest: dict[str, int] = {}
    for words in _names():
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return longest


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """English words that are also place names ("man", "of", "along"): never capitalised alone."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"man", "union", "march", "may", "front", "army", "police", "national",
                                    "central", "liberation", "popular", "forces", "force", "party", "state",
                                    "government", "council", "security", "military", "people", "republic",
                                    "city", "valley", "san", "santa", "mission", "victoria", "bank", "reading"}


def truecase(text: str) -> str:
    """The text with capitals restored where certain; the same length as the input."""
    chars = list(text)

    def cap(i: int) -> None:
        up = chars[i].upper()
        if len(up) == 1:
            chars[i] = up

    names = _names()
    longest = _longest_name_from()
    common = _common_words()
    words = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]
    i = 0
    while i < len(words):
        for n in range(longest.get(words[i][2], 0), 0, -1):
            key = tuple(w for _, _, w in words[i:i + n])
            if len(key) < n or key not in names:
                continue
            if n == 1 and key[0] in common:
                continue
            written = names[key]
            span_start, span_end = words[i][0], words[i + n - 1][1]
            written_letters = [c for c in written if c.isalpha()]
            pos = [k for k in range(span_start, span_end) if text[k].isalpha()]
            if len(pos) == len(written_letters):
                for k, c in zip(pos, written_letters):
                    if c.isupper():
                        cap(k)
            i += n
            break
        else:
            i += 1
    for m in _SENTENCE_START.finditer(text):
        cap(m.start(1))
    return "".join(chars)
