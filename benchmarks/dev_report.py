"""Error analysis of an extraction export against a gold file: per document, the incidents missed and
the ones reported that match nothing, each with the sentence behind it; per field, the wrong values
beside the gold; the same for indicators; then a summary table.

    .venv/bin/python benchmarks/dev_report.py GOLD PRED [--texts DIR|FILE.jsonl] [--scorer score.py]
        [--doc ID ...] [--max-chars N] [--json OUT.json] [--clusters]

    strife extract ../shared/dev/articles/dated.jsonl --out d.jsonl
    .venv/bin/python benchmarks/dev_report.py ../shared/dev/articles/gold.json d.jsonl \\
        --texts ../shared/dev/articles/dated.jsonl

Every decision is the shared scorer's own (`eval/score.py`, imported from the shared folder at
run time: its `load_pred`, `match`, `compat`, `field_ok`, `indicator_fit` and `score`), so the report
never disagrees with the score: its totals are checked against `score()` before anything prints.
A spurious incident that the scorer would have paired with a gold incident already taken by
another prediction is marked as a repeat of that prediction. A missed incident shows its gold
fields and cue and, with --texts, the sentence(s) most likely telling it (the cue's sentence, else
the ones naming its place, perpetrator or casualty figures).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.devsets import SharedNotFound, load_scorer, mean_field_accuracy, shared_dir  # noqa: E402

INDICATOR_FIELDS = ("subject", "region", "period", "source")
SMALL_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                      "fifteen sixteen seventeen eighteen nineteen twenty").split()
# a sentence ends at . ! ? (and a closing quote) before white space, or at a blank line / line break
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n\s*")


@dataclass
class Wrong:
    field: str
    gold: str
    pred: str


@dataclass
class Missed:
    index: int  # position in the gold document's list
    summary: str
    cue: str | None
    sentences: list[str]
    told_by: list[int] = field(default_factory=list)  # predictions whose evidence holds its cue or sentence


@dataclass
class Spurious:
    index: int  # position in the prediction's list
    summary: str
    evidence: list[str]
    repeat_of: int | None = None  # the prediction that took the gold incident this one also fits


@dataclass
class Pair:
    gold_index: int
    pred_index: int
    summary: str
    wrong: list[Wrong]
    evidence: list[str]
    judged: list[str]  # the fields the gold gives, so the scorer judges them


@dataclass
class DocReport:
    doc_id: str
    gold_incidents: int
    pred_incidents: int
    missed: list[Missed] = field(default_factory=list)
    spurious: list[Spurious] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    gold_indicators: int = 0
    pred_indicators: int = 0
    missed_indicators: list[Missed] = field(default_factory=list)
    spurious_indicators: list[Spurious] = field(default_factory=list)
    indicator_pairs: list[Pair] = field(default_factory=list)
    pub_date: str | None = None
    pub_date_window: list[str] | None = None
    pub_date_ok: bool | None = None  # None: the gold gives no window

    @property
    def wrong_fields(self) -> int:
        return sum(len(p.wrong) for p in self.pairs)


# --- reading --------------------------------------------------------------------------------------

def gold_doc_for(raw_id: str, gold_ids: list[str]) -> str | None:
    """The gold document an id names, by score.py's rule: the id itself, a file name without its
    extension, or any id that ends with the gold id."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", raw_id.rsplit("/", 1)[-1])
    return next((g for g in gold_ids if g == raw_id or g == stem or raw_id.endswith(g)), None)


def load_texts(spec: str | Path, gold_ids: list[str]) -> dict[str, str]:
    """Document texts by gold id, from a folder of files (one document each, named by its id) or
    from JSON Lines records with `doc_id` (or `id`) and `text`."""
    spec = Path(spec)
    texts: dict[str, str] = {}
    if spec.is_dir():
        for path in sorted(spec.iterdir()):
            doc = gold_doc_for(path.name, gold_ids) if path.is_file() else None
            if doc:
                texts[doc] = path.read_text(encoding="utf-8", errors="replace")
        return texts
    with spec.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{spec}:{n}: not JSON ({exc})") from exc
            doc = gold_doc_for(str(rec.get("doc_id") or rec.get("id") or ""), gold_ids)
            if doc and isinstance(rec.get("text"), str):
                texts[doc] = rec["text"]
    return texts


# --- sentences ------------------------------------------------------------------------------------

def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start:m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _fold(s: str) -> str:
    """Lower case, one kind of quote and dash, single spaces: a cue typed by an annotator still
    finds its sentence."""
    s = s.lower().translate(str.maketrans("‘’`“”–—", "''\"\"\"--"))
    return re.sub(r"\s+", " ", s).strip()


def _number_forms(n) -> list[str]:
    n = int(n)
    forms = [str(n), f"{n:,}"]
    if n < len(SMALL_NUMBER_WORDS):
        forms.append(SMALL_NUMBER_WORDS[n])
    return forms


def sentences_telling(text: str, gold: dict, scorer: ModuleType, limit: int = 2) -> list[str]:
    """The sentence(s) of `text` most likely telling a gold incident or indicator: those the
    annotator's cue lies in; else the ones naming most of its place, perpetrator, target and
    figures (a number counts only as a whole word)."""
    spans = sentence_spans(text)
    cue = _fold(gold.get("cue") or "")
    if cue:
        for start, end in spans:
            if cue in _fold(text[start:end]):
                return [text[start:end]]
        # a cue running over a sentence break: the sentences its first words start
        head = cue[:40]
        hits = [text[s:e] for s, e in spans if head in _fold(text[s:e])]
        if hits:
            return hits[:limit]
    words = [w for w in (gold.get("place"), gold.get("perpetrator"), gold.get("subject")) if w]
    numbers = [v for k in ("killed_min", "killed_max", "wounded_min", "wounded_max", "low", "high")
               if isinstance(v := gold.get(k), (int, float)) and v == int(v)]
    scored = []
    for start, end in spans:
        sentence = text[start:end]
        folded = scorer.norm_text(sentence) or ""
        score = 2 * sum(bool(scorer.norm_text(w)) and f" {scorer.norm_text(w)} " in f" {folded} " for w in words)
        score += 3 * sum(any(re.search(rf"(?<![\d,.]){re.escape(f)}(?![\d,])", sentence, re.I) for f in
                             _number_forms(n)) for n in numbers)
        if score:
            scored.append((-score, start, sentence))
    return [sentence for _, _, sentence in sorted(scored)[:limit]]


def predictions_telling(preds: list[dict], passages: list[str]) -> list[int]:
    """The predictions whose evidence holds one of `passages` (a missed incident's cue or sentence):
    a missed incident that another prediction tells was merged into it, not overlooked."""
    wanted = [_fold(p) for p in passages if p and p.strip()]
    spans = [[_fold(e) for e in _evidence(p) if len(e.strip()) >= 20] for p in preds]  # not a bare "killed 3"
    return [j for j, evidence in enumerate(spans) if any(w in e or e in w for w in wanted for e in evidence)]


# --- describing values ----------------------------------------------------------------------------

def _range(lo, hi) -> str:
    if lo is None and hi is None:
        return "-"
    if lo == hi:
        return f"{lo}"
    if hi is None:
        return f">={lo}"
    if lo is None:
        return f"<={hi}"
    return f"{lo}-{hi}"


def _place(rec: dict) -> str:
    name = rec.get("place") or "-"
    country = rec.get("country")
    where = f"{name} ({country})" if country else name
    if rec.get("lat") is not None and rec.get("lon") is not None:
        where += f" @{float(rec['lat']):.2f},{float(rec['lon']):.2f}"
    return where


def field_value(name: str, rec: dict, scorer: ModuleType, other: dict | None = None) -> str:
    """One field of an incident as the report prints it; a place beside another gets their distance."""
    if name in ("killed", "wounded"):
        return _range(rec.get(name + "_min"), rec.get(name + "_max"))
    if name == "place":
        text = _place(rec)
        if other is not None and None not in (rec.get("lat"), rec.get("lon"), other.get("lat"), other.get("lon")):
            text += f" [{scorer.km(float(other['lat']), float(other['lon']), float(rec['lat']), float(rec['lon'])):.0f} km]"
        return text
    if name == "perpetrator":
        value = rec.get("perpetrator") or "-"
        if rec.get("perpetrator_alt"):
            value += f" (or {', '.join(rec['perpetrator_alt'][:3])}{', ...' if len(rec['perpetrator_alt']) > 3 else ''})"
        if rec.get("perpetrator_text") and rec.get("perpetrator_text") != rec.get("perpetrator"):
            value += f" «{rec['perpetrator_text']}»"
        return value
    value = rec.get(name)
    return "-" if value is None else str(value)


def incident_summary(rec: dict) -> str:
    kind = rec.get("kind") or "?"
    if rec.get("attack_type"):
        kind += f"/{rec['attack_type']}"
    parts = [kind, rec.get("date") or "undated", _place(rec), f"perp={rec.get('perpetrator') or '-'}"]
    if rec.get("claimed") is not None:
        parts.append(f"claimed={rec['claimed']}")
    parts += [f"killed={_range(rec.get('killed_min'), rec.get('killed_max'))}",
              f"wounded={_range(rec.get('wounded_min'), rec.get('wounded_max'))}"]
    return "  ".join(parts)


def indicator_summary(rec: dict) -> str:
    return (f"{rec.get('metric')} {_range(rec.get('low'), rec.get('high'))}  subject={rec.get('subject') or '-'}  "
            f"region={rec.get('region') or '-'}  period={rec.get('period') or '-'}  source={rec.get('source') or '-'}")


def _evidence(rec: dict) -> list[str]:
    return [e.get("text") or "" for e in rec.get("evidence") or []]


def indicator_field_ok(scorer: ModuleType, name: str, gold_value, pred_value) -> bool:
    """score.py's comparison of a matched indicator's field (written inline in its `score`)."""
    if name in ("subject", "source"):
        return scorer.norm_actor(gold_value) == scorer.norm_actor(pred_value)
    return str(pred_value or "").replace(" ", "") == str(gold_value).replace(" ", "")


# --- the report -----------------------------------------------------------------------------------

def document_report(doc_id: str, gold: dict, pred: dict, text: str | None, scorer: ModuleType) -> DocReport:
    golds, preds = gold["incidents"], pred["incidents"]
    pairs = scorer.match(golds, preds, scorer.compat)
    gold_to_pred = dict(pairs)
    paired_preds = {j for _, j in pairs}
    rep = DocReport(doc_id, len(golds), len(preds), pub_date=pred.get("pub_date"),
                    pub_date_window=gold.get("pub_date_window"))
    for i, g in enumerate(golds):
        if i not in gold_to_pred:
            sentences = sentences_telling(text, g, scorer) if text else []
            rep.missed.append(Missed(i, incident_summary(g), g.get("cue"), sentences,
                                     predictions_telling(preds, [g.get("cue") or "", *sentences])))
    for j, p in enumerate(preds):
        if j in paired_preds:
            continue
        fits = [(scorer.compat(golds[i], p), i) for i in gold_to_pred if scorer.compat(golds[i], p) > 0]
        repeat_of = gold_to_pred[max(fits)[1]] if fits else None
        rep.spurious.append(Spurious(j, incident_summary(p), _evidence(p), repeat_of))
    for i, j in sorted(pairs):
        g, p = golds[i], preds[j]
        judged = [f for f in scorer.INCIDENT_FIELDS if scorer.field_ok(f, g, p) is not None]
        wrong = [Wrong(f, field_value(f, g, scorer), field_value(f, p, scorer, other=g))
                 for f in judged if not scorer.field_ok(f, g, p)]
        rep.pairs.append(Pair(i, j, incident_summary(p), wrong, _evidence(p), judged))

    gind, pind = gold.get("indicators", []), pred["indicators"]
    rep.gold_indicators, rep.pred_indicators = len(gind), len(pind)
    ipairs = scorer.match(gind, pind, scorer.indicator_fit)
    matched_g, matched_p = {i for i, _ in ipairs}, {j for _, j in ipairs}
    for i, g in enumerate(gind):
        if i not in matched_g:
            rep.missed_indicators.append(Missed(i, indicator_summary(g), g.get("cue"),
                                                sentences_telling(text, g, scorer) if text else []))
    for j, p in enumerate(pind):
        if j not in matched_p:
            rep.spurious_indicators.append(Spurious(j, indicator_summary(p), _evidence(p)))
    for i, j in sorted(ipairs):
        g, p = gind[i], pind[j]
        judged = [f for f in INDICATOR_FIELDS if g.get(f) is not None]
        wrong = [Wrong(f, str(g[f]), str(p.get(f) if p.get(f) is not None else "-")) for f in judged
                 if not indicator_field_ok(scorer, f, g[f], p.get(f))]
        rep.indicator_pairs.append(Pair(i, j, indicator_summary(p), wrong, _evidence(p), judged))

    window = rep.pub_date_window
    if window:
        rep.pub_date_ok = bool(rep.pub_date and window[0] <= str(rep.pub_date)[:10] <= window[1])
    return rep


def build_report(gold: dict, gold_pred: dict, texts: dict[str, str], scorer: ModuleType,
                 only: set[str] | None = None) -> tuple[list[DocReport], dict]:
    """Per-document reports (in gold order) and the scorer's own figures for the whole set. Raises
    when the reports' totals differ from the scorer's: the report must never tell another story."""
    empty = {"pub_date": None, "incidents": [], "indicators": []}
    reports = [document_report(doc_id, g, gold_pred.get(doc_id, empty), texts.get(doc_id), scorer)
               for doc_id, g in gold["docs"].items()]
    figures = scorer.score(gold, gold_pred)
    _check_totals(reports, figures)
    if only:
        reports = [r for r in reports if r.doc_id in only]
    return reports, figures


def _accuracy(pairs: list[Pair], name: str) -> float | None:
    judged = [p for p in pairs if name in p.judged]
    if not judged:
        return None
    return round(1 - sum(any(w.field == name for w in p.wrong) for p in judged) / len(judged), 9)


def _check_totals(reports: list[DocReport], figures: dict) -> None:
    inc, ind = figures["incidents"], figures["indicators"]
    pairs = [p for r in reports for p in r.pairs]
    indicator_pairs = [p for r in reports for p in r.indicator_pairs]
    mine = {"incident pairs": len(pairs), "gold incidents": sum(r.gold_incidents for r in reports),
            "predicted incidents": sum(r.pred_incidents for r in reports), "indicator pairs": len(indicator_pairs),
            **{f"{name} accuracy": _accuracy(pairs, name) for name in figures["fields"]},
            **{f"indicator {name} accuracy": _accuracy(indicator_pairs, name) for name in ind["fields"]}}
    theirs = {"incident pairs": inc["matched"], "gold incidents": inc["gold"], "predicted incidents": inc["pred"],
              "indicator pairs": ind["matched"],
              **{f"{name} accuracy": None if v["acc"] is None else round(v["acc"], 9)
                 for name, v in figures["fields"].items()},
              **{f"indicator {name} accuracy": None if v is None else round(v, 9) for name, v in ind["fields"].items()}}
    differ = {k: (mine[k], theirs[k]) for k in mine if mine[k] != theirs[k]}
    if differ:
        raise RuntimeError(f"report and scorer disagree (report, scorer): {differ}")


# --- printing -------------------------------------------------------------------------------------

def _clip(text: str, max_chars: int) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= max_chars else text[:max_chars - 1] + "…"


def print_report(reports: list[DocReport], figures: dict, scorer: ModuleType, max_chars: int = 400,
                 out=sys.stdout) -> None:
    def line(s: str = "") -> None:
        print(s, file=out)

    for r in reports:
        if not (r.missed or r.spurious or r.wrong_fields or r.missed_indicators or r.spurious_indicators
                or any(p.wrong for p in r.indicator_pairs) or r.pub_date_ok is False):
            continue
        line(f"== {r.doc_id}  incidents gold {r.gold_incidents} pred {r.pred_incidents} matched {len(r.pairs)} "
             f"(missed {len(r.missed)}, spurious {len(r.spurious)}, wrong fields {r.wrong_fields})  "
             f"indicators gold {r.gold_indicators} pred {r.pred_indicators} matched {len(r.indicator_pairs)}")
        if r.pub_date_ok is False:
            line(f"  PUB_DATE  {r.pub_date or '-'}  (gold window {r.pub_date_window[0]}..{r.pub_date_window[1]})")
        for m in r.missed:
            told = f"  (its sentence is in pred#{', pred#'.join(map(str, m.told_by))})" if m.told_by else ""
            line(f"  MISSED   gold#{m.index}  {m.summary}{told}")
            if m.cue:
                line(f"           cue: «{_clip(m.cue, max_chars)}»")
            for s in m.sentences:
                line(f"           text: «{_clip(s, max_chars)}»")
        for s in r.spurious:
            repeat = f"  (repeats pred#{s.repeat_of})" if s.repeat_of is not None else ""
            line(f"  SPURIOUS pred#{s.index}  {s.summary}{repeat}")
            for e in s.evidence:
                line(f"           evidence: «{_clip(e, max_chars)}»")
        for p in r.pairs:
            if not p.wrong:
                continue
            line(f"  WRONG    gold#{p.gold_index} = pred#{p.pred_index}  "
                 + "; ".join(f"{w.field}: gold {w.gold} | pred {w.pred}" for w in p.wrong))
            for e in p.evidence:
                line(f"           evidence: «{_clip(e, max_chars)}»")
        for m in r.missed_indicators:
            line(f"  IND MISSED   gold#{m.index}  {m.summary}")
            if m.cue:
                line(f"               cue: «{_clip(m.cue, max_chars)}»")
            for s in m.sentences:
                line(f"               text: «{_clip(s, max_chars)}»")
        for s in r.spurious_indicators:
            line(f"  IND SPURIOUS pred#{s.index}  {s.summary}")
            for e in s.evidence:
                line(f"               evidence: «{_clip(e, max_chars)}»")
        for p in r.indicator_pairs:
            if p.wrong:
                line(f"  IND WRONG    gold#{p.gold_index} = pred#{p.pred_index}  "
                     + "; ".join(f"{w.field}: gold {w.gold} | pred {w.pred}" for w in p.wrong))
        line()

    line("== wrong values by field (gold | predicted)")
    for name in scorer.INCIDENT_FIELDS:
        rows = [(r.doc_id, p, w) for r in reports for p in r.pairs for w in p.wrong if w.field == name]
        if not rows:
            continue
        line(f"-- {name}: {len(rows)} wrong")
        for doc_id, p, w in rows:
            line(f"   {doc_id} gold#{p.gold_index}: gold {w.gold} | pred {w.pred}")
    line()

    line("== summary")
    width = max([len(r.doc_id) for r in reports] + [8])
    line(f"{'document':<{width}}  {'gold':>4} {'pred':>4} {'match':>5} {'miss':>4} {'spur':>4} {'rep':>3} "
         f"{'wrongF':>6}  {'iGold':>5} {'iPred':>5} {'iMatch':>6}  pub_date")
    for r in reports:
        repeats = sum(s.repeat_of is not None for s in r.spurious)
        pub = "-" if r.pub_date_ok is None else ("ok" if r.pub_date_ok else f"wrong ({r.pub_date or 'none'})")
        line(f"{r.doc_id:<{width}}  {r.gold_incidents:>4} {r.pred_incidents:>4} {len(r.pairs):>5} {len(r.missed):>4} "
             f"{len(r.spurious):>4} {repeats:>3} {r.wrong_fields:>6}  {r.gold_indicators:>5} {r.pred_indicators:>5} "
             f"{len(r.indicator_pairs):>6}  {pub}")
    spurious = [s for r in reports for s in r.spurious]
    line(f"{'total':<{width}}  {sum(r.gold_incidents for r in reports):>4} {sum(r.pred_incidents for r in reports):>4} "
         f"{sum(len(r.pairs) for r in reports):>5} {sum(len(r.missed) for r in reports):>4} {len(spurious):>4} "
         f"{sum(s.repeat_of is not None for s in spurious):>3} {sum(r.wrong_fields for r in reports):>6}  "
         f"{sum(r.gold_indicators for r in reports):>5} {sum(r.pred_indicators for r in reports):>5} "
         f"{sum(len(r.indicator_pairs) for r in reports):>6}")
    line("(rep: spurious incidents that fit a gold incident another prediction took: the same incident told twice)")
    line()
    print_figures(figures, out)


def print_figures(s: dict, out=sys.stdout) -> None:
    """The scorer's figures for the whole set, laid out as score.py prints them."""
    i, c, ind = s["incidents"], s["clusters"], s["indicators"]
    print(f"incidents   gold={i['gold']} pred={i['pred']} matched={i['matched']}  "
          f"P={i['P']:.3f} R={i['R']:.3f} F1={i['F1']:.3f}", file=out)
    for name, v in s["fields"].items():
        acc = "  n/a" if v["acc"] is None else f"{v['acc']:.3f}"
        wrong = "" if v["acc"] is None else f"  wrong={round(v['n'] * (1 - v['acc']))}"
        print(f"  field {name:<12} acc={acc} (n={v['n']}){wrong}", file=out)
    print(f"clusters    gold_pairs={c['gold_pairs']} pred_pairs={c['pred_pairs']}  "
          f"P={c['P']:.3f} R={c['R']:.3f} F1={c['F1']:.3f}", file=out)
    print(f"indicators  gold={ind['gold']} pred={ind['pred']} matched={ind['matched']}  "
          f"P={ind['P']:.3f} R={ind['R']:.3f} F1={ind['F1']:.3f}  fields=" +
          ", ".join(f"{k}:{'n/a' if v is None else f'{v:.2f}'}" for k, v in ind["fields"].items()), file=out)
    acc, wrong, dates_wrong = s["pub_date_acc"], s["pub_date_wrong"], s["date_wrong"]
    print(f"pub_date    acc={'n/a' if acc is None else f'{acc:.3f}'}  wrong={'n/a' if wrong is None else f'{wrong:.3f}'}"
          f"  (incident dates wrong={'n/a' if dates_wrong is None else f'{dates_wrong:.3f}'}; a null is not wrong)",
          file=out)
    print(f"SCORE incident_F1={i['F1']:.3f} field_acc={mean_field_accuracy(s):.3f} cluster_F1={c['F1']:.3f} "
          f"indicator_F1={ind['F1']:.3f}", file=out)


@dataclass
class ClusterLine:
    """One gold incident of a gold cluster across documents, and the prediction matched to it."""

    doc_id: str
    gold: str  # incident_summary of the gold incident
    pred: str | None  # of its matched prediction; None: missed
    cluster_id: str | None


def cluster_report(gold: dict, pred: dict, scorer: ModuleType) -> tuple[dict[str, list[ClusterLine]], list[tuple]]:
    """Per gold cluster told by several matched incidents, each document's matched prediction with
    its cluster id (missed ones too); and the predicted clusters that join two gold clusters, as
    (cluster id, gold cluster, doc, gold cluster, doc). Matching is the scorer's (`match`, `compat`),
    so the pairs counted here are the ones `score()` counts."""
    by_cluster: dict[str, list[ClusterLine]] = {}
    matched: list[tuple[str, str | None, str]] = []
    for doc_id, g in gold["docs"].items():
        gi = g["incidents"]
        pi = pred.get(doc_id, {"incidents": []})["incidents"]
        pairs = dict(scorer.match(gi, pi, scorer.compat))
        for i, rec in enumerate(gi):
            j = pairs.get(i)
            hit = pi[j] if j is not None else None
            by_cluster.setdefault(rec.get("cluster"), []).append(ClusterLine(
                doc_id, incident_summary(rec), incident_summary(hit) if hit else None, hit.get("cluster_id") if hit else None))
            if hit is not None:
                matched.append((rec.get("cluster"), hit.get("cluster_id"), doc_id))
    told = {c: lines for c, lines in by_cluster.items() if c and sum(line.pred is not None for line in lines) >= 2}
    merged = [(a[1], a[0], a[2], b[0], b[2]) for x, a in enumerate(matched) for b in matched[x + 1:]
              if a[1] and a[1] == b[1] and a[0] != b[0]]
    return told, merged


def print_clusters(gold: dict, pred: dict, scorer: ModuleType, out=sys.stdout) -> None:
    """The --clusters section: what splits a gold cluster (each prediction's cluster id beside its
    date, place, doer and toll) and what joins two."""
    told, merged = cluster_report(gold, pred, scorer)
    print("\n== clusters (gold clusters told by several matched incidents)", file=out)
    for name, lines in sorted(told.items()):
        ids = {line.cluster_id for line in lines if line.pred is not None}
        print(f"-- {name}: {'one predicted cluster' if len(ids) == 1 and None not in ids else f'{len(ids)} predicted clusters'}",
              file=out)
        for line in lines:
            if line.pred is None:
                print(f"   {line.doc_id:32} MISSED  gold: {line.gold}", file=out)
            else:
                print(f"   {line.doc_id:32} {str(line.cluster_id)[:15]:15} {line.pred}", file=out)
    for cid, gold_a, doc_a, gold_b, doc_b in merged:
        print(f"-- joined by {cid}: {gold_a} ({doc_a}) and {gold_b} ({doc_b})", file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 epilog="The scorer is $STRIFE_SHARED/eval/score.py or ../shared/eval/score.py "
                                        "beside the repository, unless --scorer names one.")
    ap.add_argument("gold", help="gold JSON (the seeds' format)")
    ap.add_argument("pred", help="JSON Lines export of `strife extract`")
    ap.add_argument("--texts", help="the documents' texts: a folder of files, or JSON Lines with doc_id and text")
    ap.add_argument("--scorer", help="score.py to match with (default: the shared one)")
    ap.add_argument("--doc", action="append", help="report only this document (repeatable); totals stay whole-set")
    ap.add_argument("--max-chars", type=int, default=400, help="clip quoted sentences to this many characters")
    ap.add_argument("--json", help="also write the per-document report as JSON here")
    ap.add_argument("--clusters", action="store_true",
                    help="also print, per gold cluster across documents, each document's matched prediction and "
                         "its cluster id, and the predicted clusters that join two gold clusters")
    args = ap.parse_args(argv)
    try:
        scorer = load_scorer(args.scorer or shared_dir() / "eval" / "score.py")
    except SharedNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        with open(args.gold, encoding="utf-8") as fh:
            gold = json.load(fh)
    except (OSError, json.JSONDecodeError) as exc:
        print(f"error: cannot read gold {args.gold}: {exc}", file=sys.stderr)
        return 2
    if not Path(args.pred).is_file():
        print(f"error: no prediction file {args.pred}", file=sys.stderr)
        return 2
    gold_ids = list(gold["docs"])
    pred = scorer.load_pred(args.pred, gold_ids)
    texts = load_texts(args.texts, gold_ids) if args.texts else {}
    if args.texts and not texts:
        print(f"warning: no text in {args.texts} belongs to a gold document", file=sys.stderr)
    only = set(args.doc) if args.doc else None
    if only and (unknown := only - set(gold_ids)):
        print(f"error: not gold documents: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    reports, figures = build_report(gold, pred, texts, scorer, only)
    print_report(reports, figures, scorer, args.max_chars)
    if args.clusters:
        print_clusters(gold, pred, scorer)
    if args.json:
        Path(args.json).write_text(json.dumps({"documents": [asdict(r) for r in reports], "figures": figures},
                                              ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
