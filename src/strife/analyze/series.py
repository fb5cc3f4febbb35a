"""Monthly series from the store: incidents and fatalities by actor, country, kind and attack type,
and territory held or lost from the indicators, one point per source.

Months are pandas monthly periods. An event dated only to the year cannot be put in a month: it is
left out of the monthly series and counted in `EventTable.undated`, so a reader knows how much of
the data the series show.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from strife.resolve import single_date
from strife.store import Store

__all__ = ["EventTable", "GROUPINGS", "TERRITORY_METRICS", "event_table", "indicator_table", "monthly_counts",
           "monthly_totals", "territory_points", "territory_loss_monthly", "attacks_monthly"]

GROUPINGS = ("perpetrator", "country", "kind", "attack_type")
TERRITORY_METRICS = ("territory_share", "territory_km2", "territory_lost_share", "territory_lost_km2")
UNKNOWN = "(unknown)"


@dataclass
class EventTable:
    """The store's events as a frame (one row per event, `month` set when the date says the month),
    with the number of events whose date is coarser than a month."""

    events: pd.DataFrame
    undated: int


def event_table(db: str | Store, actor: str | None = None, country: str | None = None) -> EventTable:
    """Events of the store, optionally one perpetrator's (canonical name) or one country's (ISO2)."""
    store = db if isinstance(db, Store) else Store(db)
    rows = store.events()
    columns = ["id", "date", "date_precision", "kind", "attack_type", "country", "perpetrator", "killed_low",
               "killed_best", "killed_high", "n_sources"]
    frame = pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)
    if actor:
        frame = frame[frame["perpetrator"] == actor]
    if country:
        frame = frame[frame["country"].fillna("").str.upper() == country.upper()]
    frame = frame.copy()
    frame["month"] = frame["date"].map(_month_of)
    undated = int(frame["month"].isna().sum())
    for col in ("perpetrator", "country", "kind", "attack_type"):
        frame[col] = frame[col].fillna(UNKNOWN)
    frame["killed_best"] = pd.to_numeric(frame["killed_best"], errors="coerce")
    return EventTable(events=frame.reset_index(drop=True), undated=undated)


def _month_of(iso) -> pd.Period | None:
    """'2016-03-06', '2016-03' or a period of a month or so ('2016-02-29..2016-03-06') → its month (as
    the exports' single date gives it); a year, a longer period or nothing → None."""
    single = single_date(iso) if isinstance(iso, str) else None
    if not single or len(single) < 7 or ".." in single:
        return None
    try:
        return pd.Period(single[:7], freq="M")
    except ValueError:
        return None


def _month_index(months: pd.Series) -> pd.PeriodIndex:
    months = months.dropna()
    if months.empty:
        return pd.PeriodIndex([], freq="M")
    return pd.period_range(months.min(), months.max(), freq="M")


def monthly_totals(table: EventTable, index: pd.PeriodIndex | None = None) -> pd.DataFrame:
    """Per month: `incidents` (events) and `fatalities` (sum of the best killed estimate; an event
    with no figure adds nothing), months without events as zero."""
    ev = table.events.dropna(subset=["month"])
    index = index if index is not None else _month_index(ev["month"])
    grouped = ev.groupby("month")
    out = pd.DataFrame({"incidents": grouped.size(), "fatalities": grouped["killed_best"].sum(min_count=1)})
    out = out.reindex(index).fillna(0).astype(int)
    out.index.name = "month"
    return out


def monthly_counts(table: EventTable, by: str, value: str = "incidents", top: int | None = 8,
                   index: pd.PeriodIndex | None = None) -> pd.DataFrame:
    """Wide monthly table: one column per value of `by` (perpetrator, country, kind, attack_type),
    `value` either "incidents" or "fatalities"; beyond the `top` largest, the rest is summed as "other"."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}; choose one of {', '.join(GROUPINGS)}")
    if value not in ("incidents", "fatalities"):
        raise ValueError(f"value must be 'incidents' or 'fatalities', not {value!r}")
    ev = table.events.dropna(subset=["month"])
    index = index if index is not None else _month_index(ev["month"])
    if value == "incidents":
        wide = ev.groupby(["month", by]).size().unstack(by)
    else:
        wide = ev.groupby(["month", by])["killed_best"].sum(min_count=1).unstack(by)
    wide = wide.reindex(index).fillna(0)
    if top is not None and wide.shape[1] > top:
        order = wide.sum().sort_values(ascending=False).index
        keep, rest = list(order[:top]), list(order[top:])
        wide = wide[keep].assign(other=wide[rest].sum(axis=1))
    else:
        wide = wide[wide.sum().sort_values(ascending=False).index]
    wide.index.name = "month"
    wide.columns.name = by
    return wide.astype(int)


def attacks_monthly(table: EventTable, index: pd.PeriodIndex | None = None) -> pd.Series:
    """Attacks (events of kind attack) per month."""
    ev = table.events.dropna(subset=["month"])
    ev = ev[ev["kind"] == "attack"]
    index = index if index is not None else _month_index(table.events["month"])
    return ev.groupby("month").size().reindex(index).fillna(0).astype(int).rename("attacks")


# ---- indicators -----------------------------------------------------------------------------

def indicator_table(db: str | Store, subject: str | None = None, country: str | None = None) -> pd.DataFrame:
    """Indicators of the store with their period as months: `start`, `end` (the as-of month) and
    `value` (the middle of low..high, or the one bound given)."""
    store = db if isinstance(db, Store) else Store(db)
    columns = ["id", "doc_name", "metric", "subject", "region", "period", "low", "high", "unit", "source"]
    frame = pd.DataFrame([{c: r.get(c) for c in columns} for r in store.indicators()], columns=columns)
    if subject:
        frame = frame[frame["subject"] == subject]
    if country:
        frame = frame[frame["region"].fillna("").str.upper().str.split(",").map(lambda codes: country.upper() in codes)]
    frame = frame.copy()
    bounds = frame["period"].map(_period_months)
    frame["start"] = bounds.map(lambda b: b[0])
    frame["end"] = bounds.map(lambda b: b[1])
    frame["low"] = pd.to_numeric(frame["low"], errors="coerce")
    frame["high"] = pd.to_numeric(frame["high"], errors="coerce")
    frame["value"] = frame[["low", "high"]].mean(axis=1)
    frame["source"] = frame["source"].fillna("(not said)")
    return frame.reset_index(drop=True)


def _period_months(period) -> tuple[pd.Period | None, pd.Period | None]:
    """'2015' → 2015-01..2015-12; '2016-02' → 2016-02; '2014-08..2016-01' → 2014-08..2016-01."""
    if not isinstance(period, str) or not period:
        return None, None
    first, _, last = period.partition("..")
    last = last or first

    def month(part: str, at_end: bool) -> pd.Period | None:
        part = part.strip()
        try:
            if len(part) == 4:
                return pd.Period(f"{part}-{'12' if at_end else '01'}", freq="M")
            return pd.Period(part[:7], freq="M")
        except ValueError:
            return None

    return month(first, False), month(last, True)


def territory_points(indicators: pd.DataFrame) -> pd.DataFrame:
    """Territory claims as points: one row per claim, placed at the month its period ends (the
    month the figure holds for), with its source. Several sources for one month stay several rows:
    disagreement is shown, not averaged away. Shares are given in percent."""
    t = indicators[indicators["metric"].isin(TERRITORY_METRICS)].dropna(subset=["end", "value"]).copy()
    share = t["metric"].str.endswith("share")
    for col in ("low", "high", "value"):
        t.loc[share, col] = t.loc[share, col] * 100
    t["unit"] = t["metric"].map(lambda m: "percent" if m.endswith("share") else "km2")
    t = t.rename(columns={"end": "month"})
    cols = ["month", "metric", "subject", "region", "value", "low", "high", "unit", "source", "period", "doc_name"]
    out = t[cols].sort_values(["metric", "month", "source"]).reset_index(drop=True)
    # how many sources give a figure for the same metric, subject and month
    out["sources_that_month"] = out.groupby(["metric", "subject", "month"])["source"].transform("nunique")
    return out


def territory_loss_monthly(indicators: pd.DataFrame, index: pd.PeriodIndex | None = None) -> tuple[pd.Series, str]:
    """A monthly series of territory lost, and its unit. Each loss claim is spread evenly over the
    months of its period (a loss "in 2015" adds a twelfth to each month); where several sources
    cover a month, their median is taken. Months no claim covers are NaN (unknown, not zero).
    Square kilometres when any claim has them, else percentage points of territory."""
    for metric, unit, scale in (("territory_lost_km2", "km2", 1.0), ("territory_lost_share", "percent", 100.0)):
        claims = indicators[(indicators["metric"] == metric)].dropna(subset=["start", "end", "value"])
        if claims.empty:
            continue
        per_source: dict[str, dict[pd.Period, float]] = {}
        for row in claims.itertuples():
            months = pd.period_range(row.start, row.end, freq="M")
            for m in months:
                per_source.setdefault(f"{row.source}|{row.id}", {})[m] = row.value * scale / len(months)
        wide = pd.DataFrame(per_source)
        series = wide.median(axis=1).sort_index()
        if index is None:
            index = pd.period_range(series.index.min(), series.index.max(), freq="M")
        return series.reindex(index).rename(f"territory_lost_{unit}"), unit
    return pd.Series(index=index if index is not None else pd.PeriodIndex([], freq="M"), dtype=float,
                     name="territory_lost"), "none"
