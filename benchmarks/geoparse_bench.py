"""Gazetteer and geoparser benchmark.

    .venv/bin/python benchmarks/geoparse_bench.py [/work/shared/geo/dev.jsonl] [--out PRED.jsonl]
        [--rebuild] [--no-score] [--scorer /work/shared/geo/score.py]

Prints the gazetteer build time (when it had to be built, or with --rebuild), the load time
of the on-disk index in a fresh process, the mean lookup time, geoparse throughput (docs/s and
words/s, spaCy included) over the documents, then runs the scorer:
    python3 score.py --gold GOLD --pred PRED --by-corpus
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "src"))


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", default="/work/shared/geo/dev.jsonl")
    ap.add_argument("--out", help="where to write predictions (default: a temp file)")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the gazetteer index first")
    ap.add_argument("--no-score", action="store_true")
    ap.add_argument("--resolved-only", action="store_true",
                    help="leave out places found but not placed (lat/lon null)")
    ap.add_argument("--scorer", default=None, help="score.py (default: beside the gold file)")
    args = ap.parse_args(argv)

    from strife.nlp import gazetteer as gz

    t0 = time.perf_counter()
    g = gz.Gazetteer.load(rebuild=args.rebuild)
    t_first = time.perf_counter() - t0
    if gz.Gazetteer.last_build_seconds is not None:
        print(f"gazetteer build: {gz.Gazetteer.last_build_seconds:.1f} s ({len(g)} entries)")
    else:
        print(f"gazetteer build: (index was cached; use --rebuild to time it) ({len(g)} entries)")
    # load time in a fresh interpreter, as a new process would pay it
    code = ("import time;t=time.perf_counter();from strife.nlp.gazetteer import Gazetteer;"
            "Gazetteer.load();print(time.perf_counter()-t)")
    env = dict(os.environ, PYTHONPATH=os.path.join(HERE, "..", "src"))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    try:
        print(f"gazetteer load (fresh process, import included): {float(r.stdout.strip()):.2f} s")
    except ValueError:
        print("gazetteer load: failed", r.stderr[-500:])
    print(f"gazetteer load (this process): {t_first:.2f} s")

    known = ["Paris", "Baghdad", "Tal Abyad", "Springfield", "Georgia", "Mosul", "Kobani",
             "New York", "Aleppo", "Gardez", "Kan.", "Texas"] * 200
    loose = ["Shaddadeh", "Xyzzyville", "Dayr az Zawr", "Qaraqosh"] * 200
    for label, names in (("exact key", known), ("skeleton/miss", loose)):
        t0 = time.perf_counter()
        for n in names:
            g.lookup(n)
        dt = time.perf_counter() - t0
        print(f"lookup ({label}): {1e6 * dt / len(names):.1f} µs per name")

    from strife.nlp.geoparse import _model

    rows = []
    with open(args.gold, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                rows.append((d["id"], d["text"]))
    t0 = time.perf_counter()
    nlp = _model()
    print(f"spaCy model load: {time.perf_counter() - t0:.1f} s")
    texts = [t for _, t in rows]
    words = sum(len(t.split()) for t in texts)
    out = args.out or tempfile.mktemp(suffix=".jsonl", prefix="geoparse-")
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    t_nlp = time.perf_counter() - t0
    from strife.nlp.geoparse import geoparse

    t1 = time.perf_counter()
    results = [geoparse(t, d) for t, d in zip(texts, docs)]
    t_geo = time.perf_counter() - t1
    total = t_nlp + t_geo
    print(f"geoparse: {len(rows)} docs, {words} words in {total:.1f} s = {len(rows) / total:.1f} docs/s, "
          f"{words / total:.0f} words/s (spaCy {t_nlp:.1f} s, resolution {t_geo:.2f} s = "
          f"{len(rows) / max(t_geo, 1e-9):.0f} docs/s given a parsed doc)")
    with open(out, "w", encoding="utf-8") as fh:
        for (doc_id, _), places in zip(rows, results):
            fh.write(json.dumps({"id": doc_id, "places": [
                {"start": p.start, "end": p.end, "name": p.name, "lat": p.lat, "lon": p.lon}
                for p in places if not args.resolved_only or p.lat is not None]},
                ensure_ascii=False) + "\n")
    print(f"predictions: {out}")
    if not args.no_score:
        scorer = args.scorer or os.path.join(os.path.dirname(os.path.abspath(args.gold)), "score.py")
        cmd = ["python3", scorer, "--gold", args.gold, "--pred", out, "--by-corpus"]
        print("$ " + " ".join(cmd), flush=True)
        subprocess.run(cmd, check=False)


if __name__ == "__main__":
    main()
