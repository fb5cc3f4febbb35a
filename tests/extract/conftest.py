"""Per-category summary of the golden-record regression suite (tests/extract/test_regression.py)."""
from collections import defaultdict


def pytest_terminal_summary(terminalreporter):
    """Print, per record category, how many records the extractor gets fully right today."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            props = dict(getattr(report, "user_properties", ()))
            if "regression_category" not in props:
                continue
            tally = totals[props["regression_category"]]
            tally[0] += bool(props.get("regression_matched"))
            tally[1] += 1
    if not totals:
        return
    terminalreporter.section("extraction regression records: matched / total per category")
    width = max(len(c) for c in totals)
    for category, (matched, total) in sorted(totals.items()):
        terminalreporter.write_line(f"{category:<{width}}  {matched:>3} / {total:<3}  {100 * matched / total:5.1f}%")
    matched = sum(t[0] for t in totals.values())
    total = sum(t[1] for t in totals.values())
    terminalreporter.write_line(f"{'overall':<{width}}  {matched:>3} / {total:<3}  {100 * matched / total:5.1f}%")
