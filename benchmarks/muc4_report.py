"""Error analysis of a Strife export on MUC-4: per document and role, the fillers found, the gold
entities missed and the fillers that match nothing, after the shared adapter's conversion.

    .venv/bin/python benchmarks/muc4_report.py STRIFE_EXPORT.jsonl [--role Victim ...] [--doc ID ...]

Every decision is the shared scorer's own (`score.py --strife`: its adapter, normalisation and
one-to-one alignment), so the totals printed last equal the scorer's.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.devsets import load_scorer, shared_dir  # noqa: E402


def role_errors(score, gold: list[str], pred: list[str]) -> tuple[list[str], list[list[str]], list[str]]:
    """(found, gold entities missed, predictions matching nothing) of one role of one document,
    under the scorer's maximum one-to-one alignment."""
    gold_sets = [g for g in score.entity_sets(gold) if g]
    pred_sets = score.entity_sets(pred)
    owner: dict[int, int] = {}

    def augment(pi: int, seen: set[int]) -> bool:
        for gi, g in enumerate(gold_sets):
            if gi in seen or not (pred_sets[pi] and pred_sets[pi] <= g):
                continue
            seen.add(gi)
            if gi not in owner or augment(owner[gi], seen):
                owner[gi] = pi
                return True
        return False

    for pi in range(len(pred_sets)):
        augment(pi, set())
    aligned = set(owner.values())
    found = [sorted(pred_sets[pi])[0] for pi in sorted(aligned)]
    missed = [sorted(g) for gi, g in enumerate(gold_sets) if gi not in owner]
    spurious = [sorted(p)[0] if p else "" for pi, p in enumerate(pred_sets) if pi not in aligned]
    return found, missed, spurious


def main() -> None:
    muc4 = shared_dir() / "dev" / "muc4"
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pred", help="a Strife export (JSONL)")
    ap.add_argument("--gold", default=str(muc4 / "dev.jsonl"))
    ap.add_argument("--role", action="append", help="only this role (PerpInd, PerpOrg, Target, Victim, Weapon)")
    ap.add_argument("--doc", action="append", help="only this document")
    args = ap.parse_args()
    score = load_scorer(muc4 / "score.py")
    roles = args.role or list(score.ROLES)
    preds = score.load_pred(args.pred, strife=True)
    totals = {r: [0, 0, 0] for r in roles}
    for g in score.read_jsonl(args.gold):
        if args.doc and g["id"] not in args.doc:
            continue
        lines = []
        for role in roles:
            found, missed, spurious = role_errors(score, g["roles"].get(role), preds.get(g["id"], {}).get(role))
            totals[role][0] += len(found)
            totals[role][1] += len(found) + len(spurious)
            totals[role][2] += len(found) + len(missed)
            if missed or spurious:
                lines.append(f"  {role:8} found={found} MISSED={missed} SPURIOUS={spurious}")
        if lines:
            print(g["id"], *lines, sep="\n")
    print(f"\n{'role':10} tp/pred/gold")
    for role, (tp, n_pred, n_gold) in totals.items():
        print(f"{role:10} {tp}/{n_pred}/{n_gold}")


if __name__ == "__main__":
    main()
