"""Texts made to stress a parser and its patterns: the shapes a hostile or broken feed can send.

Each generator writes a text of about `chars` characters (the shapes are built from sentences
written here, not from any real report). Used by tests/reliability/test_bounded.py and
benchmarks/stress_bench.py.
"""
from __future__ import annotations

ARTICLE = ("Suicide bomber kills 14 at market in Baqubah\n\nA suicide bomber blew himself up in a crowded market "
           "in the town of Baqubah, Iraq, on Tuesday, killing at least 14 people and wounding 30 others, police "
           "said. No group has claimed the attack.\n")  # an ordinary report, to stand beside a hostile text
LEAD = "Gunmen attacked a checkpoint near the town on Tuesday, officials said. "
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SENTENCES = (
    "A car bomb exploded outside a police station in the northern town on Sunday, killing at least 12 people "
    "and wounding 30 others, officials said.",
    "Militants attacked an army post near the border overnight, and four soldiers were killed in the fighting.",
    "The provincial governor said the attackers fled into the hills after a gun battle lasting two hours.",
    "Residents said the market had reopened on Monday, three days after a suicide bomber killed nine shoppers.",
    "No group has claimed responsibility, but the authorities blamed an armed group active in the region.",
)


def _fill(unit: str, chars: int, sep: str) -> str:
    count = max(1, chars // (len(unit) + len(sep)))
    return sep.join([unit] * count)


def deep_brackets(chars: int) -> str:
    """A casualty word inside brackets nested half the text deep."""
    depth = max(1, (chars - len(LEAD) - 40) * 2 // 5)  # opened, closed, and half as many stray closings
    return LEAD + "(" * depth + "[{ 12 people were killed }]" + ")" * depth + ("]" * depth)[:depth // 2]


def number_list(chars: int) -> str:
    """Thousands of figures in one list, as a casualty count."""
    numbers, n, size = [], 1, len(LEAD) + 40
    while size < chars:
        numbers.append(f"{n:,}")
        size += len(numbers[-1]) + 2
        n += 7
    return LEAD + "Between " + ", ".join(numbers) + " and 90 people were killed."


def weekday_run(chars: int) -> str:
    """One weekday repeated thousands of times, in a comma list (a containment chain for a geoparser)."""
    return LEAD + "The attacks came on " + _fill("Monday", chars, ", ") + " and 8 people were killed."


def mixed_weekday_run(chars: int) -> str:
    """All weekdays in turn, space-separated, with no sentence end."""
    return LEAD + "Fighting on " + _fill(" ".join(WEEKDAYS), chars, " ") + " killed 5 people."


def number_run(chars: int) -> str:
    """One figure repeated thousands of times in a sentence about casualties."""
    return LEAD + "The toll rose to " + _fill("12", chars, " ") + " killed and wounded."


def name_list(chars: int) -> str:
    """A long comma list of capitalised names after a locative preposition."""
    names = ("Baqubah", "Kirkuk", "Kandahar", "Maiduguri", "Gao", "Aleppo", "Quetta", "Aden")
    unit = ", ".join(names)
    return LEAD + "Clashes were reported in " + _fill(unit, chars, ", ") + " on Friday, killing 6 people."


def long_token(chars: int) -> str:
    """One token of `chars` letters between two ordinary sentences."""
    return LEAD + "x" * chars + " " + SENTENCES[0]


def single_paragraph(chars: int) -> str:
    """Ordinary news sentences, one paragraph with no line break: the longest text a reader keeps."""
    return LEAD + _fill(" ".join(SENTENCES), chars, " ")


def issue_mix(chars: int) -> str:
    """The report of the issue: brackets, a number list and a weekday run in one text, in thirds."""
    third = chars // 3
    return "\n\n".join((deep_brackets(third), number_list(third), weekday_run(third)))


SHAPES = {f.__name__: f for f in (deep_brackets, number_list, weekday_run, mixed_weekday_run, number_run,
                                  name_list, long_token, single_paragraph, issue_mix)}
