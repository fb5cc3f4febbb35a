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

from spacy.lang.en.stop_words import STOP_WORDS

MIN_LETTERS = 200
MAX_UPPER_SHARE = 0.01
MAX_NAME_WORDS = 5
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_STOP = frozenset(STOP_WORDS)
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
    return _STOP | {"man", "union", "march", "may", "front", "army", "police", "national", "central", "liberation",
                    "popular", "forces", "force", "party", "state", "government", "council", "security", "military",
                    "people", "republic", "city", "valley", "san", "santa", "mission", "victoria", "bank", "reading"}


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
    for start, end in _person_names(text, words):
        cap(start)
    for m in _SENTENCE_START.finditer(text):
        cap(m.start(1))
    return "".join(chars)


def _person_names(text: str, words: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Words of people's names, (start, end) each: a census first name followed, on the same line
    and with only a space between, by one to three surname-like words ("hector oqueli colindres",
    "antonio roldan betancur"); then every later word of those surnames alone ("oqueli said").
    A surname-like word is a census surname or first name that is no English word (the model's
    lemmatiser dictionary) nor a stop word; one unknown word may stand before such a surname
    ("oqueli" in "hector oqueli colindres"). A first name that is also a stop word ("will") is
    never taken."""
    first_names, surnames = _census_names()
    english = _english_words()

    def surname_like(w: str) -> bool:
        return (w in surnames or w in first_names) and w not in english

    def unknown(w: str) -> bool:
        return w not in english and w.isalpha() and len(w) > 2

    def joined(a: int, b: int) -> bool:  # one space apart
        return text[words[a][1]:words[b][0]] == " "

    found: list[tuple[int, int]] = []
    known: set[str] = set()
    i = 0
    while i < len(words):
        w = words[i][2]
        if w not in first_names or w in _STOP or i + 1 >= len(words):
            i += 1
            continue
        j = i + 1
        while j < len(words) and j - i <= 3 and joined(j - 1, j):
            nxt = words[j][2]
            if surname_like(nxt):
                j += 1
            elif unknown(nxt) and j + 1 < len(words) and joined(j, j + 1) and surname_like(words[j + 1][2]):
                j += 2
            else:
                break
        if j == i + 1:
            i += 1
            continue
        found.extend((words[k][0], words[k][1]) for k in range(i, min(j, i + 4)))
        known.update(words[k][2] for k in range(i + 1, min(j, i + 4)))
        i = j
    taken = {s for s, _ in found}
    found += [(s, e) for s, e, w in words if w in known and s not in taken]
    return found


@lru_cache(maxsize=1)
def _census_names() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames), lower case, from the US census lists the `names` package ships:
    5,500 first names and 88,800 surnames, Hispanic, Arabic and Asian ones among them."""
    from importlib import resources

    base = resources.files("names")

    def read(name: str) -> frozenset[str]:
        return frozenset(line.split()[0].lower() for line in base.joinpath(name).read_text().splitlines()
                         if line.strip())

    return read("dist.male.first") | read("dist.female.first"), read("dist.all.last")


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """English base forms (the model's lemmatiser index, from WordNet) and stop words: a word in it
    may be a name ("white", "mark") but is never taken for one on the strength of a list."""
    from strife.nlp.pipeline import load_nlp

    index = load_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    words = {w for pos in index for w in index[pos]}
    return frozenset(words) | _STOP

