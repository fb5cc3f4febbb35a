"""Statistics over monthly series: lagged cross-correlation, Granger tests with stationarity checks,
and change points. Every result carries its sample size and plain-words caveats; none is a verdict.

Conventions:
* lag k > 0 means the first series leads: corr(x[t], y[t + k]) ("attacks k months after a loss");
* Granger tests ask whether past values of x improve the prediction of y beyond y's own past
  (statsmodels `grangercausalitytests`, F test on the sum of squared residuals). They are run on
  first differences when an ADF test cannot reject a unit root in either series;
* change points: ruptures `Pelt` with an L2 (mean-shift) cost and the penalty
  2·σ²·ln(n), σ estimated from the median absolute first difference (a BIC-type penalty that
  scales with the noise of the series, so it needs no tuning per series). Count series are first
  put through the Anscombe transform 2·√(x + 3/8), which makes their noise about equal at every
  level; the reported means are on the original scale.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats as sps

__all__ = ["ChangePoint", "LagReport", "adf_test", "change_points", "cross_correlation", "granger", "lag_association",
           "MIN_MONTHS"]

MIN_MONTHS = 12  # below this, no lag statistics are computed at all


def cross_correlation(x: pd.Series, y: pd.Series, max_lag: int = 6) -> pd.DataFrame:
    """Pearson r between x[t] and y[t + lag] for lag in -max_lag..max_lag, with the number of
    month pairs used, a two-sided p-value and the ±1.96/√n band of a white-noise series."""
    x, y = x.astype(float), y.astype(float)
    rows = []
    for lag in range(-max_lag, max_lag + 1):
        pair = pd.concat([x, y.shift(-lag)], axis=1).dropna()
        n = len(pair)
        r = p = np.nan
        if n >= 3 and not _constant(pair.iloc[:, 0]) and not _constant(pair.iloc[:, 1]):
            r, p = sps.pearsonr(pair.iloc[:, 0], pair.iloc[:, 1])
        rows.append({"lag": lag, "r": float(r), "p": float(p), "n": n, "band": 1.96 / math.sqrt(n) if n else np.nan})
    return pd.DataFrame(rows)


def _constant(values: pd.Series) -> bool:
    return bool(np.ptp(values.to_numpy(dtype=float)) <= 1e-12 * max(1.0, float(np.abs(values).max())))


def adf_test(series: pd.Series) -> dict:
    """Augmented Dickey-Fuller test for a unit root: statistic, p-value, n; `stationary` is True
    when p < 0.05 (a unit root is rejected), None when the series is too short or constant."""
    from statsmodels.tsa.stattools import adfuller

    s = series.dropna().astype(float)
    if len(s) < 8 or _constant(s):
        return {"statistic": np.nan, "p": np.nan, "n": len(s), "stationary": None}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            stat, p, *_ = adfuller(s.to_numpy(), maxlag=min(4, len(s) // 4), autolag="AIC")
        except (ValueError, np.linalg.LinAlgError):
            return {"statistic": np.nan, "p": np.nan, "n": len(s), "stationary": None}
    return {"statistic": float(stat), "p": float(p), "n": len(s), "stationary": bool(p < 0.05)}


def granger(x: pd.Series, y: pd.Series, max_lag: int = 3) -> pd.DataFrame:
    """Does x help predict y? One row per lag: F, p, the observations the regression used and the
    degrees of freedom. Empty when the series are too short for the lag."""
    from statsmodels.tsa.stattools import grangercausalitytests

    data = pd.concat([y.astype(float), x.astype(float)], axis=1).dropna()
    rows = []
    for lag in range(1, max_lag + 1):
        if len(data) < 3 * lag + 5 or _constant(data.iloc[:, 0]) or _constant(data.iloc[:, 1]):
            break
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                result = grangercausalitytests(data.to_numpy(), [lag])
            except (ValueError, np.linalg.LinAlgError):
                break
        f, p, df_denom, df_num = result[lag][0]["ssr_ftest"]
        rows.append({"lag": lag, "F": float(f), "p": float(p), "n_obs": len(data) - lag,
                     "df_num": int(df_num), "df_denom": int(df_denom)})
    return pd.DataFrame(rows, columns=["lag", "F", "p", "n_obs", "df_num", "df_denom"])


@dataclass
class LagReport:
    """The lagged association of two monthly series (x: e.g. territory lost, y: e.g. attacks)."""

    x_name: str
    y_name: str
    n_months: int
    xcorr: pd.DataFrame
    granger_x_to_y: pd.DataFrame
    granger_y_to_x: pd.DataFrame
    adf: dict[str, dict]
    differenced: bool
    caveats: list[str] = field(default_factory=list)
    summary: str = ""

    @property
    def peak(self) -> dict | None:
        """The lag with the largest |r| (None when no correlation could be computed)."""
        valid = self.xcorr.dropna(subset=["r"])
        if valid.empty:
            return None
        return valid.loc[valid["r"].abs().idxmax()].to_dict()


def lag_association(x: pd.Series, y: pd.Series, max_lag: int = 6, granger_lags: int = 3,
                    x_name: str = "x", y_name: str = "y") -> LagReport:
    """Cross-correlation at lags -max_lag..max_lag and Granger tests in both directions on the
    months where both series are known (the longest unbroken run), with ADF checks and caveats."""
    both = pd.concat([x.rename("x").astype(float), y.rename("y").astype(float)], axis=1)
    both = _longest_complete_run(both)
    n = len(both)
    caveats: list[str] = []
    empty = pd.DataFrame(columns=["lag", "F", "p", "n_obs", "df_num", "df_denom"])
    if n < MIN_MONTHS:
        caveats.append(f"Only {n} months have both series; at least {MIN_MONTHS} are needed before a lag "
                       f"statistic means anything, so none was computed.")
        return LagReport(x_name, y_name, n, cross_correlation(both["x"], both["y"], 0).iloc[0:0], empty, empty,
                         {}, False, caveats, f"Not enough data: {n} months with both {x_name} and {y_name}.")
    adf = {x_name: adf_test(both["x"]), y_name: adf_test(both["y"])}
    differenced = any(a["stationary"] is False for a in adf.values())
    work = both.diff().dropna() if differenced else both
    if differenced:
        caveats.append("An ADF test could not reject a unit root in at least one series, so the lag statistics "
                       "use month-to-month changes (first differences); a shared trend alone would otherwise "
                       "produce a spurious correlation.")
        adf[f"Δ{x_name}"] = adf_test(work["x"])
        adf[f"Δ{y_name}"] = adf_test(work["y"])
    xcorr = cross_correlation(work["x"], work["y"], max_lag)
    g_xy = granger(work["x"], work["y"], granger_lags)
    g_yx = granger(work["y"], work["x"], granger_lags)
    caveats += [
        f"The series cover {n} months. With so few points a correlation of about "
        f"{1.96 / math.sqrt(max(len(work), 1)):.2f} or less is what chance alone gives, and testing "
        f"{2 * max_lag + 1} lags makes a spurious peak likely.",
        "Granger causality means only that past values of one series improve the prediction of the other; "
        "it is not proof of cause. Both may follow a third factor (an offensive, a season, more reporting).",
        "Both series come from news reports: coverage changes over time and by place, and territory figures "
        "are sparse estimates from a few sources spread over their periods.",
    ]
    report = LagReport(x_name, y_name, n, xcorr, g_xy, g_yx, adf, differenced, caveats)
    report.summary = _summary(report)
    return report


def _longest_complete_run(frame: pd.DataFrame) -> pd.DataFrame:
    ok = frame.notna().all(axis=1).to_numpy()
    best, start, best_span = 0, None, (0, 0)
    for i, flag in enumerate(list(ok) + [False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start > best:
                best, best_span = i - start, (start, i)
            start = None
    return frame.iloc[best_span[0]:best_span[1]]


def _summary(r: LagReport) -> str:
    peak = r.peak
    if peak is None:
        return f"No correlation could be computed over {r.n_months} months (a series is constant)."
    lag = int(peak["lag"])
    direction = (f"{r.y_name} {lag} month{'s' if abs(lag) != 1 else ''} after {r.x_name}" if lag > 0 else
                 f"{r.x_name} {-lag} month{'s' if abs(lag) != 1 else ''} after {r.y_name}" if lag < 0 else
                 f"{r.x_name} and {r.y_name} in the same month")
    text = (f"Over {r.n_months} months{' (first differences)' if r.differenced else ''}, the strongest correlation "
            f"is between {direction}: r = {peak['r']:.2f} (n = {int(peak['n'])}, p = {peak['p']:.3f}).")
    if not r.granger_x_to_y.empty:
        best = r.granger_x_to_y.loc[r.granger_x_to_y["p"].idxmin()]
        text += (f" Granger test, {r.x_name} → {r.y_name}: smallest p = {best['p']:.3g} at lag {int(best['lag'])} "
                 f"(F = {best['F']:.2f}, {int(best['n_obs'])} observations).")
    if not r.granger_y_to_x.empty:
        best = r.granger_y_to_x.loc[r.granger_y_to_x["p"].idxmin()]
        text += f" Reverse direction, {r.y_name} → {r.x_name}: smallest p = {best['p']:.3g} at lag {int(best['lag'])}."
    return text + " Read these with the caveats below."


# ---- change points --------------------------------------------------------------------------

@dataclass
class ChangePoint:
    """A month where the level of a series shifts: the mean of the segment before and after."""

    series: str
    month: pd.Period
    mean_before: float
    mean_after: float
    penalty: float
    n: int

    @property
    def direction(self) -> str:
        return "surge" if self.mean_after > self.mean_before else "drop"


def default_penalty(values: np.ndarray) -> float:
    """2·σ²·ln(n), σ from the median absolute first difference (robust to the shifts themselves)."""
    n = len(values)
    diffs = np.abs(np.diff(values))
    sigma = np.median(diffs) / (0.6745 * math.sqrt(2)) if len(diffs) else 0.0
    if sigma == 0:
        sigma = float(np.std(values)) or 1.0
    return 2 * sigma ** 2 * math.log(max(n, 2))


def change_points(series: pd.Series, penalty: float | None = None, min_size: int = 3) -> list[ChangePoint]:
    """Months where the mean level of a monthly series shifts (ruptures Pelt, L2 cost)."""
    import ruptures as rpt

    s = series.dropna().astype(float)
    if len(s) < 2 * min_size:
        return []
    values = s.to_numpy()
    # counts: the Anscombe transform 2·√(x + 3/8) gives every level about the same spread, so a busy
    # period's larger noise is not read as further shifts
    counts = bool((values >= 0).all() and np.allclose(values, np.round(values)))
    signal = 2 * np.sqrt(values + 3 / 8) if counts else values
    pen = default_penalty(signal) if penalty is None else penalty
    breaks = rpt.Pelt(model="l2", min_size=min_size, jump=1).fit(signal.reshape(-1, 1)).predict(pen=pen)
    out = []
    bounds = [0] + breaks
    for i, b in enumerate(breaks[:-1]):
        before = values[bounds[i]:b]
        after = values[b:bounds[i + 2]]
        out.append(ChangePoint(series=str(series.name), month=s.index[b], mean_before=float(before.mean()),
                               mean_after=float(after.mean()), penalty=pen, n=len(values)))
    return out
