"""Hostile texts against the bar of bounded extraction: each finishes or is cut off within 60 s,
under 2 GB, and the good article beside it is extracted.

    python benchmarks/stress_bench.py                     # every shape at 10 MB (a long token at 1 MB)
    python benchmarks/stress_bench.py --mb 1 --budget 10  # smaller, quicker
    python benchmarks/stress_bench.py --shapes issue_mix single_paragraph

Each shape (tests/reliability/stress.py) is written to a file beside an ordinary article and the
two go through `api.extract_to_jsonl` in a fresh process, as `strife extract` runs them, with the
model loaded before the clock starts. Printed per shape: the run's wall seconds, what became of the
hostile text (extracted, with the sentences left unread past a cap, or cut off and why), whether
the article was extracted, and the peak resident memory of the extraction workers and of the run.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.reliability.stress import ARTICLE, SHAPES  # noqa: E402

LIMIT_SECONDS = 60
LIMIT_MB = 2048
MB = 1024 * 1024

RUN = """
import json, resource, sys, time
from strife import api
from strife.extract import warm_up
warm_up()
errors = []
t = time.perf_counter()
summary = api.extract_to_jsonl(sys.argv[1:3], sys.argv[3], on_error=errors.append, budget=float(sys.argv[4]) or None)
seconds = time.perf_counter() - t
lines = [json.loads(line) for line in open(sys.argv[3])]
print(json.dumps({"seconds": seconds, "errors": [e.reason for e in errors], "documents": [l["doc_id"] for l in lines],
                  "incidents": {l["doc_id"]: len(l["incidents"]) for l in lines}, "skipped": summary.skipped_sentences,
                  "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "run_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(shape: str, chars: int, budget: float, folder: Path) -> dict:
    hostile, article = folder / f"{shape}.txt", folder / "article.txt"
    hostile.write_text(SHAPES[shape](chars), encoding="utf-8")
    article.write_text(ARTICLE, encoding="utf-8")
    out = folder / f"{shape}.jsonl"
    done = subprocess.run([sys.executable, "-c", RUN, str(hostile), str(article), str(out), str(budget)],
                          capture_output=True, text=True, timeout=600, env=os.environ | {"PYTHONPATH": str(ROOT / "src")})
    if done.returncode != 0:
        raise RuntimeError(f"{shape}: {done.stderr[-2000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["bytes"] = hostile.stat().st_size
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10, help="size of each hostile text (MB)")
    parser.add_argument("--budget", type=float, default=30, help="the per-document time budget (s)")
    parser.add_argument("--shapes", nargs="*", default=list(SHAPES), choices=list(SHAPES))
    args = parser.parse_args()
    print(f"{'shape':<18} {'MB':>5} {'seconds':>8} {'worker MB':>9} {'run MB':>7}  hostile text{'':<40} article")
    worst_seconds = worst_mb = 0.0
    all_good = True
    with tempfile.TemporaryDirectory(prefix="strife-stress-") as tmp:
        for shape in args.shapes:
            chars = MB if shape == "long_token" else int(args.mb * MB)
            f = measure(shape, chars, args.budget, Path(tmp))
            if f["errors"]:
                fate = f["errors"][0][:50]
            else:
                fate = f"extracted, {f['skipped']} sentences past a cap"
            good = f["incidents"].get("article", 0) > 0
            all_good &= good
            worst_seconds = max(worst_seconds, f["seconds"])
            worst_mb = max(worst_mb, f["worker_mb"], f["run_mb"])
            print(f"{shape:<18} {f['bytes'] / MB:5.1f} {f['seconds']:8.1f} {f['worker_mb']:9.0f} {f['run_mb']:7.0f}  "
                  f"{fate:<52} {'extracted' if good else 'MISSING'}", flush=True)
    verdict = worst_seconds <= LIMIT_SECONDS and worst_mb < LIMIT_MB and all_good
    print(f"bar (each run within {LIMIT_SECONDS} s, under {LIMIT_MB} MB, the article extracted): "
          f"{'MET' if verdict else 'NOT MET'} (slowest {worst_seconds:.1f} s, largest process {worst_mb:.0f} MB)")


if __name__ == "__main__":
    main()
