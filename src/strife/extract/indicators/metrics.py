"""What a value measures: its metric. A count carries the metric of its rule; a share, an area or a
number of villages is classified by the nearest cue before it ("lost", "recaptured", "controls")
or after it ("a 20 percent loss", "of territory ISIS controls"). A value in apposition or
coordination with a classified one takes its class ("lost 700 km², around one percent"; "40
percent in Iraq and 20 percent in Syria"); "down from 20,000" and "lost only 700" take the noun or
unit of the sentence. The cue also says whose loss it is: "recaptured N from X" makes X the loser
(`Claim.role` "other")."""
from __future__ import annotations

import re

from spacy.tokens import Span

from strife.extract.context import DocumentContext
from strife.extract.indicators.claims import Claim
from strife.extract.indicators.frames import accepted
from strife.extract.indicators.values import Q, VAL, count_value, find_values
from strife.nlp.lexicon import load_vocabulary
from strife.nlp.pipeline import span_text

_VOCAB = load_vocabulary()
_LOSS_CUE = (rf"\b(?:{_VOCAB.alternation('loss_cue_words')}|"
             r"(?:driven|pushed|forced|expelled)\s+(?:\w+\s+)?(?:out\s+of|from)|retreated\s+from)\b")
_RETAKE_CUE = rf"\b(?:{_VOCAB.alternation('retake_cue_words')})\b"
_CAPTURE_CUE = rf"\b(?:{_VOCAB.alternation('capture_cue_words')})\b"
_HOLD_CUE = rf"\b(?:{_VOCAB.alternation('hold_cue_words')})\b"
_CUES = [(re.compile(_LOSS_CUE, re.I), "loss"), (re.compile(_RETAKE_CUE, re.I), "retake"),
         (re.compile(_CAPTURE_CUE, re.I), "capture"), (re.compile(_HOLD_CUE, re.I), "hold")]
_AFTER_LOSS = re.compile(r"^\s*(?:of\s+(?:its|their|the)\s+(?:[\w-]+\s+)?territory\s+)?(?:loss|losses|decline|drop|"
                         r"reduction|fall|contraction|shrinkage)\b", re.I)
_AFTER_ONCE_HELD = re.compile(r"^\s*of\s+(?:the|its|their)\s+(?:[\w-]+\s+){0,2}(?:territory|land|area|ground)\s+"
                              r"(?:that\s+)?(?:it|they|the\s+group)\s+(?:once|had|previously|formerly)\s+(?:held|controlled)",
                              re.I)
_AFTER_HOLD = re.compile(rf"^\s*of\s+(?:the\s+)?(?:[\w-]+\s+)?(?:territory|land|area|ground)\s+(?:[\w’'-]+\s+){{0,3}}?"
                         rf"{_HOLD_CUE}", re.I)
AFTER_FROM = re.compile(r"^\s*(?:[\w’'-]+\s+){0,4}?(?:from|held\s+by|controlled\s+by)\s+", re.I)
_APPOSITION = re.compile(r"^\s*(?:\([^()]*\)\s*)?(?:,\s*or\s+|,\s*|[—–]\s*|-{1,2}\s*|\s+or\s+|consisting\s+of\s+|"
                         r"including\s+|comprising\s+|,?\s*some\s+)$", re.I)
_COORDINATION = re.compile(r"^[^.;]{0,70}?(?:\band\b|\bbut\b|\bwhile\b|,)\s*$", re.I)
_TERRITORY_WORDS = re.compile(r"\b(?:territor\w*|ground|land|lands|area|areas|villages|towns|cities|countr(?:y|ies)|"
                              r"caliphate|enclave|region|provinces?)\b", re.I)


def sentence_claims(sent: Span, s_index: int, found: list, ctx: DocumentContext) -> list[Claim]:
    """The values of a sentence that are indicators, each with its metric."""
    text, base = span_text(sent), sent.start_char
    values = find_values(sent, ctx)
    if not values:
        return []
    # "it has lost only 700—around one percent": a bare number after a loss verb takes the area unit of the sentence
    area_unit = next((v.area_unit for v in values if v.kind == "area"), None)
    if area_unit:
        for m in re.finditer(rf"{_LOSS_CUE}\s+{Q}{VAL}(?=\s*(?:[—–,;.)]|-{{1,2}}\s|\s+\(|$))", text, re.I):
            v_start = base + (m.start("qual") if m.group("qual") else m.start("v1"))
            v_end = base + (m.end("v2") if m.group("v2") else m.end("v1"))
            if any(v.start < v_end and v_start < v.end for v in values):
                continue
            low, high = count_value(m, area_unit)
            values.append(Claim("area", None, v_start, v_end, base + m.start(), v_end, low, high, "km2",
                                 area_unit=area_unit))
        values.sort(key=lambda v: v.start)
    territory_context = bool(_TERRITORY_WORDS.search(text)) or any(
        i.metric.startswith(("territory", "villages")) for k, i in found if s_index - 2 <= k < s_index)
    out: list[Claim] = []
    prev: Claim | None = None
    prev_end = sent.start_char
    for v in values:
        if v.kind == "area" and prev is not None and prev.kind == "area" and \
                re.fullmatch(r"\s*\(\s*", ctx.text[prev.ev_end:v.start]):
            continue  # "(927 square miles)": a conversion of the value before
        cls = _classify(v, prev, prev_end, sent, ctx, territory_context)
        prev_end = _conversion_end(v, ctx.text)
        if cls is None:
            prev = None
            continue
        if not accepted(v, sent, ctx):
            continue
        out.append(v)
        prev = v
    return out


def _conversion_end(v: Claim, text: str) -> int:
    m = re.match(r"\s*\([^()]*\)", text[v.ev_end:])
    return v.ev_end + (m.end() if m and v.kind == "area" else 0)


_RELATIVE_HOLD = re.compile(r"\b(?:territory|land|lands|area|areas|ground)\s+(?:that\s+|which\s+)?(?:it|they|the\s+group)\s+"
                            r"(?:once\s+|had\s+|previously\s+|formerly\s+|still\s+)*$", re.I)


def _cue_matches(window: str):
    """(match, cue name) of the cue words of a window; "the territory they once held" describes the
    territory, it is no cue of its own."""
    for rx, name in _CUES:
        for m in rx.finditer(window):
            if name == "hold" and _RELATIVE_HOLD.search(window[:m.start()]):
                continue
            yield m, name


def _nearest_cue(window: str) -> str | None:
    best: tuple[int, str] | None = None
    for m, name in _cue_matches(window):
        if best is None or m.end() > best[0]:
            best = (m.end(), name)
    return best[1] if best else None


def _classify(v: Claim, prev: Claim | None, prev_end: int, sent: Span, ctx: DocumentContext,
              territory_context: bool) -> str | None:
    """Give the value its metric; None when it is not an indicator."""
    text = ctx.text
    after = text[v.end:sent.end_char]
    between = text[prev_end:v.start] if prev is not None else ""
    inherits = prev is not None and (_APPOSITION.match(between) or _COORDINATION.match(between)) \
        and prev.kind in ("share", "area", "count") and not _nearest_cue(between)
    if v.kind == "count" and v.metric != "villages":
        return v.metric
    if v.kind == "ellipsis":
        if prev is None or prev.kind != "count":
            return None
        v.metric, v.unit, v.role = prev.metric, prev.unit, prev.role
        return v.metric
    window = text[max(sent.start_char, prev_end, v.start - 80):v.start]
    cue = _nearest_cue(window)
    if cue:
        m = max((m2 for m2, name in _cue_matches(window) if name == cue), key=lambda m2: m2.end())
        v.cue_start = max(sent.start_char, prev_end, v.start - 80) + m.start()
        v.ev_start = min(v.ev_start, v.cue_start)
    if v.kind == "share":
        if cue is None and _AFTER_LOSS.match(after):
            cue = "loss"
        elif cue is None and _AFTER_ONCE_HELD.match(after):
            cue = "loss"
        elif cue is None and inherits and prev.metric and prev.metric.startswith("territory"):
            v.metric, v.role = ("territory_lost_share" if "lost" in prev.metric else "territory_share"), prev.role
            return v.metric if territory_context else None
        if not territory_context and not re.match(r"\s*of\s+[A-Z]", after):
            return None
        if cue == "loss":
            v.metric = "territory_lost_share"
        elif cue == "retake":
            v.metric, v.role = "territory_lost_share", "other"
        elif cue in ("capture", "hold"):
            if re.match(r"\s*of\s+(?:that|this|those|it)\b", after, re.I):
                return None
            if cue == "capture" and AFTER_FROM.match(after):
                v.metric, v.role = "territory_lost_share", "other"
            else:
                v.metric = "territory_share"
        else:
            return None
        return v.metric
    if v.kind == "area":
        if cue is None and _AFTER_HOLD.match(after):
            cue = "hold"
        if cue is None and inherits and prev.metric:
            v.metric = "territory_lost_km2" if "lost" in prev.metric else "territory_km2"
            v.role = prev.role
            return v.metric
        v.metric, v.role = {"loss": ("territory_lost_km2", "agent"), "retake": ("territory_lost_km2", "other"),
                            "capture": ("territory_lost_km2", "other"), "hold": ("territory_km2", "agent")}.get(
            cue, (None, "agent"))
        return v.metric
    # villages and towns
    if cue is None and inherits and prev.metric and prev.metric.startswith("territory"):
        v.metric, v.role = ("villages_lost" if "lost" in prev.metric else "villages_held"), prev.role
        return v.metric
    v.metric, v.role = {"loss": ("villages_lost", "agent"), "retake": ("villages_lost", "other"),
                        "capture": ("villages_lost", "other"), "hold": ("villages_held", "agent")}.get(cue, (None, "agent"))
    return v.metric


