"""``cxtext`` command line: a thin typer layer over the library functions."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from cxtext.backends import DEFAULT_SENTIMENT, DEFAULT_TOPICS
from cxtext.errors import ConfigError, CxTextError

# The library is imported inside the commands: ``cxtext --help`` and ``--version`` load
# neither spaCy nor scikit-learn nor pandas.

app = typer.Typer(
    name="cxtext",
    help="Analyse open-text NPS/CSAT survey answers in Polish and English.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
#: Markup is off everywhere: user data (file and column names, answers, theme labels) may hold
#: square brackets ("[/quote]"), which rich would read as tags and fail on or swallow.
console = Console(stderr=True, markup=False)


def _version(value: bool) -> None:
    if value:
        from cxtext._version import __version__

        typer.echo(f"cxtext {__version__}")
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
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder "
                                             "(default cxtext-out).")] = None,
    config: Annotated[Path | None, typer.Option(
        "--config", "-c", help="Options in a TOML/YAML file (configs/analyze/example.toml); "
        "command-line options win.")] = None,
    text_col: Annotated[
        list[str] | None, typer.Option("--text-col", help="Open-text column (repeatable).")
    ] = None,
    score_col: Annotated[str | None, typer.Option(help="Score column (0-10 or 1-5).")] = None,
    id_col: Annotated[str | None, typer.Option(help="Respondent id column.")] = None,
    segment_col: Annotated[
        list[str] | None, typer.Option("--segment-col", help="Segment column (repeatable).")
    ] = None,
    date_col: Annotated[str | None, typer.Option(help="Response date column.")] = None,
    scale: Annotated[str | None, typer.Option(
        help="Score scale: nps (0-10, default) or csat (1-5).")] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Text encoding (default: detect utf-8/cp1250/iso-8859-2).")
    ] = None,
    delimiter: Annotated[str | None, typer.Option(help="CSV delimiter (default: sniff).")] = None,
    sheet: Annotated[str | None, typer.Option(help="Excel sheet name (default: first).")] = None,
    date_format: Annotated[
        str | None, typer.Option(help="strftime layout of dates, e.g. %m/%d/%Y.")
    ] = None,
    chunksize: Annotated[int | None, typer.Option(
        help="Rows per chunk (memory bound; default 50,000).")] = None,
    profile: Annotated[str | None, typer.Option(
        "--profile", help="accurate (default: the contextual sentiment model, ~150-200 "
        "answers/s per process) or fast (the linear model, thousands of answers/s).")] = None,
    sentiment: Annotated[str | None, typer.Option(
        "--sentiment", help="Instead of --profile, a sentiment model: a backend name "
        "(sentiment.e5.v1, sentiment.linear.v1, sentiment.embedding.v1, "
        "sentiment.lexicon.v1), a model folder, or 'none'.")] = None,
    topics: Annotated[str | None, typer.Option(
        "--topics", help="Topic model: topics.rules.v1 (default; rules over the taxonomy), a "
        "trained topic model folder, or 'none'.")] = None,
    taxonomy: Annotated[Path | None, typer.Option(
        "--taxonomy", help="An industry pack (cx_default = retail/e-commerce, telco, banking, "
        "saas, utilities, travel, hospitality, healthcare), 'auto' (the pack that gives a "
        "topic to most answers), or your taxonomy file (YAML/TOML, may extend a pack); used "
        "by the rules.")] = None,
    report_lang: Annotated[str | None, typer.Option(
        "--report-lang", help="Language of the HTML report: en (default) or pl.")] = None,
    no_report: Annotated[bool, typer.Option(
        "--no-report", help="Skip report.html / report.xlsx.")] = False,
    no_themes: Annotated[bool, typer.Option(
        "--no-themes", help="Only my topics: no discovered themes of the answers the "
        "taxonomy does not cover (default: themes, their driver rows and "
        "taxonomy_snippet.yaml).")] = False,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", help="Worker processes for classifying answers (default 1).")] = None,
    keep_raw: Annotated[bool, typer.Option(
        "--keep-raw", help="Write answers and rejected rows as read, PII included (default: "
        "e-mails, phones, PESEL, card and account numbers, URLs replaced in every output)."),
    ] = False,
) -> None:
    """Read a survey export, classify every answer, explain the score, write the report.

    Writes into --out: responses.csv/.parquet (one row per answer, with sentiment, topics and
    aspect sentiment), topic_mentions.csv, rejects.csv (rows that could not be used, with row
    number and reason), nps.csv (NPS with 95% CI, overall and per segment), drivers_*.csv
    (topic impact on NPS with CIs and tests, key drivers, segments, trends, follow-up list,
    and drivers_themes.csv: the same for themes discovered in answers no topic covers, with
    themes.csv and taxonomy_snippet.yaml to rename/merge them into your taxonomy),
    report.html (self-contained) and report.xlsx, and summary.json. Same input, same output.
    """
    from cxtext.config import AnalyzeOptions
    from cxtext.pipeline import analyze_file, resolve_topics

    try:
        cfg = AnalyzeOptions.from_file(config) if config is not None else AnalyzeOptions()
        opts = cfg.merge(out=str(out) if out else None, text_cols=text_col or None,
                         score_col=score_col, id_col=id_col, segment_cols=segment_col or None,
                         date_col=date_col, scale=scale, encoding=encoding,
                         delimiter=delimiter, sheet=sheet, date_format=date_format,
                         chunksize=chunksize, sentiment=sentiment, profile=profile,
                         topics=topics,
                         taxonomy=str(taxonomy) if taxonomy else None,
                         report_lang=report_lang, jobs=jobs,
                         report=False if no_report else None,
                         themes=False if no_themes else None,
                         keep_raw=True if keep_raw else None)
        resolve_topics(opts.topics, opts.taxonomy)  # a bad combination fails before reading
        out_dir = Path(opts.out or "cxtext-out")
    except CxTextError as exc:
        _error(exc)
        raise typer.Exit(code=2) from None
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
            task = bar.add_task("1/3 reading, cleaning, sentiment, topics", total=total)

            def stage(name: str) -> None:
                done = bar.tasks[task].completed
                bar.update(task, total=done, completed=done)
                step = {"driver analysis": "2/3", "report": "3/3"}.get(name, "")
                bar.update(task, description=f"{step} {name}")

            summary = analyze_file(input, out_dir, opts,
                                   progress=lambda n: bar.advance(task, n), stage=stage)
            bar.update(task, description="done", total=summary["rows_read"],
                       completed=summary["rows_read"])
    except CxTextError as exc:
        _error(exc)
        raise typer.Exit(code=2) from None
    _print_summary(summary)
    _check_rejects(summary)


def _stdout() -> Console:
    """A console on stdout (tables, results), markup off like :data:`console`."""
    return Console(markup=False)


def _error(exc: object) -> None:
    """``Error: <message>`` in red on stderr; the message is printed as it is."""
    console.print(Text.assemble(("Error:", "red"), " ", str(exc)))


#: Below this share of answers with a topic, ``analyze`` warns (themes, packs).
COVERAGE_WARNING = 0.8


def _off(spec: Any) -> Any:
    """``none`` (any case) switches a model off."""
    return None if str(spec).lower() == "none" else spec


def _signed(value: Any) -> str:
    """``+1.2`` / ``-0.4``; ``n/a`` for a missing or non-finite value."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "n/a"
    return f"{v:+.1f}" if v == v and abs(v) != float("inf") else "n/a"


#: Above this share of rejected rows, ``analyze`` warns; with no row accepted it fails.
REJECT_WARNING = 0.5


def _check_rejects(summary: dict[str, Any]) -> None:
    """A run that could use few or none of the rows says so loudly: a warning when more than
    :data:`REJECT_WARNING` of the rows were rejected, an error (exit code 2, the outputs and
    ``rejects.csv`` are written) when none was accepted."""
    read, rejected = summary.get("rows_read") or 0, summary.get("rows_rejected") or 0
    if not read or rejected / read <= REJECT_WARNING:
        return
    reasons = sorted((summary.get("reject_reasons") or {}).items(), key=lambda kv: -kv[1])
    why = "; ".join(f"{n:,} {reason}" for reason, n in reasons[:3]) or "see rejects.csv"
    where = (summary.get("files") or {}).get("rejects_csv", "rejects.csv")
    hint = (f"Check the column mapping (--score-col, --date-col, --text-col) and --scale "
            f"against the file; every rejected row is in {where} with its reason.")
    if summary.get("rows_accepted", 0) == 0:
        _error(f"no row could be used: all {read:,} rows were rejected ({why}). {hint}")
        raise typer.Exit(code=2)
    console.print(Text(f"Warning: {rejected:,} of {read:,} rows ({rejected / read:.0%}) were "
                       f"rejected ({why}). {hint}", style="yellow"))


def _print_summary(summary: dict[str, Any]) -> None:
    metric = "nps" if summary["scale"] == "nps" else f"net_{summary['scale']}"
    shown = "NPS" if metric == "nps" else f"net {str(summary['scale']).upper()}"
    table = Table(title="cxtext analyze", show_header=False)
    table.add_row("rows read", f"{summary['rows_read']:,}")
    table.add_row(
        "accepted / rejected", f"{summary['rows_accepted']:,} / {summary['rows_rejected']:,}"
    )
    for reason, n in summary["reject_reasons"].items():
        table.add_row("  rejected: " + reason, str(n))
    for note in summary.get("input_notes", []):
        table.add_row("  input note", str(note))
    table.add_row("answers (non-answers)", f"{summary['answers']:,} ({summary['non_answers']:,})")
    langs = ", ".join(f"{k} {v}" for k, v in summary["languages"].items() if v)
    table.add_row("languages", langs)
    if summary.get("models"):
        m = summary["models"]
        table.add_row("models", f"{m.get('profile')} profile: sentiment {m.get('sentiment')}, "
                      f"topics {m.get('topics')}")
        if m.get("taxonomy_choice"):
            table.add_row("taxonomy (auto)", m["taxonomy_choice"]["reason"])
    if summary.get("sentiment"):
        table.add_row("sentiment", ", ".join(f"{k} {v}" for k, v in summary["sentiment"].items()))
    if summary.get("topics"):
        top = list(summary["topics"].items())[:8]
        cov = summary.get("topic_coverage") or {}
        share = (f" ({cov['answers']:.0%} of the answers; detractors {cov['detractors']:.0%})"
                 if cov.get("answers") is not None and cov.get("detractors") is not None
                 else "")
        table.add_row("answers with a topic", f"{summary['answers_with_topic']:,}{share}")
        if cov.get("answers") is not None and cov["answers"] < COVERAGE_WARNING:
            table.add_row(Text("topic coverage", style="yellow"),
                          Text(f"only {cov['answers']:.0%} of the answers got a topic: see "
                               "the discovered themes (the report) or try --taxonomy auto / an "
                               "industry pack", style="yellow"))
        table.add_row("top topics", ", ".join(f"{k} {v}" for k, v in top))
    for d in (summary.get("drivers") or {}).get("top", []):
        flag = "significant" if d["significant"] else ("small count" if d["small_count"]
                                                       else "not significant")
        lo, hi = d.get("ci") or (None, None)
        ci = (f"95% CI {_signed(lo)} to {_signed(hi)}" if lo is not None and hi is not None
              else "no CI: too few answers")
        table.add_row(f"  driver: {d['topic']}", f"{_signed(d.get('nps_impact'))} {shown} points "
                      f"({ci}; {flag}; n={d['n_mentions']})")
    for note in (summary.get("drivers") or {}).get("notes", []):
        table.add_row("  note", str(note))
    table.add_row("answers with PII redacted", str(summary["answers_with_pii"]))
    value, ci = summary.get(metric), summary.get(f"{metric}_ci") or [None, None]
    if value is not None:
        bounds = (f"95% CI {ci[0]:.1f} to {ci[1]:.1f}" if None not in (ci[0], ci[1])
                  else "no CI")
        table.add_row(shown, f"{value:.1f} ({bounds})")
    mapping = summary.get("mapping") or {}
    if mapping:
        used = [f"{role}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
                for role, v in mapping.items() if v]
        table.add_row("columns used", "; ".join(used))
    for sentence in (summary.get("headline") or {}).get("en", []):
        table.add_row("  finding", sentence)
    files = summary["files"]
    key = [k for k in _KEY_FILES if k in files]
    for name in key:
        table.add_row(name, files[name])
    if files:
        folder = str(Path(next(iter(files.values()))).parent)
        table.add_row("all files", f"{len(files)} in {folder} (listed in summary.json)")
    _stdout().print(table)


#: The files ``analyze`` names in its summary (every file is listed in ``summary.json``).
_KEY_FILES = ("report_html", "report_xlsx", "tables_dir", "responses_csv", "drivers_impact_csv",
              "drivers_followup_csv", "drivers_themes_csv", "taxonomy_snippet", "summary_json")


@app.command()
def compare(
    old: Annotated[Path, typer.Argument(help="Output folder of `cxtext analyze` on the "
                                        "earlier wave.")],
    new: Annotated[Path, typer.Argument(help="Output folder of `cxtext analyze` on the "
                                        "later wave.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for compare.json, "
                                      "compare.csv and compare.html.")] = Path("cxtext-compare"),
    lang: Annotated[str, typer.Option("--lang", help="Language of compare.html: en (default) "
                                      "or pl.")] = "en",
) -> None:
    """Compare two survey waves (two `cxtext analyze` output folders; no model is re-run).

    NPS change with 95% CI and z-test, overall and per segment value present in both waves;
    topics whose share of respondents changed (two-proportion z-test, Benjamini-Hochberg) or
    whose NPS impact changed (non-overlapping CIs); new and vanished topics and themes.
    Writes compare.json, compare.csv (one row per topic) and compare.html (self-contained).
    """
    import warnings

    from cxtext.errors import CxTextWarning
    from cxtext.report.compare import compare_waves

    try:
        with warnings.catch_warnings():  # printed below from the comparison's notes
            warnings.simplefilter("ignore", CxTextWarning)
            result = compare_waves(old, new, lang=lang)
        files = result.write(out)
    except CxTextError as exc:
        _error(exc)
        raise typer.Exit(code=2) from None
    _print_comparison(result, files)


def _print_comparison(c: Any, files: dict[str, str]) -> None:
    """Short summary of a :class:`cxtext.report.compare.Comparison`."""
    metric = c.metric.upper().replace("_", " ")
    table = Table(title="cxtext compare", show_header=False)
    table.add_row("old wave", f"{c.old['folder']} ({c.old['respondents']:,} respondents)")
    table.add_row("new wave", f"{c.new['folder']} ({c.new['respondents']:,} respondents)")
    o = c.overall

    def change(r: dict[str, Any], p_key: str, small_key: str) -> str:
        flag = ("small sample" if r.get(small_key) else
                "significant" if r["significant"] else "not significant")
        p = r.get(p_key)
        p_text = "n/a" if p is None else ("< 0.001" if p < 0.001 else f"{p:.3f}")
        return (f"{_signed(r['diff'])} points (95% CI {_signed(r['diff_ci_low'])} to "
                f"{_signed(r['diff_ci_high'])}; p{' (BH)' if p_key == 'p_adjusted' else ''} "
                f"{p_text}; {flag})")

    old_v, new_v = o[f"{c.metric}_old"], o[f"{c.metric}_new"]
    table.add_row(metric, f"{old_v:.1f} -> {new_v:.1f}: {change(o, 'p_value', 'small_sample')}")
    segs = [r for r in c.segments.to_dict("records") if r["significant"]]
    table.add_row("segment values compared", f"{len(c.segments)} ({len(segs)} changed "
                  "significantly after BH)")
    for r in segs[:8]:
        table.add_row(f"  {r['segment']} = {r['value']}",
                      f"{r[f'{c.metric}_old']:.1f} -> {r[f'{c.metric}_new']:.1f}: "
                      f"{change(r, 'p_adjusted', 'small_sample')}")
    sig = c.significant_topics()
    table.add_row("topics compared", f"{len(c.topics)} ({len(sig)} with a significant change "
                  "in share after BH)")
    for r in sig.head(8).to_dict("records"):
        table.add_row(f"  share: {r['topic']}",
                      f"{100 * r['share_old']:.1f}% -> {100 * r['share_new']:.1f}% "
                      f"({_signed(r['diff_points'])} pp, p (BH) {r['p_adjusted']:.3g})")
    changed = c.impact_changes()
    table.add_row("NPS impact changed", f"{len(changed)} topics (95% CIs do not overlap; a "
                  "conservative rule)")
    for r in changed.head(8).to_dict("records"):
        table.add_row(f"  impact: {r['topic']}",
                      f"{_signed(r['impact_old'])} -> {_signed(r['impact_new'])} {metric} points "
                      "(95% CIs do not overlap)")
    if c.not_compared["old"] or c.not_compared["new"]:
        table.add_row("topics not compared", f"{len(c.not_compared['old'])} only in the old "
                      f"wave, {len(c.not_compared['new'])} only in the new (taxonomies differ)")
    else:
        table.add_row("new topics", ", ".join(c.new_topics) or "none")
        table.add_row("vanished topics", ", ".join(c.vanished_topics) or "none")
    table.add_row("new themes", ", ".join(t["label"] for t in c.new_themes) or "none")
    table.add_row("vanished themes", ", ".join(t["label"] for t in c.vanished_themes) or "none")
    for note in c.notes:
        table.add_row(Text("note", style="yellow"), Text(str(note), style="yellow"))
    for name, path in files.items():
        table.add_row(name, path)
    _stdout().print(table)
    if len(c.topics):
        top = Table(title="largest changes in topic share (all in compare.csv)")
        for col in ("topic", "share old", "share new", "diff (pp)", "p (BH)", "flag",
                    "impact old -> new"):
            top.add_column(col, justify="left" if col in ("topic", "flag") else "right")
        rows = c.topics.assign(_a=c.topics["diff_points"].abs()).sort_values(
            "_a", ascending=False, kind="stable").head(10)
        for r in rows.to_dict("records"):
            flag = ("significant" if r["significant"] else
                    "small count" if r["small_count"] else "n.s.")
            if r["status"] != "both":
                flag += f", {r['status']}"
            top.add_row(r["topic"], f"{100 * r['share_old']:.1f}%",
                        f"{100 * r['share_new']:.1f}%", _signed(r["diff_points"]),
                        f"{r['p_adjusted']:.3g}", flag,
                        f"{_signed(r['impact_old'])} -> {_signed(r['impact_new'])}")
        _stdout().print(top)


train_app = typer.Typer(help="Train models from a config file.", no_args_is_help=True)
app.add_typer(train_app, name="train")


@train_app.command("sentiment")
def train_sentiment(
    config: Annotated[Path, typer.Option("--config", "-c", help="Training config (TOML/YAML), "
                                         "e.g. configs/train/sentiment-linear-v1.toml.")],
    data_dir: Annotated[Path | None, typer.Option(
        "--data-dir", help="Folder the dataset paths in the config are relative to "
        "(e.g. ../shared/data).")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Model folder to write (default: model.output of the config).")] = None,
    cv: Annotated[int | None, typer.Option(
        "--cv", help="k-fold cross-validation on the train splits (0 = off; default: config).")
    ] = None,
    metrics_out: Annotated[Path | None, typer.Option(
        "--metrics", help="Also write the metrics JSON here.")] = None,
    weights_from: Annotated[Path | None, typer.Option(
        "--weights-from", help="Do not fit: re-score the model of this folder (trained with "
        "this config) with the config's inference parameters, e.g. blend_weight.")] = None,
) -> None:
    """Train a sentiment model: fit on the train splits, report dev metrics, save the folder."""
    from cxtext.sentiment.training import load_config, train

    command = f"cxtext train sentiment --config {config}" + (
        f" --data-dir {data_dir}" if data_dir else "") + (f" --out {out}" if out else "") + (
        f" --weights-from {weights_from}" if weights_from else "")
    try:
        with console.status("training") as status:
            _, meta = train(config, data_dir=data_dir, output=out, cv=cv, command=command,
                            progress=lambda msg: status.update(msg), weights_from=weights_from)
    except CxTextError as exc:
        _error(exc)
        raise typer.Exit(code=2) from None
    _print_metrics("dev metrics", meta.get("dev_metrics", {}), meta.get("cross_validation"))
    if metrics_out:
        metrics_out.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    saved = out or load_config(config).output
    metrics = f"metrics in {Path(saved) / 'metadata.json' if saved else 'no file'}" + (
        f" and {metrics_out}" if metrics_out else "")
    console.print(f"model written to {saved}; {metrics}" if saved else
                  f"model not saved (no --out and no model.output in {config}); {metrics}")


@train_app.command("topics")
def train_topics(
    data: Annotated[Path, typer.Option("--data", "-d", help="Answers to train on (csv/tsv/"
                                       "jsonl/parquet/xlsx).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Model folder to write.")],
    text_col: Annotated[str, typer.Option("--text-col")] = "text",
    labels_col: Annotated[str | None, typer.Option(
        "--labels-col", help="Column of ';'-separated taxonomy codes. Without it the "
        "classifier is trained from the rules' labels (weak supervision).")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="pl/en for all rows "
                                             "(default: detected).")] = None,
    taxonomy: Annotated[str, typer.Option(
        "--taxonomy", help="Taxonomy file or packaged name.")] = "cx_default",
    features: Annotated[str, typer.Option(help="linear or embedding.")] = "linear",
    dev_fraction: Annotated[float, typer.Option(
        help="Share of rows held out for the reported metrics (the model is then refitted "
        "on all rows).")] = 0.2,
) -> None:
    """Train topics.classifier.v1 on labelled answers, or bootstrap it from the rules."""
    from cxtext.topics.training import train_topic_classifier

    command = f"cxtext train topics --data {data} --out {out}" + (
        f" --labels-col {labels_col}" if labels_col else "")
    try:
        with console.status("training topic classifier"):
            meta = train_topic_classifier(
                data, out, text_col=text_col, labels_col=labels_col, lang=lang,
                taxonomy=taxonomy, features=features, dev_fraction=dev_fraction,
                command=command)
    except CxTextError as exc:
        _error(exc)
        raise typer.Exit(code=2) from None
    dev = meta.get("dev_metrics")
    if dev:
        _stdout().print(f"held-out {meta['dev_rows']:,} rows ({meta['mode']}): micro-F1 "
                        f"{dev['micro']['f1']:.3f}, macro-F1 {dev['macro']['f1']:.3f}")
    console.print(f"model written to {out} ({len(meta['topics'])} topics)")


@train_app.command("context")
def train_context(
    data: Annotated[list[Path], typer.Option("--data", "-d", help="Unlabelled answers "
                                             "(csv/tsv/jsonl/parquet/xlsx); repeat for "
                                             "several files.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write.")],
    taxonomy: Annotated[str, typer.Option(
        "--taxonomy", help="Taxonomy file or packaged name whose rule hits are checked.")
    ] = "cx_default",
    text_col: Annotated[str, typer.Option("--text-col")] = "text",
    lang_col: Annotated[str, typer.Option(
        "--lang-col", help="Column of pl/en per answer (detected when absent).")] = "lang",
) -> None:
    """Train topics.context.v1: which clause contexts confirm each topic's rule hits, learnt
    from the rules' own hits on unlabelled answers (trigger words masked)."""
    from cxtext.topics.training import train_context_check

    command = "cxtext train context " + " ".join(f"--data {p}" for p in data) + \
        f" --taxonomy {taxonomy} --out {out}"
    try:
        with console.status("training context check"):
            meta = train_context_check(data, out, taxonomy=taxonomy, text_col=text_col,
                                       lang_col=lang_col, command=command)
    except CxTextError as exc:
        _error(exc)
        raise typer.Exit(code=2) from None
    console.print(f"context check written to {out}: {meta['topics_checked']} topics checked, "
                  f"{meta['answers']:,} answers, {meta['clauses']:,} clauses")


@train_app.command("attention")
def train_attention(
    data: Annotated[list[Path], typer.Option("--data", "-d", help="Labelled answers (csv/tsv/"
                                             "jsonl/parquet/xlsx: text + topics); repeat "
                                             "for several files.")],
    taxonomy: Annotated[list[str], typer.Option(
        "--taxonomy", help="The taxonomy each --data file is labelled with (file or packaged "
        "name), in the same order; one value applies to every file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write.")],
    text_col: Annotated[str, typer.Option("--text-col")] = "text",
    labels_col: Annotated[str, typer.Option(
        "--labels-col", help="Column of topic codes (list or ';'-joined).")] = "topics",
    epochs: Annotated[int, typer.Option("--epochs")] = 12,
    tune_layers: Annotated[int, typer.Option(
        "--tune-layers", help="Top encoder layers fine-tuned with the reader (0: frozen "
        "encoder; each layer adds ~3.5 MB to the folder).")] = 4,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    veto_below: Annotated[float | None, typer.Option(
        "--veto-below", help="A rule's topic is vetoed below this reader probability "
        "(stored in the model; default: the model's).")] = None,
    add_above: Annotated[float | None, typer.Option(
        "--add-above", help="A topic no rule found is added at this reader probability "
        "or more (stored in the model; default: the model's).")] = None,
) -> None:
    """Train topics.attention.v1: a reader over the base encoder's token states that
    confirms, vetoes and completes the rules' topics (use: RuleTopics(check=folder))."""
    from cxtext.topics.training import train_attention_check

    if len(taxonomy) not in (1, len(data)):
        _error(f"{len(data)} --data files but {len(taxonomy)} --taxonomy values: give one "
               "taxonomy, or one per file in order.")
        raise typer.Exit(code=2)
    pairs = list(zip(data, taxonomy * len(data) if len(taxonomy) == 1 else taxonomy,
                     strict=True))
    thresholds = {name: value for name, value in
                  (("veto_below", veto_below), ("add_above", add_above)) if value is not None}
    command = "cxtext train attention " + " ".join(
        f"--data {p} --taxonomy {t}" for p, t in pairs) + f" --out {out}" + (
        f" --epochs {epochs}" if epochs != 12 else "") + (
        f" --tune-layers {tune_layers}" if tune_layers != 4 else "") + (
        f" --seed {seed}" if seed else "") + "".join(
        f" --{name.replace('_', '-')} {value}" for name, value in thresholds.items())
    try:
        with console.status("training attention check"):
            meta = train_attention_check(pairs, out, text_col=text_col,
                                         labels_col=labels_col, command=command,
                                         epochs=epochs, tune_layers=tune_layers,
                                         random_state=seed, **thresholds)
    except CxTextError as exc:
        _error(exc)
        raise typer.Exit(code=2) from None
    console.print(f"attention check written to {out}: {meta['topics']} topics, "
                  f"{meta['answers']:,} answers, {meta['fit_seconds']:.0f} s")


@app.command()
def evaluate(
    model: Annotated[str, typer.Option("--model", "-m", help="Model folder or backend name "
                                       "(sentiment.linear.v1 loads the shipped default).")],
    data: Annotated[Path, typer.Option("--data", "-d", help="Labelled file (csv/tsv/jsonl/"
                                       "parquet/xlsx).")],
    text_col: Annotated[str, typer.Option("--text-col")] = "text",
    label_col: Annotated[str, typer.Option("--label-col")] = "label",
    label_map: Annotated[list[str] | None, typer.Option(
        "--label-map", help="Map a gold label to ours, e.g. --label-map ambivalent=mixed "
        "(repeatable).")] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", help="Language of all texts (pl/en); default: detected per text.")] = None,
    cv: Annotated[int, typer.Option(
        "--cv", help="Instead of scoring the trained model, k-fold cross-validate a fresh model "
        "with the same backend and parameters on this data (0 = off).")] = 0,
    out: Annotated[Path, typer.Option("--out", "-o", help="Metrics JSON to write.")] = Path(
        "cxtext-metrics.json"),
) -> None:
    """Score a sentiment model on a labelled file: accuracy, macro-F1, per-class F1, confusion."""
    from sklearn.base import clone

    from cxtext.datasets import DatasetSpec, load_dataset
    from cxtext.sentiment import load_model
    from cxtext.sentiment.training import cross_validate
    from cxtext.sentiment.training import evaluate as evaluate_model

    try:
        mapping = {}
        for item in label_map or []:
            if "=" not in item:
                raise ConfigError(f"--label-map takes gold=ours, got {item!r}.")
            k, v = item.split("=", 1)
            mapping[k.strip()] = v.strip()
        df = load_dataset(DatasetSpec(path=str(data), text_col=text_col, label_col=label_col,
                                      label_map=mapping, lang=lang))
        with console.status(f"loading {model}"):
            m = load_model(model)
        langs = df["lang"].tolist() if lang else None
        with console.status(f"scoring {len(df):,} texts"):
            if cv:
                result = cross_validate(clone(m), df["text"].tolist(), df["label"].tolist(),
                                        cv=cv, langs=langs)
            else:
                result = evaluate_model(m, df["text"].tolist(), df["label"].tolist(), langs=langs)
    except CxTextError as exc:
        _error(exc)
        raise typer.Exit(code=2) from None
    result = {"model": model, "data": str(data), "rows_dropped": df.attrs.get("dropped", 0),
              **result}
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    if cv:
        _stdout().print(f"{cv}-fold CV: accuracy {result['accuracy_mean']:.3f} ± "
                        f"{result['accuracy_sd']:.3f}, macro-F1 {result['macro_f1_mean']:.3f} ± "
                        f"{result['macro_f1_sd']:.3f}")
    else:
        _print_metrics(f"{model} on {data.name}", {data.stem: result})
    console.print(f"metrics written to {out}")


def _print_metrics(title: str, blocks: dict[str, Any], cv: dict[str, Any] | None = None) -> None:
    from cxtext.sentiment import LABELS

    table = Table(title=title)
    for col in ("data", "n", "accuracy", "macro-F1", *(f"F1 {lb}" for lb in LABELS)):
        table.add_column(col, justify="left" if col == "data" else "right")
    for name, m in blocks.items():
        table.add_row(name, f"{m['n']:,}", f"{m['accuracy']:.3f}", f"{m['macro_f1']:.3f}",
                      *(f"{m['per_class'][lb]['f1']:.3f}" if lb in m["per_class"] else "-"
                        for lb in LABELS))
    _stdout().print(table)
    if cv:
        _stdout().print(f"{cv['cv']}-fold CV on train: accuracy {cv['accuracy_mean']:.3f} ± "
                        f"{cv['accuracy_sd']:.3f}, macro-F1 {cv['macro_f1_mean']:.3f} ± "
                        f"{cv['macro_f1_sd']:.3f}")


@app.command("taxonomy")
def taxonomy_cmd(
    path: Annotated[str, typer.Argument(help="Taxonomy file (YAML/TOML) or packaged name.")
                    ] = "cx_default",
    dump: Annotated[bool, typer.Option("--dump", help="Print the resolved taxonomy as YAML "
                                       "(overrides applied).")] = False,
) -> None:
    """Validate a taxonomy file and show its topics (errors name file, topic and problem)."""
    from cxtext.topics import load_taxonomy

    try:
        tax = load_taxonomy(path)
    except CxTextError as exc:
        _error(exc)
        raise typer.Exit(code=2) from None
    if dump:
        typer.echo(tax.to_yaml())
        return
    table = Table(title=f"taxonomy {tax.name} ({' -> '.join(tax.sources)})")
    for col in ("code", "name (pl)", "name (en)", "terms pl", "terms en"):
        table.add_column(col)
    for t in tax:
        table.add_row(("  " if t.parent else "") + t.code, t.name["pl"], t.name["en"],
                      str(len(t.terms_in("pl"))), str(len(t.terms_in("en"))))
    _stdout().print(table)


@app.command()
def discover(
    input: Annotated[Path, typer.Argument(help="Survey export (as for analyze).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path(
        "cxtext-themes"),
    n_themes: Annotated[int | None, typer.Option(
        "--n-themes", help="Number of themes (default: from the number of answers).")] = None,
    method: Annotated[str, typer.Option(help="nmf (default) or embedding (needs the "
                                        "embeddings extra).")] = "nmf",
    taxonomy: Annotated[Path | None, typer.Option(
        "--taxonomy", help="Taxonomy whose topics count as covered (default cx_default).")
    ] = None,
    include_covered: Annotated[bool, typer.Option(
        "--all", help="Cluster all answers, not only those no topic matched.")] = False,
    seed: Annotated[int, typer.Option(help="Random seed (results are reproducible).")] = 0,
    text_col: Annotated[list[str] | None, typer.Option("--text-col")] = None,
    score_col: Annotated[str | None, typer.Option("--score-col")] = None,
    scale: Annotated[str, typer.Option(help="nps or csat.")] = "nps",
) -> None:
    """Find themes the taxonomy misses: label, top terms, size, detractor share, quotes, and a
    taxonomy snippet to paste (themes.csv, themes.json, taxonomy_snippet.yaml)."""
    from cxtext.pipeline import discover as discover_themes

    try:
        with console.status("reading, matching topics, clustering"):
            result = discover_themes(
                input, topics=taxonomy if taxonomy is not None else DEFAULT_TOPICS,
                include_covered=include_covered, n_themes=n_themes, method=method,
                random_state=seed, text_cols=text_col or None, score_col=score_col,
                scale=scale)
    except CxTextError as exc:
        _error(exc)
        raise typer.Exit(code=2) from None
    out.mkdir(parents=True, exist_ok=True)
    table = result.table()
    table.to_csv(out / "themes.csv", index=False, encoding="utf-8-sig")
    (out / "themes.json").write_text(json.dumps(
        {"method": result.method, "answers_analysed": result.n_analysed,
         "themes": [t.as_dict() for t in result.themes]}, indent=2, ensure_ascii=False),
        encoding="utf-8")
    (out / "taxonomy_snippet.yaml").write_text(result.taxonomy_snippet(), encoding="utf-8")
    view = Table(title=f"{len(result.themes)} themes in {result.n_analysed:,} answers "
                 f"({'all' if include_covered else 'not covered by the taxonomy'})")
    for col in ("#", "label", "size", "detractors", "top terms", "example"):
        view.add_column(col)
    for t in result.themes:
        det = "-" if t.detractor_rate is None else f"{t.detractor_rate:.0%}"
        view.add_row(str(t.theme), t.label, str(t.size), det, ", ".join(t.top_terms[:5]),
                     t.quotes[0] if t.quotes else "")
    _stdout().print(view)
    console.print(f"wrote {out / 'themes.csv'}, {out / 'themes.json'}, "
                  f"{out / 'taxonomy_snippet.yaml'}")


@app.command("classify-file")
def classify_file_cmd(
    input: Annotated[Path, typer.Argument(help="File with answers: .csv/.tsv/.jsonl/.parquet")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output .csv or .parquet.")],
    text_col: Annotated[str, typer.Option("--text-col", help="Column with the answers.")],
    id_col: Annotated[str | None, typer.Option("--id-col", help="Id column to keep.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes.")] = 1,
    chunksize: Annotated[int, typer.Option(help="Rows per chunk (memory bound).")] = 20_000,
    profile: Annotated[str | None, typer.Option(
        help="accurate (default) or fast (the linear model: for millions of rows).")] = None,
    sentiment: Annotated[str, typer.Option(help="Instead of --profile: a sentiment model "
                                           "or 'none'.")] = DEFAULT_SENTIMENT,
    topics: Annotated[str, typer.Option(help="Topic model/taxonomy file or 'none'.")
                      ] = DEFAULT_TOPICS,
    keep_raw: Annotated[bool, typer.Option(
        "--keep-raw", help="Keep text_raw as read, PII included (default: PII replaced).")
    ] = False,
) -> None:
    """Classify one text column of a file of any size (streamed, memory flat in file size)."""
    from cxtext.pipeline import classify_file

    total = _estimate_rows(input) if input.exists() else None
    try:
        with Progress(TextColumn("[bold]classifying"), BarColumn(),
                      TextColumn("{task.completed:,} rows"), TimeElapsedColumn(),
                      console=console, disable=not console.is_terminal) as bar:
            task = bar.add_task("classify", total=total)
            res = classify_file(
                input, out, text_col=text_col, id_col=id_col, jobs=jobs, chunksize=chunksize,
                sentiment=_off(sentiment), topics=_off(topics), keep_raw=keep_raw,
                profile=profile, progress=lambda n: bar.advance(task, n))
    except CxTextError as exc:
        _error(exc)
        raise typer.Exit(code=2) from None
    console.print(f"{res['rows']:,} rows classified into {res['out']}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (1-65535).", min=1, max=65535)] = 8000,
    profile: Annotated[str, typer.Option(
        help="fast (default here: the linear model, for a service under load) or accurate "
             "(the contextual model, ~150-200 answers/s per worker).")] = "fast",
    sentiment: Annotated[str | None, typer.Option(
        help="Instead of --profile: a sentiment model name/folder or 'none'.")] = None,
    topics: Annotated[str, typer.Option(help="Topic model/taxonomy file or 'none'.")
                      ] = DEFAULT_TOPICS,
    max_batch: Annotated[int, typer.Option(help="Most texts per request.")] = 1000,
    max_chars: Annotated[int, typer.Option(help="Most characters per text.")] = 5000,
    max_total_chars: Annotated[int, typer.Option(
        help="Most characters per request (422 over it).")] = 200_000,
    max_body_bytes: Annotated[int | None, typer.Option(
        help="Largest request body in bytes (413 over it; default: room for any valid "
             "request).")] = None,
    workers: Annotated[int | None, typer.Option(
        help="Worker processes (default: one per core, at most 4; 0 = threads).")] = None,
    max_pending: Annotated[int, typer.Option(
        help="Requests in progress before new ones get 503 + Retry-After.")] = 32,
    max_pending_chars: Annotated[int | None, typer.Option(
        help="Characters in progress before new requests get 503 (default: 3 x "
             "--max-total-chars).")] = None,
    timeout: Annotated[float, typer.Option(
        help="Seconds per request before a 504 (its worker is replaced).")] = 30.0,
    recycle_mb: Annotated[float, typer.Option(
        help="Memory growth (MB) after which a worker is replaced by a fresh fork.")] = 300.0,
) -> None:
    """Serve POST /v1/classify, GET /health, GET /v1/models (FastAPI + uvicorn); one JSON log
    line per request on stderr (never the answers' text)."""
    try:
        import uvicorn

        from cxtext.pipeline import Classifier
        from cxtext.serve import create_app, log_json_lines
    except ImportError:
        _error("cxtext serve needs FastAPI and uvicorn: pip install 'cxtext[serve]'")
        raise typer.Exit(code=2) from None
    try:
        if sentiment is not None:
            clf = Classifier(sentiment=_off(sentiment), topics=_off(topics))
        else:
            clf = Classifier(profile=profile, topics=_off(topics))
    except CxTextError as exc:
        _error(exc)
        raise typer.Exit(code=2) from None
    try:
        service = create_app(clf, max_batch=max_batch, max_chars=max_chars,
                             max_total_chars=max_total_chars, max_body_bytes=max_body_bytes,
                             workers=workers, max_pending=max_pending,
                             max_pending_chars=max_pending_chars, timeout=timeout,
                             recycle_mb=recycle_mb)
    except CxTextError as exc:
        _error(exc)
        raise typer.Exit(code=2) from None
    log_json_lines()
    uvicorn.run(service, host=host, port=port, log_level="info", access_log=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
