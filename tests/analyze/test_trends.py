"""Trends: monthly series, lag analysis and change points, on the sample corpus and on a synthetic
store with a planted relationship (attacks rise one month after territory is lost) and a planted step."""
from __future__ import annotations

import importlib.resources
import re

import numpy as np
import pandas as pd
import pytest

from strife.analyze import (change_points, cross_correlation, granger, lag_association, trends, write_report)
from strife.records import Document, Event, Extraction, IncidentMention, Indicator, Place
from strife.resolve import single_date
from strife.store import Store

SECTIONS = ["Data", "Incidents and fatalities per month", "By actor", "By country", "By kind of incident",
            "By attack type", "Territory", "Territorial loss and attacks: lagged association", "Change points"]


# ---- the statistics on plain series ------------------------------------------------------------

def planted_series(n: int = 60, lag: int = 1, seed: int = 7) -> tuple[pd.Series, pd.Series]:
    rng = np.random.default_rng(seed)
    months = pd.period_range("2015-01", periods=n, freq="M")
    loss = pd.Series(rng.gamma(2.0, 300.0, n), index=months)
    attacks = 5 + loss.shift(lag).fillna(loss.mean()) / 100 + rng.normal(0, 0.5, n)
    return loss, attacks


def test_cross_correlation_peaks_at_the_planted_lag():
    loss, attacks = planted_series(lag=2)
    xc = cross_correlation(loss, attacks, max_lag=6)
    assert list(xc["lag"]) == list(range(-6, 7))
    peak = xc.loc[xc["r"].abs().idxmax()]
    assert peak["lag"] == 2 and peak["r"] > 0.8
    assert peak["n"] == 58  # 60 months less the 2 the shift leaves without a partner


def test_granger_finds_the_planted_direction_only():
    loss, attacks = planted_series(lag=1)
    forward, backward = granger(loss, attacks, 2), granger(attacks, loss, 2)
    assert forward.loc[forward["lag"] == 1, "p"].item() < 0.001
    assert backward["p"].min() > 0.01
    assert set(forward.columns) >= {"F", "p", "n_obs", "df_num", "df_denom"}


def test_lag_association_reports_n_caveats_and_no_verdict():
    loss, attacks = planted_series(lag=1)
    report = lag_association(loss, attacks, x_name="territory lost", y_name="attacks")
    assert report.n_months == 60
    assert report.peak["lag"] == 1
    assert "n = 59" in report.summary and "caveats" in report.summary
    assert any("not proof of cause" in c for c in report.caveats)
    assert report.adf["attacks"]["n"] == 60
    assert not re.search(r"\b(?:proves?|causes)\b", report.summary)


def test_lag_association_refuses_a_short_sample():
    loss, attacks = planted_series(n=8)
    report = lag_association(loss, attacks)
    assert report.n_months == 8 and report.xcorr.empty
    assert "Not enough data" in report.summary


def test_trend_in_levels_is_differenced():
    months = pd.period_range("2015-01", periods=48, freq="M")
    rng = np.random.default_rng(3)
    walk = pd.Series(np.cumsum(rng.normal(0, 1, 48)) + np.arange(48), index=months)
    report = lag_association(walk, walk.shift(1) + rng.normal(0, 0.1, 48))
    assert report.differenced
    assert any("first differences" in c for c in report.caveats)


def test_change_point_finds_the_planted_step():
    rng = np.random.default_rng(11)
    months = pd.period_range("2016-01", periods=48, freq="M")
    series = pd.Series(np.r_[rng.poisson(4, 30), rng.poisson(15, 18)], index=months, name="attacks")
    found = change_points(series)
    assert len(found) == 1
    assert abs((found[0].month - months[30]).n) <= 1
    assert found[0].direction == "surge" and found[0].mean_after > 3 * found[0].mean_before


def test_flat_noise_has_no_change_point():
    rng = np.random.default_rng(5)
    series = pd.Series(rng.poisson(6, 48), index=pd.period_range("2016-01", periods=48, freq="M"), name="flat")
    assert change_points(series) == []


# ---- a synthetic store with a planted relationship ---------------------------------------------

START, N_MONTHS, STEP_AT = "2018-01", 48, 24


@pytest.fixture(scope="module")
def planted_db(tmp_path_factory):
    """Each month: IS loses some territory (two sources that disagree a little) and carries out attacks
    whose number follows the loss of the month before; from month 24 each attack kills five times more."""
    db = str(tmp_path_factory.mktemp("planted") / "planted.db")
    store = Store(db)
    rng = np.random.default_rng(2024)
    months = pd.period_range(START, periods=N_MONTHS, freq="M")
    loss = rng.gamma(2.0, 400.0, N_MONTHS)
    events = []
    for i, month in enumerate(months):
        attacks = int(max(0, round(2 + (loss[i - 1] if i else loss.mean()) / 200 + rng.normal(0, 0.6))))
        doc = Document(id=f"d{i:03d}", text=f"synthetic report {month}", name=f"report_{month}", source="Synthetic")
        mentions = [IncidentMention(doc_id=doc.id, index=k, kind="attack", attack_type="bombing",
                                    date=f"{month}-{k + 1:02d}", date_precision=1,
                                    place=Place(name="Mosul", country="IQ", precision=2), perpetrator="Islamic State",
                                    killed_min=2 if i < STEP_AT else 10, killed_max=2 if i < STEP_AT else 10)
                    for k in range(attacks)]
        indicators = [Indicator(doc_id=doc.id, index=j, metric="territory_lost_km2", subject="Islamic State",
                                region="IQ", period=str(month), low=round(loss[i] * f), high=round(loss[i] * f),
                                unit="km2", source=source)
                      for j, (source, f) in enumerate((("IHS", 1.0), ("US-led coalition", 1.1)))]
        store.save_extraction(Extraction(document=doc, pub_date=f"{month}-28", pub_date_source="metadata",
                                         incidents=mentions, indicators=indicators))
        for m in mentions:
            k = (m.killed_min, m.killed_min, m.killed_min)
            events.append(Event(id=f"e-{m.id}", kind="attack", attack_type="bombing", date=m.date, date_precision=1,
                                place=m.place, perpetrator="Islamic State", claimed=None, killed=k,
                                wounded=(None, None, None), mention_ids=[m.id], n_sources=1))
    store.save_events(events)
    return db


def test_planted_store_trends(planted_db):
    t = trends(planted_db)
    assert len(t.totals) == N_MONTHS
    assert t.totals["incidents"].sum() == t.counts["events"]
    assert t.lag_subject == "Islamic State"
    assert t.lag is not None and t.lag.n_months == N_MONTHS
    assert t.lag.peak["lag"] == 1 and t.lag.peak["r"] > 0.7
    assert t.lag.granger_x_to_y.loc[t.lag.granger_x_to_y["lag"] == 1, "p"].item() < 0.01
    # disagreement kept: two points per month, one per source
    assert (t.territory.groupby("month")["source"].nunique() == 2).all()
    assert set(t.territory["sources_that_month"]) == {2}
    step = t.change_points[t.change_points["series"] == "fatalities"]
    assert len(step) >= 1
    planted = pd.Period(START, freq="M") + STEP_AT
    assert any(abs((pd.Period(m, freq="M") - planted).n) <= 1 for m in step["month"])


def test_planted_store_report(planted_db, tmp_path):
    files = write_report(planted_db, tmp_path / "report", actor="IS")  # an alias: the lexicon's name is used
    page = files.html.read_text(encoding="utf-8")
    assert "Islamic State" in page
    lag_table = pd.read_csv(files.tables["lag_xcorr"])
    assert lag_table.loc[lag_table["r"].abs().idxmax(), "lag"] == 1
    assert f"n = {N_MONTHS} months" in page


# ---- the bundled sample corpus -------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    from strife import api

    base = tmp_path_factory.mktemp("sample")
    db = str(base / "sample.db")
    api.ingest([str(importlib.resources.files("strife.data").joinpath("sample_corpus"))], db)
    return db, write_report(db, base / "out")


def test_sample_report_is_self_contained_and_complete(sample_report):
    db, files = sample_report
    page = files.html.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "<script" not in page.lower()
    for section in SECTIONS:
        assert f">{section}</h2>" in page, section
    assert page.count("<svg") == len(files.charts)
    counts = Store(db).counts()
    assert f"<b>{counts['documents']}</b> documents" in page
    assert f"<b>{counts['events']}</b> events" in page
    assert f"<b>{counts['indicators']}</b> indicators" in page
    assert "Sample size: n =" in page and "Caveats" in page


def test_sample_charts_and_tables(sample_report):
    db, files = sample_report
    assert set(files.charts) == {"incidents_fatalities", "by_perpetrator", "by_country", "by_kind", "by_attack_type",
                                 "territory", "lag"}
    for png, svg in files.charts.values():
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
        assert "<svg" in svg.read_text(encoding="utf-8") and svg.stat().st_size > 10_000
    totals = pd.read_csv(files.tables["monthly_totals"])
    events = Store(db).events()
    dated = sum(1 for e in events if len(single_date(e["date"]) or "") >= 7 and ".." not in single_date(e["date"]))
    assert totals["incidents"].sum() == dated
    territory = pd.read_csv(files.tables["territory"])
    assert {"IHS", "coalition"} <= set(territory["source"])
    assert territory["subject"].eq("Islamic State").all()


def test_cli_trends(sample_report, tmp_path):
    from typer.testing import CliRunner

    from strife.cli import app

    db, _ = sample_report
    result = CliRunner().invoke(app, ["trends", "--db", db, "--out", str(tmp_path / "cli"), "--country", "IQ"])
    assert result.exit_code == 0, result.output
    assert "report.html" in result.output
    page = (tmp_path / "cli" / "report.html").read_text(encoding="utf-8")
    assert "country: IQ" in page
