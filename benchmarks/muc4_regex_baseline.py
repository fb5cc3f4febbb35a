"""A plain regex baseline for MUC-4 role fillers, scored per role by the shared CEAF-REE scorer, so
that Strife's per-role figures are compared with a measured baseline rather than a quoted range.

    .venv/bin/python benchmarks/muc4_regex_baseline.py [--docs DIR_OR_DEV_JSONL] [--out PRED.jsonl]

The patterns are the textbook ones, written once from the task description (who did what to whom
with what) and never fitted to the gold: no word of them was chosen by looking at a scored answer.
Per document and role, each distinct match is one predicted entity:

- PerpInd: a people noun after an optional descriptor ("unidentified gunmen", "urban guerrillas",
  "a group of terrorists");
- PerpOrg: a capital-less organisation name ending in front / army / movement / command / cartel /
  forces ("farabundo marti national liberation front") and acronyms in parentheses after one;
- Target: the object of "attack(ed) on/against", "bomb(ed)", "dynamited", "set fire to",
  "destroyed", "damaged" up to the next preposition or punctuation;
- Victim: two or three words after "killed", "murdered", "assassinated", "kidnapped" that are no
  common English word list entry (names), or after "of" in "the murder/assassination of";
- Weapon: a fixed list of weapon words with an optional modifier ("car bomb", "hand grenades").
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.devsets import load_scorer, shared_dir  # noqa: E402

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
_PEOPLE = (r"(?:gunmen|gunman|guerrillas|guerrilla|terrorists|terrorist|rebels|men|individuals|assassins|soldiers|"
           r"troops|commandos)")
_PERP_IND = re.compile(rf"\b(?:(?:unidentified|armed|heavily armed|urban|hired|paid|several|two|three|four|some)\s+)*"
                       rf"(?:group of\s+)?{_PEOPLE}\b")
_ORG_HEAD = r"(?:front|army|movement|command|cartel|forces|party|alliance)"
_PERP_ORG = re.compile(rf"\b((?:[a-z]+\s+){{2,5}}{_ORG_HEAD})(?:\s+\((\w+)\))?")
_ORG_STOP = frozenset("the a an of and by to in on at for from with that which who said was were is are has had "
                      "have its their his our this".split())
_TARGET = re.compile(r"\b(?:attacks?|attacked|bomb(?:ed|ing)?|dynamited|set fire to|burned|destroyed|damaged)"
                     r"\s+(?:on\s+|against\s+)?(?:the\s+|a\s+|an\s+)?((?:[a-z'-]+\s+){0,3}?"
                     r"(?:building|office|offices|headquarters|station|embassy|bank|bus|vehicle|car|truck|plant|"
                     r"tower|pylon|pylons|substation|house|houses|residence|home|school|church|farm|bridge|"
                     r"installations|facilities|plane|aircraft|helicopter|hotel))\b")
_VICTIM = re.compile(r"\b(?:killed|murdered|assassinated|kidnapped|abducted|wounded|shot|"
                     r"(?:murder|assassination|kidnapping|death) of)\s+(?:[a-z]+\s+){0,2}?"
                     r"((?:[a-z]+\s+){1,2}[a-z]+)")
_VICTIM_STOP = frozenset(("the a an and in on at by of to for with from when while after before his her their its "
                          "was were had has have been is are said who which that this these those people persons "
                          "civilians soldiers policemen guerrillas men women children two three four five several "
                          "last yesterday today during near".split()))
_WEAPON = re.compile(r"\b(?:(?:car|truck|hand|homemade|powerful|incendiary)[\s-])?"
                     r"(?:bombs?|grenades?|dynamite|explosives?|rifles?|machineguns?|machine guns?|rockets?|"
                     r"mortars?|mines?|pistols?|revolvers?|guns?|submachine guns?)\b")


def role_fillers(text: str) -> dict[str, list[list[str]]]:
    text = " ".join(text.lower().split())
    found: dict[str, list[str]] = {r: [] for r in ROLES}
    found["PerpInd"] = [m.group(0) for m in _PERP_IND.finditer(text)]
    for m in _PERP_ORG.finditer(text):
        words = m.group(1).split()
        while any(w in _ORG_STOP for w in words[:-1]):  # the name is the words after the last stop word
            words = words[1:]
        if len(words) >= 3:
            found["PerpOrg"].append(" ".join(words))
        if m.group(2):
            found["PerpOrg"].append(m.group(2))
    found["Target"] = [m.group(1) for m in _TARGET.finditer(text)]
    for m in _VICTIM.finditer(text):
        words = m.group(1).split()
        if not any(w in _VICTIM_STOP for w in words):
            found["Victim"].append(m.group(1))
    found["Weapon"] = [m.group(0) for m in _WEAPON.finditer(text)]
    return {r: [[v] for v in dict.fromkeys(vals)] for r, vals in found.items()}


def main() -> None:
    muc4 = shared_dir() / "dev" / "muc4"
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=str(muc4 / "dev.jsonl"))
    ap.add_argument("--out", help="also write the predictions here (the scorer's PRED format)")
    args = ap.parse_args()
    score = load_scorer(muc4 / "score.py")
    gold = score.read_jsonl(args.gold)
    preds = {g["id"]: role_fillers(g["text"]) for g in gold}
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            for did, roles in preds.items():
                fh.write(json.dumps({"id": did, "roles": roles}) + "\n")
    per_doc = score.score(gold, preds)
    result = score.aggregate(per_doc, list(per_doc))
    print(f"{'role':10} {'P':>6} {'R':>6} {'F1':>6}   tp/pred/gold")
    for role in (*ROLES, "micro"):
        r = result[role]
        figures = f"{100 * r['p']:6.2f} {100 * r['r']:6.2f} {100 * r['f1']:6.2f}"
        print(f"{role:10} {figures}   {r['tp']}/{r['pred']}/{r['gold']}")


if __name__ == "__main__":
    main()
