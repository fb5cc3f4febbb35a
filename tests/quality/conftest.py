"""The quality ratchet's headline figures, one line a dev set, at the end of the run (when it ran).
`python -m tests.quality.ratchet` prints every figure beside its floor."""
import pytest

RATCHET_KEY = pytest.StashKey[dict]()
HEADLINE = ("incident_F1", "incident_R", "field_acc", "cluster_F1", "indicator_F1", "micro_F1", "recognition_F1",
            "acc161")


def pytest_terminal_summary(terminalreporter, config):
    measured = config.stash.get(RATCHET_KEY, None)
    if not measured:
        return
    terminalreporter.section("quality ratchet: headline figures (all figures: python -m tests.quality.ratchet)")
    for name, m in measured.items():
        figures = "  ".join(f"{k}={m.figures[k]:.3f}" for k in HEADLINE if k in m.figures)
        terminalreporter.write_line(f"{name:<15} {figures}  ({m.seconds:.1f} s)")
