"""Clustering at scale: generate N synthetic incident mentions and time their resolution into events.

    .venv/bin/python benchmarks/cluster_bench.py [--mentions 1000000] [--seed 7]

The mentions imitate what many outlets write about many incidents: about N/2.5 real incidents in
80 countries over 15 years, each reported 1–5 times with its own figures (a report may round the
toll or say "at least"), places jittered by a few kilometres or given only at country precision,
dates sometimes a day off or only to the month. Prints wall time, peak memory (RSS) and, since
the truth is known, pairwise precision and recall of the clustering.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections import defaultdict
from datetime import date, timedelta

from strife.records import IncidentMention, Place
from strife.resolve import cluster

KINDS = ["attack"] * 6 + ["battle"] * 2 + ["airstrike"] * 2 + ["arrest", "territory_change"]
TYPES = [None, "bombing", "armed_assault", "vehicle_bomb", "suicide_bombing", "drone"]


def synthetic(n_mentions: int, seed: int) -> tuple[list[IncidentMention], dict[str, int]]:
    rng = random.Random(seed)
    countries = [(f"C{i:02d}", rng.uniform(-30, 50), rng.uniform(-80, 120)) for i in range(80)]
    weights = [1 / (i + 1) for i in range(len(countries))]  # a few countries carry most events
    start = date(2010, 1, 1).toordinal()
    mentions: list[IncidentMention] = []
    truth: dict[str, int] = {}
    event = 0
    while len(mentions) < n_mentions:
        cc, clat, clon = rng.choices(countries, weights)[0]
        lat, lon = clat + rng.uniform(-4, 4), clon + rng.uniform(-4, 4)
        day = date.fromordinal(start + rng.randrange(15 * 365))
        kind = rng.choice(KINDS)
        attack_type = rng.choice(TYPES) if kind in ("attack", "battle") else None
        killed = rng.choice([None, 0, 1, 2, 3, 5, 8, 12, 20, 40, 61, 100])
        for report in range(rng.choice([1, 1, 2, 2, 3, 4, 5])):
            if len(mentions) >= n_mentions:
                break
            doc = f"d{len(mentions) // 3:07d}-{event}-{report}"
            precision = rng.choice([1, 1, 1, 2, 3, 6])
            if precision == 6:
                place = Place(name=cc, lat=clat, lon=clon, country=cc, precision=6)
            else:
                place = Place(name=f"town{event}", lat=lat + rng.uniform(-0.05, 0.05),
                              lon=lon + rng.uniform(-0.05, 0.05), country=cc, precision=precision)
            when = day + timedelta(days=rng.choice([0, 0, 0, 1, -1]))
            iso = when.isoformat() if rng.random() < 0.85 else when.isoformat()[:7]
            k_min, k_max = killed, killed
            if killed and rng.random() < 0.3:
                k_max = None  # "at least"
            m = IncidentMention(doc_id=doc, index=0, kind=kind, attack_type=attack_type, date=iso,
                                date_precision=1 if len(iso) == 10 else 3, place=place,
                                killed_min=k_min, killed_max=k_max)
            mentions.append(m)
            truth[m.id] = event
        event += 1
    return mentions, truth


def pairwise(assignment: dict[str, str], truth: dict[str, int]) -> tuple[float, float]:
    def pairs(groups):
        return sum(len(g) * (len(g) - 1) // 2 for g in groups.values())

    by_pred, by_true, both = defaultdict(list), defaultdict(list), defaultdict(list)
    for mid, cid in assignment.items():
        by_pred[cid].append(mid)
        by_true[truth[mid]].append(mid)
        both[(cid, truth[mid])].append(mid)
    tp = pairs(both)
    return tp / max(1, pairs(by_pred)), tp / max(1, pairs(by_true))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mentions", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    t0 = time.perf_counter()
    mentions, truth = synthetic(args.mentions, args.seed)
    t1 = time.perf_counter()
    assignment = cluster(mentions)
    t2 = time.perf_counter()
    precision, recall = pairwise(assignment, truth)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"mentions            {len(mentions):,}")
    print(f"true incidents      {len(set(truth.values())):,}")
    print(f"events found        {len(set(assignment.values())):,}")
    print(f"generate            {t1 - t0:.1f} s")
    print(f"cluster             {t2 - t1:.1f} s  ({len(mentions) / (t2 - t1):,.0f} mentions/s)")
    print(f"peak memory (RSS)   {peak_mb:,.0f} MB")
    print(f"pairwise precision  {precision:.3f}   recall {recall:.3f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
