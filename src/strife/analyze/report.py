"""The trends report: monthly series, territory claims, the lag analysis and change points of a store,
written as CSV tables, PNG and SVG charts and one self-contained HTML page (charts inline, no CDN)."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from strife.analyze.series import (GROUPINGS, EventTable, attacks_monthly, event_table, indicator_table,
                                   monthly_counts, monthly_totals, territory_loss_monthly, territory_points)
from strife.analyze.stats import ChangePoint, LagReport, change_points, lag_association
from strife.store import Store

__all__ = ["Trends", "ReportFiles", "trends", "write_report"]

GROUP_TITLES = {"perpetrator": "actor", "country": "country", "kind": "kind of incident", "attack_type": "attack type"}


@dataclass
class Trends:
    """Everything the report shows, as pandas objects."""

    db: str
    actor: str | None
    country: str | None
    counts: dict[str, int]  # documents, events, undated events, indicators, territory claims
    totals: pd.DataFrame  # month → incidents, fatalities
    incidents_by: dict[str, pd.DataFrame]  # grouping → wide monthly table
    fatalities_by: dict[str, pd.DataFrame]
    territory: pd.DataFrame  # one row per territory claim and source
    loss: pd.Series  # monthly territory lost (NaN: no claim covers the month)
    loss_unit: str
    attacks: pd.Series  # monthly attacks of the lag subject
    lag_subject: str | None
    lag: LagReport | None
    change_points: pd.DataFrame
    events: pd.DataFrame = field(repr=False, default=None)


@dataclass
class ReportFiles:
    """Where the report was written."""

    out_dir: Path
    html: Path
    tables: dict[str, Path]
    charts: dict[str, tuple[Path, Path]]  # name → (png, svg)


def trends(db: str, actor: str | None = None, country: str | None = None) -> Trends:
    """Monthly series, territory points, the loss/attack lag analysis and change points of a store.
    `actor` is an actor name (any alias the lexicon knows), `country` an ISO 3166-1 alpha-2 code."""
    from strife.nlp.lexicon import load_actors

    store = Store(db)
    if actor:
        actor = load_actors().canonical(actor) or actor
    table = event_table(store, actor=actor, country=country)
    indicators = indicator_table(store, subject=actor, country=country)
    totals = monthly_totals(table)
    index = totals.index
    incidents_by = {by: monthly_counts(table, by, "incidents", index=index) for by in GROUPINGS}
    fatalities_by = {by: monthly_counts(table, by, "fatalities", index=index) for by in GROUPINGS}
    territory = territory_points(indicators)

    lag_subject = actor or _most_claimed_subject(indicators)
    loss_claims = indicators[indicators["subject"] == lag_subject] if lag_subject else indicators.iloc[0:0]
    loss, unit = territory_loss_monthly(loss_claims)
    subject_events = EventTable(table.events[table.events["perpetrator"] == lag_subject], 0) if lag_subject else table
    if subject_events.events.dropna(subset=["month"]).empty:
        subject_events = table
    attacks = attacks_monthly(subject_events, index=index)
    lag = None
    if len(loss.dropna()) and len(attacks):
        span = pd.period_range(min(loss.index.min(), attacks.index.min()), max(loss.index.max(), attacks.index.max()),
                               freq="M")
        loss = loss.reindex(span)
        attacks = attacks.reindex(span)  # months outside the events' range stay unknown
        lag = lag_association(loss, attacks, x_name="territory lost", y_name="attacks")

    cps: list[ChangePoint] = []
    for name, series in (("incidents", totals["incidents"]), ("fatalities", totals["fatalities"]),
                         (f"attacks ({lag_subject or 'all'})", attacks.dropna())):
        cps += change_points(series.rename(name))
    change_table = pd.DataFrame([{"series": c.series, "month": str(c.month), "mean_before": round(c.mean_before, 2),
                                  "mean_after": round(c.mean_after, 2), "direction": c.direction,
                                  "penalty": round(c.penalty, 2), "n_months": c.n} for c in cps],
                                columns=["series", "month", "mean_before", "mean_after", "direction", "penalty",
                                         "n_months"])
    store_counts = store.counts()
    counts = {"documents": store_counts["documents"], "events": len(table.events),
              "events_undated": table.undated, "indicators": len(indicators), "territory_claims": len(territory)}
    return Trends(db=db, actor=actor, country=country, counts=counts, totals=totals, incidents_by=incidents_by,
                  fatalities_by=fatalities_by, territory=territory, loss=loss, loss_unit=unit, attacks=attacks,
                  lag_subject=lag_subject, lag=lag, change_points=change_table, events=table.events)


def _most_claimed_subject(indicators: pd.DataFrame) -> str | None:
    lost = indicators[indicators["metric"].isin(["territory_lost_km2", "territory_lost_share"])].dropna(subset=["subject"])
    if lost.empty:
        return None
    return lost["subject"].value_counts().index[0]


# ---- writing ----------------------------------------------------------------------------------

def write_report(db: str, out_dir: str | Path, actor: str | None = None, country: str | None = None) -> ReportFiles:
    """Compute the trends of a store and write report.html, the charts (PNG and SVG) and the tables
    (CSV) to `out_dir`."""
    t = trends(db, actor=actor, country=country)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = _write_tables(t, out)
    charts = _write_charts(t, out)
    page = out / "report.html"
    page.write_text(_html(t, charts), encoding="utf-8")
    return ReportFiles(out_dir=out, html=page, tables=tables, charts=charts)


def _csv(frame: pd.DataFrame | pd.Series, path: Path, index: bool = True) -> Path:
    frame.to_csv(path, index=index)
    return path


def _write_tables(t: Trends, out: Path) -> dict[str, Path]:
    tables = {"monthly_totals": _csv(t.totals, out / "monthly_totals.csv")}
    for by in GROUPINGS:
        tables[f"incidents_by_{by}"] = _csv(t.incidents_by[by], out / f"incidents_by_{by}.csv")
        tables[f"fatalities_by_{by}"] = _csv(t.fatalities_by[by], out / f"fatalities_by_{by}.csv")
    tables["territory"] = _csv(t.territory, out / "territory.csv", index=False)
    tables["loss_and_attacks"] = _csv(pd.DataFrame({f"territory_lost_{t.loss_unit}": t.loss, "attacks": t.attacks}),
                                      out / "loss_and_attacks.csv")
    if t.lag is not None:
        tables["lag_xcorr"] = _csv(t.lag.xcorr, out / "lag_xcorr.csv", index=False)
        granger = pd.concat([t.lag.granger_x_to_y.assign(direction=f"{t.lag.x_name} -> {t.lag.y_name}"),
                             t.lag.granger_y_to_x.assign(direction=f"{t.lag.y_name} -> {t.lag.x_name}")])
        tables["granger"] = _csv(granger, out / "granger.csv", index=False)
    tables["change_points"] = _csv(t.change_points, out / "change_points.csv", index=False)
    return tables


# ---- charts -----------------------------------------------------------------------------------

def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "figure.dpi": 100, "axes.spines.top": False,
                         "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3, "font.size": 9})
    return plt


def _save(fig, out: Path, name: str) -> tuple[Path, Path]:
    import matplotlib

    png, svg = out / f"{name}.png", out / f"{name}.svg"
    fig.savefig(png, dpi=120, bbox_inches="tight")
    matplotlib.rcParams["svg.hashsalt"] = name  # ids unique across the SVGs inlined in one page
    fig.savefig(svg, bbox_inches="tight", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    import matplotlib.pyplot as plt

    plt.close(fig)
    return png, svg


def _x(index: pd.PeriodIndex):
    return index.to_timestamp()


def _write_charts(t: Trends, out: Path) -> dict[str, tuple[Path, Path]]:
    plt = _plt()
    charts: dict[str, tuple[Path, Path]] = {}
    cp_by_series = {}
    for row in t.change_points.itertuples():
        cp_by_series.setdefault(row.series, []).append(pd.Period(row.month, freq="M"))

    # incidents and fatalities
    fig, axes = plt.subplots(2, 1, figsize=(10, 5.5), sharex=True)
    x = _x(t.totals.index)
    for ax, col, color in ((axes[0], "incidents", "#3b6ea8"), (axes[1], "fatalities", "#b0413e")):
        ax.bar(x, t.totals[col], width=25, color=color, label=col)
        ax.set_ylabel(f"{col} per month")
        for month in cp_by_series.get(col, []):
            ax.axvline(month.to_timestamp(), color="black", linestyle="--", linewidth=1)
        if cp_by_series.get(col):
            ax.text(0.01, 0.92, "dashed: change point", transform=ax.transAxes, fontsize=8)
    axes[0].set_title(_title("Incidents and fatalities (best estimate) per month", t))
    charts["incidents_fatalities"] = _save(fig, out, "incidents_fatalities")

    # breakdowns
    for by in GROUPINGS:
        wide = t.incidents_by[by]
        fig, ax = plt.subplots(figsize=(10, 4))
        bottom = None
        colors = plt.get_cmap("tab10")
        for i, col in enumerate(wide.columns):
            ax.bar(_x(wide.index), wide[col], width=25, bottom=bottom, label=str(col), color=colors(i % 10))
            bottom = wide[col] if bottom is None else bottom + wide[col]
        ax.set_ylabel("incidents per month")
        ax.set_title(_title(f"Incidents per month by {GROUP_TITLES[by]}", t))
        if len(wide.columns):
            ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        charts[f"by_{by}"] = _save(fig, out, f"by_{by}")

    # territory claims, one marker per source
    metrics = [m for m in ("territory_share", "territory_lost_share", "territory_km2", "territory_lost_km2")
               if m in set(t.territory["metric"])]
    fig, axes = plt.subplots(max(1, len(metrics)), 1, figsize=(10, 2.6 * max(1, len(metrics))), squeeze=False,
                             sharex=True)
    sources = sorted(set(t.territory["source"]))
    markers = "osD^vP*Xh<>"
    colors = plt.get_cmap("tab10")
    for ax, metric in zip(axes[:, 0], metrics):
        rows = t.territory[t.territory["metric"] == metric]
        for i, source in enumerate(sources):
            pts = rows[rows["source"] == source]
            if pts.empty:
                continue
            xs = pts["month"].map(lambda p: p.to_timestamp())
            lo = (pts["value"] - pts["low"].fillna(pts["value"])).clip(lower=0)
            hi = (pts["high"].fillna(pts["value"]) - pts["value"]).clip(lower=0)
            ax.errorbar(xs, pts["value"], yerr=[lo, hi], fmt=markers[i % len(markers)], color=colors(i % 10),
                        capsize=3, label=source, markersize=6)
            if len(rows) <= 30:  # few claims: say which region each one is about
                for xv, yv, region in zip(xs, pts["value"], pts["region"].fillna("")):
                    ax.annotate(region, (xv, yv), textcoords="offset points", xytext=(6, 3), fontsize=7)
        ax.set_ylabel("percent" if metric.endswith("share") else "km²")
        ax.set_title(metric.replace("_", " ") + " (each point one source's claim; bars: stated range)", fontsize=9)
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    if metrics:
        import matplotlib.dates as mdates

        first, last = t.territory["month"].min(), t.territory["month"].max()
        axes[0, 0].set_xlim((first - 3).to_timestamp(), (last + 3).to_timestamp())
        axes[-1, 0].xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    else:
        axes[0, 0].text(0.5, 0.5, "no territory claims in the store", ha="center", va="center")
        axes[0, 0].set_axis_off()
    fig.suptitle(_title("Territory claims", t), fontsize=10)
    fig.tight_layout()
    charts["territory"] = _save(fig, out, "territory")

    # lag analysis
    fig, axes = plt.subplots(2, 1, figsize=(10, 6))
    ax = axes[0]
    both = pd.DataFrame({"loss": t.loss, "attacks": t.attacks})
    if len(both):
        ax.bar(_x(both.index), both["loss"].fillna(0), width=25, color="#8c6d31", label=f"territory lost ({t.loss_unit})")
        ax.set_ylabel(f"territory lost ({t.loss_unit})")
        ax2 = ax.twinx()
        ax2.plot(_x(both.index), both["attacks"], color="#b0413e", marker=".", label="attacks")
        ax2.set_ylabel("attacks per month")
        ax.legend(loc="upper left", fontsize=8, frameon=False)
        ax2.legend(loc="upper right", fontsize=8, frameon=False)
    ax.set_title(f"Territory lost and attacks per month ({t.lag_subject or 'all actors'})")
    ax = axes[1]
    if t.lag is not None and not t.lag.xcorr.empty and t.lag.xcorr["r"].notna().any():
        xc = t.lag.xcorr
        ax.bar(xc["lag"], xc["r"], color=["#b0413e" if v > 0 else "#3b6ea8" for v in xc["r"].fillna(0)])
        ax.plot(xc["lag"], xc["band"], color="grey", linestyle=":", label="±1.96/√n (chance)")
        ax.plot(xc["lag"], -xc["band"], color="grey", linestyle=":")
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_xticks(list(xc["lag"]))
        ax.set_xlabel("lag in months (positive: attacks follow territory loss)")
        ax.set_ylabel("correlation r")
        ax.legend(fontsize=8, frameon=False)
        ax.set_title(f"Cross-correlation, n = {t.lag.n_months} months{' (first differences)' if t.lag.differenced else ''}")
    else:
        why = ("a series is constant over the months both are known, so no correlation is defined"
               if t.lag is not None and t.lag.n_months >= 12 else "not enough months with both series for a lag analysis")
        ax.text(0.5, 0.5, why, ha="center", va="center")
        ax.set_axis_off()
    fig.tight_layout()
    charts["lag"] = _save(fig, out, "lag")
    return charts


def _title(text: str, t: Trends) -> str:
    scope = [s for s in (t.actor, t.country) if s]
    return text + (f" — {', '.join(scope)}" if scope else "")


# ---- page -------------------------------------------------------------------------------------

def _inline_svg(path: Path) -> str:
    svg = path.read_text(encoding="utf-8")
    svg = re.sub(r"^.*?(?=<svg)", "", svg, flags=re.S)  # drop the XML declaration and doctype
    return svg


def _table(frame: pd.DataFrame, index: bool = False) -> str:
    return frame.to_html(index=index, border=0, classes="t", na_rep="–", float_format=_number)


def _number(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3g}"


def _esc(text) -> str:
    return html.escape(str(text))


def _html(t: Trends, charts: dict[str, tuple[Path, Path]]) -> str:
    c = t.counts
    months = t.totals.index
    span = f"{months.min()} to {months.max()} ({len(months)} months)" if len(months) else "no dated events"
    scope = ", ".join(f"{k}: {_esc(v)}" for k, v in (("actor", t.actor), ("country", t.country)) if v) or "all events"
    parts = [f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strife trends report</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }}
h1 {{ font-size: 1.6em; }} h2 {{ border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }}
table.t {{ border-collapse: collapse; font-size: .85em; margin: .5em 0 1em; }}
table.t th, table.t td {{ padding: .2em .6em; border-bottom: 1px solid #e4e4e4; text-align: right; }}
table.t th {{ background: #f4f4f4; }}
.note {{ color: #555; font-size: .9em; }} .caveat {{ background: #fff7e0; padding: .6em 1em; border-left: 4px solid #e0a800; }}
figure {{ margin: 1em 0; }} figure svg {{ max-width: 100%; height: auto; }}
</style></head><body>
<h1>Strife trends report</h1>
<p class="note">Generated {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} from <code>{_esc(t.db)}</code>; scope: {scope}.</p>
<h2 id="data">Data</h2>
<ul>
<li><b>{c['documents']}</b> documents in the store</li>
<li><b>{c['events']}</b> events in scope; <b>{c['events'] - c['events_undated']}</b> dated to the month are in the
monthly series, <b>{c['events_undated']}</b> dated only to the year (or not at all) are left out</li>
<li>monthly series span {span}</li>
<li><b>{c['indicators']}</b> indicators (aggregate claims), of which <b>{c['territory_claims']}</b> are territory claims</li>
</ul>
<p class="note">Fatalities are the sum of each event's best estimate of people killed, reconciled over its sources;
an event with no figure adds nothing. Tables: <a href="monthly_totals.csv">monthly_totals.csv</a> and the other CSV files
beside this page.</p>
<h2 id="series">Incidents and fatalities per month</h2>
<figure>{_inline_svg(charts['incidents_fatalities'][1])}</figure>
<p>Busiest months:</p>
{_table(t.totals.sort_values(['incidents', 'fatalities'], ascending=False).head(10).reset_index().assign(month=lambda d: d['month'].astype(str)))}
"""]
    for by in GROUPINGS:
        totals = t.incidents_by[by].sum().rename("incidents").to_frame()
        totals["fatalities"] = t.fatalities_by[by].sum().reindex(totals.index).fillna(0).astype(int)
        parts.append(f"""<h2 id="by-{by}">By {GROUP_TITLES[by]}</h2>
<figure>{_inline_svg(charts[f'by_{by}'][1])}</figure>
{_table(totals.reset_index().rename(columns={by: GROUP_TITLES[by]}))}
""")
    parts.append(f"""<h2 id="territory">Territory</h2>
<p>Each point is one source's claim, placed at the month its period ends. Several sources for the same month are kept
as separate points, so disagreement is visible. Shares are in percent.</p>
<figure>{_inline_svg(charts['territory'][1])}</figure>
{_table(t.territory.assign(month=t.territory['month'].astype(str))[['month', 'metric', 'subject', 'region', 'value', 'low', 'high', 'unit', 'source', 'period', 'sources_that_month']]) if len(t.territory) else '<p>No territory claims.</p>'}
""")
    parts.append(_lag_section(t, charts))
    parts.append(f"""<h2 id="change-points">Change points</h2>
<p>Months where the mean level of a series shifts, found with ruptures Pelt (L2 cost, minimum segment 3 months) and the
penalty 2·σ²·ln(n), σ estimated from the median absolute month-to-month change; counts are first put through
the Anscombe transform 2·√(x + 3/8) so that busy months' larger noise is not read as more shifts. A change point marks a shift in the
reported level; it may come from a change in coverage as much as from a change on the ground.</p>
{_table(t.change_points) if len(t.change_points) else '<p>No change point found.</p>'}
<h2 id="method">Method notes</h2>
<ul class="note">
<li>Events are Strife's resolved incidents: one event per real-world incident, merged across outlets.</li>
<li>A territory loss claim covering several months is spread evenly over them for the monthly loss series; where
sources overlap, the median is used. Months no claim covers are unknown, not zero.</li>
<li>Cross-correlation lag k pairs territory lost in month t with attacks in month t + k.</li>
</ul>
</body></html>
""")
    return "".join(parts)


def _lag_section(t: Trends, charts) -> str:
    head = f"""<h2 id="lag">Territorial loss and attacks: lagged association</h2>
<p>Does losing ground go with more attacks? Territory lost by <b>{_esc(t.lag_subject or 'any actor')}</b>
({_esc(t.loss_unit)}) against attacks by the same actor per month.</p>
<figure>{_inline_svg(charts['lag'][1])}</figure>
"""
    r = t.lag
    if r is None:
        return head + "<p class='caveat'>No territory loss claims with a period: no lag analysis.</p>"
    body = [f"<p><b>Sample size: n = {r.n_months} months</b> with both series.</p>", f"<p>{_esc(r.summary)}</p>"]
    if not r.xcorr.empty:
        body.append("<h3>Cross-correlation (lags −6…+6 months)</h3>" + _table(r.xcorr))
    for title, g in ((f"Granger test: {r.x_name} → {r.y_name}", r.granger_x_to_y),
                     (f"Granger test: {r.y_name} → {r.x_name}", r.granger_y_to_x)):
        if not g.empty:
            body.append(f"<h3>{_esc(title)}</h3>" + _table(g))
    if r.adf:
        adf = pd.DataFrame([{"series": k, **v} for k, v in r.adf.items()])
        body.append("<h3>Stationarity (augmented Dickey-Fuller)</h3>" + _table(adf) +
                    f"<p class='note'>{'First differences were used.' if r.differenced else 'Levels were used.'}</p>")
    body.append("<div class='caveat'><b>Caveats.</b><ul>" + "".join(f"<li>{_esc(c)}</li>" for c in r.caveats) +
                "</ul></div>")
    return head + "".join(body)

