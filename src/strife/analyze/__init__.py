"""Analysis: monthly series of incidents and fatalities, territory claims, the lagged association of
territorial loss and attacks, and change points — as pandas objects and as a report.

    from strife.analyze import trends, write_report
    t = trends("strife.db", actor="Islamic State")      # pandas objects
    files = write_report("strife.db", "report/")         # report.html, charts, CSV tables
"""
from strife.analyze.report import ReportFiles, Trends, trends, write_report
from strife.analyze.series import (attacks_monthly, event_table, indicator_table, monthly_counts, monthly_totals,
                                   territory_loss_monthly, territory_points)
from strife.analyze.stats import (ChangePoint, LagReport, adf_test, change_points, cross_correlation, granger,
                                  lag_association)

__all__ = ["ChangePoint", "LagReport", "ReportFiles", "Trends", "adf_test", "attacks_monthly", "change_points",
           "cross_correlation", "event_table", "granger", "indicator_table", "lag_association", "monthly_counts",
           "monthly_totals", "territory_loss_monthly", "territory_points", "trends", "write_report"]
