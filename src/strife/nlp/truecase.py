"""Truecasing for lower-case wire copy ("guerrillas attacked the santo tomas farm in guatemala").

The English model's entity recogniser and tagger lean on capital letters; old agency copy has
none. Before parsing, a mostly lower-case text gets its capitals back in two passes:

1. a statistical truecaser (the `truecase` package: unigram, bigram and trigram counts of case
   forms learnt from English news, its model shipped inside the wheel) cases every sentence,
   token by token, through this module's own tokenizer (the package's `get_true_case` would
   need NLTK's punkt data, which is not installed);
2. what Strife already knows corrects its known errors: a word the model has never seen is
   capitalised only when it is no English word ("oqueli" yes, "machinegunned" no); armed
   actors' acronyms are written in capitals ("fmln" → FMLN); names of the gazetteer and of
   the actor lexicon, and people's names from the census lists, get the capitals they are
   written with.

Only letters change case and every character keeps its place, so offsets into the original
text stay valid.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

MIN_LETTERS = 200
MAX_UPPER_SHARE = 0.01
MAX_NAME_WORDS = 5
MIN_LOWER_SHARE = 0.2  # a word written in lower case this often is a common word, not a name
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")  # hyphens split: "fmln-fdr" holds two names
_STOP = frozenset(STOP_WORDS)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)([^\W\d_])")
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)]*\s+|\n\s*")
# the truecaser's tokens: words (inner hyphens kept), a possessive 's, any other non-space character
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*|['’]s\b|[^\w\s]")


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
        words = tuple(_fold(w) for w in _NAME_WORD.findall(name))
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
    """The text with capitals restored; the same length as the input, only letters' case changed."""
    chars = list(text)

    def cap(i: int) -> None:
        up = chars[i].upper()
        if len(up) == 1:
            chars[i] = up

    for i in _model_capitals(text):
        cap(i)
    for i in _known_name_capitals(text):
        cap(i)
    words = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]
    for start, _ in _person_names(text, words):
        cap(start)
    for m in _SENTENCE_START.finditer(text):
        cap(m.start(1))
    cased = "".join(chars)
    assert len(cased) == len(text), "truecasing must keep every offset"
    return cased


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: cut after . ! ? and a space, and at every line break."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > start:
            spans.append((start, m.end()))
            start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _model_capitals(text: str) -> list[int]:
    """Offsets of the letters the statistical truecaser writes in capitals, sentence by sentence.
    Its known errors are undone: a word it has never seen comes back title-cased, and keeps that
    capital only when it is no English word (a foreign name, "oqueli") and has letters only
    ("9-mm" stays as written); a common word it capitalises alone inside a sentence, with no
    capitalised word beside it ("the Army said", "a Rebel report"), stays lower case, while one
    inside a name keeps its capital ("the National University", "President Cerezo")."""
    model = _truecaser()
    known = model.word_casing_lookup
    out: list[int] = []
    for start, end in _sentences(text):
        found = list(_TOKEN.finditer(text, start, end))
        if not found:
            continue
        tokens = [m.group(0).lower() for m in found]
        cased = model.get_true_case_from_tokens(tokens, "title")
        keep = []
        for token, form in zip(tokens, cased):
            ok = len(form) == len(token) and form.lower() == token and not any(c.isdigit() for c in token)
            if ok and token not in known:
                ok = token.replace("-", "").isalpha() and not _is_english(token)
            keep.append(ok and any(c.isupper() for c in form))
        words = [k for k, token in enumerate(tokens) if token[0].isalnum()]
        for n, k in enumerate(words):
            if not keep[k] or n == 0 or not _is_common(tokens[k]):
                continue
            beside = [words[j] for j in (n - 1, n + 1) if 0 <= j < len(words)]
            if not any(keep[j] for j in beside):
                keep[k] = False
        for m, form, kept in zip(found, cased, keep):
            if kept:
                out += [m.start() + k for k, c in enumerate(form) if c.isupper()]
    return out


def _lower_share(word: str) -> float | None:
    """How often the truecaser's corpus writes the word in lower case (None: never seen)."""
    model = _truecaser()
    forms = model.word_casing_lookup.get(word)
    if not forms:
        return None
    total = sum(model.uni_dist[f] for f in forms)
    return model.uni_dist[word] / total if total else None


def _written_as_name(word: str) -> bool:
    """A word of the English word list that the truecaser's news corpus writes capitalised nearly
    always, or never holds: a name WordNet has too ("vargas"), not a common word that is also a
    surname ("white", "mark")."""
    share = _lower_share(word)
    return share is None or share < MIN_LOWER_SHARE


def _is_common(word: str) -> bool:
    """A common English word: in the English word list and written in lower case at least a
    fifth of the time ("army", "president"), or never seen by the truecaser. The word list
    alone would not do: WordNet holds "mexico" and "february", which are never written so."""
    if word in _STOP:
        return True
    share = _lower_share(word)
    return _is_english(word) and (share is None or share >= MIN_LOWER_SHARE)


def _is_english(word: str) -> bool:
    """An English word or a regular inflection of one ("machinegunned", "ambushes")."""
    english = _english_words()
    parts = word.split("-")
    return all(any(stem in english for stem in _stems(p)) for p in parts)


def _stems(word: str) -> list[str]:
    out = [word]
    for suffix, repl in (("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
                         ("ly", ""), ("er", ""), ("ers", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)] + repl
            out += [stem, stem[:-1]] if len(stem) > 3 and stem[-1] == stem[-2] else [stem]  # "gunned" → "gun"
    return out


@lru_cache(maxsize=1)
def _truecaser():
    """The `truecase` package's model (76 MB of case statistics, loaded once, offline)."""
    import truecase as truecase_package

    return truecase_package.get_truecaser()


def _fold(word: str) -> str:
    """A word as names are looked up: lower case, without accents ("Medellín" = "medellin")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def _known_name_capitals(text: str) -> list[int]:
    """Offsets of capital letters of the names the gazetteer and the actor lexicon know, in the
    case they are written there ("el salvador" → El Salvador, "fmln" → FMLN). A one-word name
    that is an English word written in lower case most of the time ("mobile", "reading") is
    left to the model."""
    words = [(m.start(), m.end(), _fold(m.group(0))) for m in _NAME_WORD.finditer(text)]
    names = _names()
    longest = _longest_name_from()
    common = _common_words()
    out: list[int] = []
    i = 0
    while i < len(words):
        for n in range(longest.get(words[i][2], 0), 0, -1):
            key = tuple(w for _, _, w in words[i:i + n])
            if len(key) < n or key not in names:
                continue
            if n == 1 and (key[0] in common or (_is_english(key[0]) and (_lower_share(key[0]) or 0) > 0.5)):
                continue
            written_letters = [c for c in names[key] if c.isalpha()]
            pos = [k for k in range(words[i][0], words[i + n - 1][1]) if text[k].isalpha()]
            if len(pos) == len(written_letters):
                out += [k for k, c in zip(pos, written_letters) if c.isupper()]
            i += n
            break
        else:
            i += 1
    return out


def _person_names(text: str, words: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Words of people's names, (start, end) each: a census first name followed, on the same line
    and with only a space between, by one to three surname-like words ("hector oqueli colindres",
    "antonio roldan betancur"); then every later word of those surnames alone ("oqueli said").
    A surname-like word is a census surname or first name that is no English word (the model's
    lemmatiser dictionary) nor a stop word, or that news writes capitalised ("vargas"); one unknown
    word may stand before such a surname ("oqueli" in "hector oqueli colindres"). A first name
    that is also a stop word ("will") is never taken."""
    first_names, surnames = _census_names()
    english = _english_words()

    def surname_like(w: str) -> bool:
        return (w in surnames or w in first_names) and (w not in english or _written_as_name(w))

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



def load() -> None:
    """Load the model and word lists truecasing reads (seconds, once), before any text is timed."""
    _truecaser(), _names(), _longest_name_from(), _common_words(), _census_names(), _english_words()
