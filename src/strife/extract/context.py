"""One document's context, built once and read by every extraction stage.

Incident and indicator extraction ask the same questions of a document (which sentence is this,
which actors are named and of what type, what places and dates does it give, which armed group
and which country is it mostly about), so the answers are computed once here, as spaCy keeps a
document's annotations on its `Doc`, and passed to every stage. The context is frozen: a stage
that needs state of its own while it reads (the last incident, the topic of the last claim)
keeps it itself.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType

from spacy.tokens import Doc, Span

from strife.nlp.lexicon import load_actors
from strife.nlp.limits import over_cap
from strife.nlp.pipeline import doc_text, sentences
from strife.records import Place

Timex = tuple[int, int, object]  # (start, end, TimeValue): document offsets and the value
STATE_TYPES = frozenset({"state_force", "foreign_state", "coalition", "international"})


@dataclass(frozen=True)
class DocumentContext:
    """What the whole document says that a sentence may need."""

    doc: Doc
    doc_id: str
    text: str  # the document text (spaCy rebuilds Doc.text on every access)
    sentences: tuple[Span, ...]  # those the rules read: none past a cap of strife.nlp.limits
    sentence_starts: tuple[int, ...]  # char offset of each sentence, in order
    sentence_index: Mapping[int, int]  # token index of a sentence's start → its position
    paragraph_starts: tuple[int, ...]  # char offset of each paragraph (after a blank line), in order
    timexes: tuple[Timex, ...]  # every time expression, as written
    event_timexes: tuple[Timex, ...]  # those that can date an incident (see `_event_timexes`)
    places: tuple[Place, ...]  # every place the geoparser found, in text order
    actor_spans: tuple[Span, ...]  # armed actors named, in text order, labelled with canonical names
    actor_types: Mapping[str, str]  # canonical name → actor type ("unknown" outside the lexicon)
    dominant_nonstate: str | None  # the non-state actor named most often (first named on a tie)
    dominant_country: str | None  # the country of most places
    theatre: str | None  # the countries the document is mostly about ("IQ,SY"), places in actor names aside
    headline_end: int  # end of a headline (a first line with no closing full stop), else 0
    heading_spans: tuple[tuple[int, int], ...]  # the headline and the subheadings: short lines with no closing stop
    pub_date: date | None  # the publication date, when known
    # the publication day is known, as the document's container gave it (not inferred from the text):
    # "on Monday" is then that day, not a day of a window of several
    pub_date_exact: bool = False
    skipped_sentences: int = 0  # sentences past a cap, left out of `sentences`
    # a report without a date: its relative time expressions ("in February", "on July 22", "Monday")
    # read against one stand-in day, so that they compare with each other; they never date anything
    told_times: tuple[Timex, ...] = ()
    latest_told: date | None = None  # the end of the latest period an event time expression tells

    def is_state(self, actor: str | None) -> bool:
        """A state, its forces, a coalition or an international force, named in the document or not
        (an "Israeli strike" makes Israel's forces the perpetrator without naming them; an arrest's
        perpetrator is the arresting state)."""
        if actor is None:
            return False
        lexicon = load_actors()
        kind = self.actor_types.get(actor) or (lexicon.info(actor).type if actor in lexicon else None)
        return kind in STATE_TYPES or (kind is None and lexicon.force_of(actor) is not None)

    def in_heading(self, at: int) -> bool:
        return any(start <= at < end for start, end in self.heading_spans)

    def actors_in(self, start: int, end: int) -> list[Span]:
        """The actor spans that start between two document offsets."""
        return [sp for sp in self.actor_spans if start <= sp.start_char < end]


_NOT_ACTOR_ENTS = frozenset({"DATE", "TIME"})


def build_context(doc: Doc, doc_id: str, timexes: list[Timex], places: list[Place],
                  pub_date: str | None = None, pub_date_exact: bool = True,
                  told_times: list[Timex] = ()) -> DocumentContext:
    lexicon = load_actors()
    text = doc_text(doc)
    # the pipeline keeps them sorted by start; a name that is a date there is no actor ("murdered on
    # 17 November", not the Greek group of that name)
    spans = tuple(sp for sp in doc.spans.get("actors", []) if not all(t.ent_type_ in _NOT_ACTOR_ENTS for t in sp))
    types: dict[str, str] = {}
    counts: dict[str, int] = {}
    for sp in spans:
        types[sp.label_] = lexicon.info(sp.label_).type if sp.label_ in lexicon else "unknown"
        if types[sp.label_] not in STATE_TYPES:
            counts[sp.label_] = counts.get(sp.label_, 0) + 1
    dominant = max(counts, key=lambda k: (counts[k], -min(s.start for s in spans if s.label_ == k))) if counts else None
    country_counts: dict[str, int] = {}
    for p in places:
        if p.country:
            country_counts[p.country] = country_counts.get(p.country, 0) + 1
    dominant_country = max(country_counts, key=country_counts.get) if country_counts else None
    first_line = text.split("\n", 1)[0].rstrip()
    headline_end = len(first_line) if "\n" in text and not first_line.endswith((".", "!", "?", '"', "”")) else 0
    found = sentences(doc)
    sents = tuple(sp for sp in found if over_cap(sp) is None)
    try:
        pub = date.fromisoformat(pub_date[:10]) if pub_date else None
    except ValueError:
        pub = None
    event_times = _event_timexes(text, timexes)
    return DocumentContext(
        doc=doc, doc_id=doc_id, text=text, sentences=sents,
        sentence_starts=tuple(sp.start_char for sp in sents),
        sentence_index=MappingProxyType({sp.start: i for i, sp in enumerate(sents)}),
        paragraph_starts=tuple([0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]),
        timexes=tuple(timexes), event_timexes=event_times,
        latest_told=max((tx[2].end for tx in event_times), default=None), places=tuple(places),
        actor_spans=spans, actor_types=MappingProxyType(types), dominant_nonstate=dominant,
        dominant_country=dominant_country, theatre=_theatre(places, spans), headline_end=headline_end,
        heading_spans=_heading_spans(text),
        pub_date=pub, pub_date_exact=pub is not None and pub_date_exact, skipped_sentences=len(found) - len(sents),
        told_times=_event_timexes(text, told_times) if pub is None else ())


_HEADING_MAX_WORDS = 20


def _heading_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Lines that are headings, not sentences ("Bomb kills 34 in capital", "### Worst attack in a
    decade"): a line of its own (a blank line after it, so no line of a hard-wrapped paragraph),
    short, with no closing stop. What a heading tells, the body tells again."""
    out = []
    for m in re.finditer(r"(?m)^[^\n]+$", text):
        line = m.group(0).strip()
        if line and not line.endswith((".", "!", "?", '"', "”", ":", ",", ";")) and len(line.split()) <= _HEADING_MAX_WORDS \
                and re.match(r"\n[ \t]*\n", text[m.end():m.end() + 8]):
            out.append((m.start(), m.end()))
    return tuple(out)


def _theatre(places: list[Place], actor_spans: tuple[Span, ...]) -> str | None:
    """The countries named at least twice and a third as often as the most named one; a place
    inside an actor's name ("US Central Command") says nothing of where the document is."""
    countries = Counter(p.country for p in places if p.country and p.start is not None
                        and not any(sp.start_char <= p.start < sp.end_char for sp in actor_spans))
    top = max(countries.values(), default=0)
    return ",".join(sorted(c for c, n in countries.items() if n >= max(2, top / 3))) or None


def _event_timexes(text: str, timexes: list[Timex]) -> tuple[Timex, ...]:
    """The time expressions that can date an incident: a byline's date dates the report, not an
    incident; "since Feb. 28" dates what happened on Feb. 28 (an indicator reads it as a period)."""
    return tuple(_since_point(tx) for tx in timexes if not _byline(text, tx[0]))


_WEEKDAY = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


# "since March", "since last month": a month; "since last year", "since 2014": only the year
_MONTH_NAMED = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)(?:[a-z]*)\.?(?!\w)|\bmonths?\b",
                          re.I)


def _since_point(tx: Timex) -> Timex:
    """'since Feb. 28', 'since Saturday' (a period up to the report) → that day itself; 'since
    March' → that month; 'since last year' → that year, never a month it does not name."""
    start, end, value = tx
    if not value.text.lower().startswith("since"):
        return tx
    if re.search(r"\d{1,2}(?!\d)", value.text.replace(str(value.start.year), "")) or _WEEKDAY.search(value.text):
        point = replace(value, end=value.start, precision=1, iso=value.start.isoformat())
    elif _MONTH_NAMED.search(value.text[6:]):
        point = replace(value, end=value.start, precision=3, iso=value.start.isoformat()[:7])
    else:
        point = replace(value, end=value.start, precision=5, iso=str(value.start.year))
    return start, end, point


def _byline(text: str, at: int) -> bool:
    """A date on a byline or dateline line dates the report, not the incident."""
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = text[line_start: line_end if line_end >= 0 else len(text)]
    dateline = re.match(r"\s*[A-Z][A-Z .'-]+,\s+\w+\.? \d{1,2}(?:, \d{4})?\s*\(", line)
    return bool(re.match(r"\s*(?:By |Published|Updated|Posted)", line) or " | " in line
                or (dateline and at - line_start < dateline.end()) or _DATE_LINE.match(line))


# a line that is only a date (and an hour): the report's own stamp ("Apr 3, 2019", "June 5, 2019 4:15 PM")
_DATE_LINE = re.compile(
    r"\s*(?:[A-Z][a-z]+day,?\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4})"
    r"(?:,?\s+\d{1,2}:\d{2}\s*(?:[AaPp]\.?\s?[Mm]\.?)?(?:\s+[A-Z]{2,4})?)?\s*$")
