"""The `strife` command: a thin shell over strife.api."""
from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

import typer

from strife.nlp.limits import DOCUMENT_SECONDS

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Strife: sourced, geolocated, deduplicated conflict events from news text.")

DB_OPTION = typer.Option("strife.db", "--db", help="SQLite file or PostgreSQL URL.")


def _err(err) -> None:
    typer.echo(f"error: {err}", err=True)


def _progress(total_hint: str):
    """A bar on stderr (when it is a terminal) with documents/s, and words/s beside it."""
    from tqdm import tqdm

    bar = tqdm(desc=total_hint, unit="doc", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)
    words = [0]

    def tick(ex) -> None:
        if bar.disable:
            return
        words[0] += ex.document.text.count(" ") + 1
        elapsed = bar.format_dict["elapsed"] or 1e-9
        bar.set_postfix_str(f"{words[0] / elapsed:,.0f} words/s", refresh=False)
        bar.update(1)

    return bar, tick


def _print_summary(summary, what: str) -> None:
    skipped = f" ({summary.skipped_sentences} sentences past a cap left unread)" if summary.skipped_sentences else ""
    typer.echo(f"{what}: {summary.documents} documents ({summary.skipped_duplicates} already seen, "
               f"{summary.syndicated} syndicated copies), {summary.incidents} incident mentions, "
               f"{summary.events} events, {summary.indicators} indicators, {len(summary.errors)} errors{skipped}")


WORKERS_OPTION = typer.Option(1, "--workers", "-j", min=1,
                              help="Processes extracting in parallel (each loads the model once); same output.")


def _budget(value: float) -> float | None:
    return value or None


BUDGET_OPTION = typer.Option(DOCUMENT_SECONDS, "--budget", min=0, callback=_budget, metavar="SECONDS",
                             help="Time one document's extraction may take; past it the document is cut off "
                                  "and recorded as an error, and the run goes on (0: no limit).")
ALLOW_FETCH_OPTION = typer.Option(
    [], "--allow-fetch", envvar="STRIFE_FETCH_ALLOW", show_envvar=True, metavar="HOST|ADDRESS|NETWORK",
    help="Let URL ingest fetch this host name, address or network (e.g. 127.0.0.1, 10.0.0.0/8, feeds.intranet) "
         "although it is not public; repeat or separate with commas. Loopback, private, link-local, multicast, "
         "reserved and cloud-metadata addresses are refused otherwise.")


def _fetch_policy(allow: list[str]):
    from strife.ingest.fetch import FetchPolicy

    try:
        return FetchPolicy.parse(allow)
    except ValueError as exc:
        _err(f"--allow-fetch: {exc}")
        raise typer.Exit(2) from None


def _run_date(value: str | None) -> str | None:
    from strife.ingest.dates import iso_date

    if value is not None and iso_date(value) is None:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)")
    return value


PUB_DATE_OPTION = typer.Option(None, "--pub-date", callback=_run_date, metavar="YYYY-MM-DD",
                               help="Publication date of every document that carries none of its own "
                                    "(page metadata, feed, JSON field, manifest or path date win over it).")
MANIFEST_OPTION = typer.Option(None, "--manifest", exists=True, dir_okay=False,
                               help="CSV or JSONL table of the files' dates, outlets and URLs (columns file, "
                                    "date, source, url); a folder's manifest.csv / manifest.jsonl is read "
                                    "without it.")


@app.command()
def ingest(paths: list[str] = typer.Argument(..., help="Files, folders or feed URLs."), db: str = DB_OPTION,
           workers: int = WORKERS_OPTION, pub_date: str = PUB_DATE_OPTION, manifest: Path = MANIFEST_OPTION,
           allow_fetch: list[str] = ALLOW_FETCH_OPTION, budget: float = BUDGET_OPTION):
    """Read, extract, resolve and store documents. Safe to re-run: stored documents are skipped."""
    from strife import api
    from strife.store import StoreError

    policy = _fetch_policy(allow_fetch)
    bar, tick = _progress("ingest")
    try:
        summary = api.ingest(paths, db, on_error=_err, progress=tick, workers=workers, pub_date=pub_date,
                             manifest=manifest, fetch_policy=policy, budget=budget)
    except StoreError as exc:
        _err(exc)
        raise typer.Exit(2)
    finally:
        bar.close()
    _print_summary(summary, "ingested")


@app.command()
def extract(paths: list[str] = typer.Argument(...),
            out: Path = typer.Option(..., "--out", help="JSONL file: one line per document (with --engine spark: "
                                                        "a Parquet folder, one row per document)."),
            workers: int = WORKERS_OPTION, pub_date: str = PUB_DATE_OPTION, manifest: Path = MANIFEST_OPTION,
            engine: str = typer.Option("local", "--engine", help="local, or spark (PATHs: anything Spark reads)."),
            master: str = typer.Option(None, "--master", help="Spark master (default: spark-submit's, else local[*])."),
            partitions: int = typer.Option(None, "--partitions", min=1, help="Spark partitions per input."),
            allow_fetch: list[str] = ALLOW_FETCH_OPTION, budget: float = BUDGET_OPTION):
    """Extract without touching the database: one JSON line per document (the evaluation contract),
    or with --engine spark one Parquet row per document, for `strife load`."""
    from strife import api

    if engine == "spark":
        from strife.scale.spark import SparkUnavailable

        if pub_date or manifest:
            _err("--pub-date and --manifest are read by the local engine only")
            raise typer.Exit(2)

        try:
            summary = api.extract_spark(paths, str(out), master=master, partitions=partitions, budget=budget)
        except SparkUnavailable as exc:
            _err(exc)
            raise typer.Exit(2)
        for line in summary.errors:
            _err(line)
        typer.echo(f"wrote {out}: {summary.documents} documents, {len(summary.errors)} errors "
                   f"(load it with: strife load {out} --db DB)")
        return
    if engine != "local":
        _err(f"unknown engine {engine!r}; choose local or spark")
        raise typer.Exit(2)
    policy = _fetch_policy(allow_fetch)
    bar, tick = _progress("extract")
    try:
        summary = api.extract_to_jsonl(paths, out, on_error=_err, progress=tick, workers=workers,
                                       pub_date=pub_date, manifest=manifest, fetch_policy=policy, budget=budget)
    finally:
        bar.close()
    _print_summary(summary, f"wrote {out}")


@app.command()
def load(parquet: Path = typer.Argument(..., help="What `strife extract --engine spark` wrote."), db: str = DB_OPTION):
    """Merge a Spark extraction into the store (skipping documents already there) and resolve events."""
    from strife import api
    from strife.scale.rows import RowsError
    from strife.store import StoreError

    bar, tick = _progress("load")
    try:
        summary = api.load_parquet(parquet, db, on_error=_err, progress=tick)
    except (StoreError, RowsError) as exc:
        _err(exc)
        raise typer.Exit(2)
    finally:
        bar.close()
    _print_summary(summary, "loaded")


@app.command()
def export(fmt: str = typer.Option("jsonl", "--format", help="jsonl, csv, geojson or parquet."),
           out: Path = typer.Option(..., "--out"), db: str = DB_OPTION):
    """Export the events of the store."""
    from strife import api
    from strife.export import FORMATS

    if fmt not in FORMATS:
        _err(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    n = api.export(db, fmt, out)
    typer.echo(f"wrote {n} events to {out}")


@app.command()
def errors(db: str = DB_OPTION):
    """List the inputs that could not be read, with the reason."""
    from strife.store import Store

    rows = Store(db).errors()
    for r in rows:
        typer.echo(f"{r['path']}\t{r['reason']}\t{r['at']}")
    if not rows:
        typer.echo("no errors recorded")


@app.command()
def summary(db: str = DB_OPTION, limit: int = typer.Option(15, help="Events to list.")):
    """What the store holds: counts, and the events with the most sources."""
    from strife.store import Store

    store = Store(db)
    counts = store.counts()
    typer.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))
    events = sorted(store.events(), key=lambda e: (-e["n_sources"], -(e["killed_best"] or 0), e["id"]))
    for e in events[:limit]:
        figures = " / ".join(f"{s['name']}: {_fmt_range(s['killed_min'], s['killed_max'])}" for s in e["sources"])
        typer.echo(f"{e['date'] or '?':<10} {e['kind']:<16} {(e['place_name'] or '?')[:22]:<22} "
                   f"{(e['perpetrator'] or '?')[:24]:<24} killed best={e['killed_best']} "
                   f"[{e['n_sources']} sources: {figures}]")


def _fmt_range(lo, hi) -> str:
    if lo is None and hi is None:
        return "?"
    if hi is None:
        return f"≥{lo}"
    if lo is None:
        return f"≤{hi}"
    return str(lo) if lo == hi else f"{lo}-{hi}"


@app.command()
def demo(db: str = DB_OPTION):
    """Ingest the bundled sample corpus and print what was found."""
    corpus = resources.files("strife.data").joinpath("sample_corpus")
    ingest([str(corpus)], db, workers=1, pub_date=None, manifest=None, allow_fetch=[], budget=DOCUMENT_SECONDS)
    summary(db, limit=15)


@app.command()
def geoparse(inp: Path = typer.Argument(..., help="JSONL with id and text per line, or a text file."),
             out: Path = typer.Option(..., "--out")):
    """Places found in texts, as JSONL {id, places: [{start, end, name, lat, lon}]}."""
    from strife.nlp.geoparse import geoparse_jsonl

    if inp.suffix.lower() in (".jsonl", ".json"):
        geoparse_jsonl(str(inp), str(out))
    else:
        tmp = out.with_suffix(".in.jsonl")
        tmp.write_text(json.dumps({"id": inp.stem, "text": inp.read_text(encoding="utf-8", errors="replace")}) + "\n")
        geoparse_jsonl(str(tmp), str(out))
        tmp.unlink()
    typer.echo(f"wrote {out}")


@app.command()
def serve(db: str = DB_OPTION,
          host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
          port: int = typer.Option(8000, "--port", min=1, max=65535),
          token: str = typer.Option(None, "--token", envvar="STRIFE_TOKEN", show_envvar=True,
                                    help="Bearer token for ingesting through the API; without one, writes are refused."),
          workers: int = typer.Option(1, "--workers", "-w", min=1,
                                      help="Server processes (uvicorn workers) sharing the port; reads run in "
                                           "parallel, ingests one at a time across all of them."),
          allow_fetch: list[str] = ALLOW_FETCH_OPTION,
          log_level: str = typer.Option("info", "--log-level", help="uvicorn's: critical, error, warning, info, debug.")):
    """Serve the REST API (/api, OpenAPI schema at /openapi.json) and the offline web page (/)."""
    import os

    import uvicorn

    from strife.serve import create_app
    from strife.serve.app import ENV_DB, ENV_FETCH_ALLOW, ENV_TOKEN
    from strife.store import StoreError

    policy = _fetch_policy(allow_fetch)
    try:
        web = create_app(db, token, fetch_policy=policy)  # opens (and migrates) the store once, before any worker
    except StoreError as exc:
        _err(exc)
        raise typer.Exit(2)
    typer.echo(f"serving {db} on http://{host}:{port}/ with {workers} worker{'s' if workers > 1 else ''} "
               f"(writes {'need the token' if token else 'disabled'})")
    if workers == 1:
        uvicorn.run(web, host=host, port=port, log_level=log_level)
        return
    # each worker process imports the app by name and builds it from these
    os.environ[ENV_DB] = db
    os.environ.pop(ENV_TOKEN, None)
    if token:
        os.environ[ENV_TOKEN] = token
    os.environ[ENV_FETCH_ALLOW] = ",".join(allow_fetch)
    uvicorn.run("strife.serve.app:app_from_environment", factory=True, host=host, port=port, workers=workers,
                log_level=log_level)


@app.command()
def trends(db: str = DB_OPTION,
           out: Path = typer.Option(..., "--out", help="Folder for report.html, the charts and the CSV tables."),
           actor: str | None = typer.Option(None, "--actor", help="Only this actor (any known name)."),
           country: str | None = typer.Option(None, "--country", help="Only this country (ISO 3166-1 alpha-2).")):
    """Monthly trends, territory claims, the territory-loss/attack lag analysis and change points, as a report."""
    from strife.analyze import write_report
    from strife.store import StoreError

    try:
        files = write_report(db, out, actor=actor, country=country)
    except StoreError as exc:
        _err(exc)
        raise typer.Exit(2)
    typer.echo(f"wrote {files.html} ({len(files.charts)} charts as PNG and SVG, {len(files.tables)} CSV tables in {files.out_dir})")


if __name__ == "__main__":
    app()
