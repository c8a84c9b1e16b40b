"""``cxtext`` command line: a thin typer layer over the library functions."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

import cxtext
from cxtext.errors import CxTextError

app = typer.Typer(
    name="cxtext",
    help="Analyse open-text NPS/CSAT survey answers in Polish and English.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cxtext {cxtext.__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show version and exit."),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


def _estimate_rows(path: Path) -> int | None:
    """Line count of a text file (an upper bound of its records), fast and in constant memory."""
    if path.suffix.lower() not in {".csv", ".tsv", ".txt", ".tab", ".jsonl", ".ndjson"}:
        return None
    n = 0
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            n += block.count(b"\n")
    return max(n - (1 if path.suffix.lower() not in {".jsonl", ".ndjson"} else 0), 1)


@app.command()
def analyze(
    input: Annotated[
        Path, typer.Argument(help="Survey export: .csv/.tsv, .xlsx, .parquet, .jsonl")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("cxtext-out"),
    text_col: Annotated[
        list[str] | None, typer.Option("--text-col", help="Open-text column (repeatable).")
    ] = None,
    score_col: Annotated[str | None, typer.Option(help="Score column (0-10 or 1-5).")] = None,
    id_col: Annotated[str | None, typer.Option(help="Respondent id column.")] = None,
    segment_col: Annotated[
        list[str] | None, typer.Option("--segment-col", help="Segment column (repeatable).")
    ] = None,
    date_col: Annotated[str | None, typer.Option(help="Response date column.")] = None,
    scale: Annotated[str, typer.Option(help="Score scale: nps (0-10) or csat (1-5).")] = "nps",
    encoding: Annotated[
        str | None, typer.Option(help="Text encoding (default: detect utf-8/cp1250/iso-8859-2).")
    ] = None,
    delimiter: Annotated[str | None, typer.Option(help="CSV delimiter (default: sniff).")] = None,
    sheet: Annotated[str | None, typer.Option(help="Excel sheet name (default: first).")] = None,
    date_format: Annotated[
        str | None, typer.Option(help="strftime layout of dates, e.g. %m/%d/%Y.")
    ] = None,
    chunksize: Annotated[int, typer.Option(help="Rows per chunk (memory bound).")] = 50_000,
) -> None:
    """Read a survey export, clean and classify every answer, and write the results.

    Writes responses.csv/.parquet (one row per answer), rejects.csv (rows that could not
    be used, with row number and reason), nps.csv (NPS with 95% CI, overall and per
    segment) and summary.json into --out.
    """
    total = _estimate_rows(input) if input.exists() else None
    try:
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,} rows"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
            disable=not console.is_terminal,
        ) as bar:
            task = bar.add_task("Reading and cleaning", total=total)
            summary = cxtext.analyze_file(
                input,
                out,
                chunksize=chunksize,
                progress=lambda n: bar.advance(task, n),
                score_col=score_col,
                text_cols=text_col or None,
                id_col=id_col,
                segment_cols=segment_col or None,
                date_col=date_col,
                scale=scale,
                encoding=encoding,
                delimiter=delimiter,
                sheet=sheet,
                date_format=date_format,
            )
            bar.update(task, total=summary["rows_read"], completed=summary["rows_read"])
    except CxTextError as exc:
        console.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(code=2) from None
    _print_summary(summary)


def _print_summary(summary: dict[str, Any]) -> None:
    metric = "nps" if summary["scale"] == "nps" else f"net_{summary['scale']}"
    table = Table(title="cxtext analyze", show_header=False)
    table.add_row("rows read", f"{summary['rows_read']:,}")
    table.add_row(
        "accepted / rejected", f"{summary['rows_accepted']:,} / {summary['rows_rejected']:,}"
    )
    for reason, n in summary["reject_reasons"].items():
        table.add_row("  rejected: " + reason, str(n))
    table.add_row("answers (non-answers)", f"{summary['answers']:,} ({summary['non_answers']:,})")
    langs = ", ".join(f"{k} {v}" for k, v in summary["languages"].items() if v)
    table.add_row("languages", langs)
    table.add_row("answers with PII redacted", str(summary["answers_with_pii"]))
    value, ci = summary.get(metric), summary.get(f"{metric}_ci") or [None, None]
    if value is not None:
        table.add_row(metric.upper(), f"{value:.1f} (95% CI {ci[0]:.1f} to {ci[1]:.1f})")
    for name, path in summary["files"].items():
        table.add_row(name, path)
    Console().print(table)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
