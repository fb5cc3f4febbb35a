"""Does the database hold what `strife extract` finds? The same folder of reports run three ways
and scored against one gold file:

- `extract`: `strife extract`, the evaluation contract (one resolution over the whole batch, with
  the cross-document anchoring that dates undated reports);
- `store batch`: `strife ingest` of the whole folder at once into a fresh SQLite store, read back
  from the store (its mentions and the events they were resolved into);
- `store incremental`: the same files ingested in chunks of `--chunk` (a feed arriving a few
  reports at a time), each ingest re-resolving only the neighbourhood of its new mentions.

An analyst reads the store (API, page, exports), so a store that merges fewer reports than the
export, or dates them worse, is a loss the dev-set scores would not show.

    .venv/bin/python benchmarks/store_parity.py                  # the resolution dev set
    .venv/bin/python benchmarks/store_parity.py --texts ../shared/dev/articles/texts \\
        --gold ../shared/dev/articles/gold.json --chunk 5
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.devsets import load_scorer, mean_field_accuracy, shared_dir  # noqa: E402
from strife import api  # noqa: E402
from strife.export import incident_record  # noqa: E402
from strife.store import Store  # noqa: E402


def store_records(db: str) -> list[dict]:
    """The store read back as the evaluation contract: a line per document, its mentions with the
    events they are in as cluster ids."""
    store = Store(db)
    by_doc: dict[str, list] = defaultdict(list)
    for m in store.mentions():
        by_doc[m.doc_id].append(m)
    return [{"doc_id": d["name"], "pub_date": d["pub_date"], "pub_date_source": d["pub_date_source"],
             "incidents": [incident_record(m) for m in by_doc.get(d["id"], [])], "indicators": []}
            for d in store.documents()]


def figures(scorer, gold: dict, path: Path) -> dict[str, float]:
    s = scorer.score(gold, scorer.load_pred(str(path), list(gold["docs"])))
    i, c = s["incidents"], s["clusters"]
    return {"incident_F1": i["F1"], "field_acc": mean_field_accuracy(s), "date": s["fields"]["date"]["acc"] or 0.0,
            "cluster_P": c["P"], "cluster_R": c["R"], "cluster_F1": c["F1"], "pub_acc": s["pub_date_acc"] or 0.0}


def write(records: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    shared = shared_dir()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", default=str(shared / "dev/resolution/texts"))
    parser.add_argument("--gold", default=str(shared / "dev/resolution/gold.json"))
    parser.add_argument("--chunk", type=int, default=1, help="files per incremental ingest")
    parser.add_argument("--seed", type=int, default=7, help="order in which the incremental run meets the files")
    parser.add_argument("--keep", help="keep the three exports (extract/batch/incremental.jsonl) in this folder")
    args = parser.parse_args(argv)
    scorer = load_scorer(shared / "eval" / "score.py")
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    files = sorted(str(p) for p in Path(args.texts).iterdir() if p.is_file())
    rows: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="strife-parity-") as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        for stale in work.glob("*.db*"):
            stale.unlink()
        api.extract_to_jsonl(files, work / "extract.jsonl")
        rows["extract"] = figures(scorer, gold, work / "extract.jsonl")
        api.ingest(files, str(work / "batch.db"))
        rows["store batch"] = figures(scorer, gold, write(store_records(str(work / "batch.db")), work / "batch.jsonl"))
        shuffled = files[:]
        random.Random(args.seed).shuffle(shuffled)
        for start in range(0, len(shuffled), args.chunk):
            api.ingest(shuffled[start:start + args.chunk], str(work / "incremental.db"))
        rows["store incremental"] = figures(
            scorer, gold, write(store_records(str(work / "incremental.db")), work / "incremental.jsonl"))
    names = list(next(iter(rows.values())))
    print(f"{len(files)} files from {args.texts}; incremental chunks of {args.chunk} (seed {args.seed})")
    print(f"{'':18}" + "".join(f"{n:>13}" for n in names))
    for way, row in rows.items():
        print(f"{way:18}" + "".join(f"{row[n]:13.3f}" for n in names))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
