"""Whole surveys: :func:`analyze` (in memory), :func:`analyze_file` (streamed to a folder),
:func:`discover` (themes) and :func:`classify_file` (one text column of a big file).

:func:`analyze_file` is a loop over chunks that feeds a list of sinks
(:mod:`cxtext.pipeline.sinks`); the driver tables, the report and the summary are made
from what the sinks kept, never from files read back.
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import itertools
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cxtext import io as cxio
from cxtext.backends import profile_of
from cxtext.config import AnalyzeOptions
from cxtext.drivers.followup import with_topic_names
from cxtext.drivers.impact import topic_rows
from cxtext.drivers.results import DriverResults
from cxtext.drivers.stream import run_drivers
from cxtext.errors import ConfigError, InputError
from cxtext.features import Prepared
from cxtext.nps import NPSAccumulator
from cxtext.pipeline.enrich import Enricher, enrich, redact_rejects, segment_columns
from cxtext.pipeline.models import (
    DEFAULT_SENTIMENT,
    DEFAULT_TOPICS,
    TopicSpec,
    choose_sentiment,
    get_sentiment_model,
    get_topic_model,
    is_off,
    reads_topics,
    resolve_topics,
    spec_name,
)
from cxtext.pipeline.sinks import (
    Chunk,
    DriversSink,
    MentionsSink,
    NPSSink,
    QuotesSink,
    RejectsSink,
    ResponsesSink,
    Stats,
    ThemesSink,
    reason_counts,
    segment_names,
)
from cxtext.schema import HUMAN_FORMAT, ScoreScale, arrow_types
from cxtext.topics import TopicModel
from cxtext.topics.packs import AUTO, choose_pack
from cxtext.topics.taxonomy import packaged_taxonomies

if TYPE_CHECKING:
    from cxtext.topics.discover import Discovery

__all__ = ["Analysis", "analyze", "analyze_file", "discover", "classify_file"]

logger = logging.getLogger(__name__)

#: answers in the workbook's responses sheet (every answer up to this many) and in the
#: report's drill-down (beyond it: a seeded uniform sample of this many); rejects shown
SHEET_ROWS = 10_000


@dataclass
class Analysis:
    """Result of :func:`analyze`: enriched responses, rejects, NPS table, mapping, source."""

    responses: pd.DataFrame
    rejects: pd.DataFrame
    nps: pd.DataFrame
    mapping: cxio.ColumnMapping
    scale: ScoreScale
    info: cxio.SourceInfo
    timings: dict[str, float] = field(default_factory=dict)
    drivers: DriverResults | None = None

    def summary(self) -> dict[str, Any]:
        """Key figures as a JSON-friendly dict."""
        return _summary(self.info, self.mapping, self.scale, self.nps, self.responses_stats(),
                        len(self.rejects), reason_counts(self.rejects))

    def responses_stats(self) -> dict[str, Any]:
        return Stats().update(self.responses).as_dict()

    @property
    def mentions(self) -> pd.DataFrame:
        """One row per (response, topic): see :func:`cxtext.topic_mentions`."""
        from cxtext.pipeline.enrich import topic_mentions

        return topic_mentions(self.responses)


def _options(options: AnalyzeOptions | None, given: dict[str, Any]) -> AnalyzeOptions:
    for key in ("sentiment", "topics"):  # None switches a model off (not "use the default")
        if key in given and given[key] is None:
            given[key] = "none"
    opts = options if options is not None else AnalyzeOptions()
    known = {k: v for k, v in given.items() if k in AnalyzeOptions.__dataclass_fields__}
    extra = {k: v for k, v in given.items() if k not in known}
    reader_keys = set(inspect.signature(cxio.SurveyReader).parameters) - {"source"}
    for key in extra:
        if key not in reader_keys:
            allowed = sorted({*AnalyzeOptions.__dataclass_fields__, *reader_keys} - {"extra"})
            close = difflib.get_close_matches(key, allowed, n=1)
            raise ConfigError(f"Unknown option {key!r}." + (f" Did you mean {close[0]!r}?"
                                                            if close else "")
                              + f" Options: {', '.join(allowed)}.")
    opts = opts.merge(**known)
    if extra:
        opts.extra = {**opts.extra, **extra}
    # the profile decides the sentiment model here, once (a conflict fails before any reading)
    return dataclasses.replace(opts, sentiment=choose_sentiment(opts.sentiment, opts.profile))


def _topic_spec(opts: AnalyzeOptions) -> Any:
    """The topic model spec of these options (the accurate profile reads the packs)."""
    return resolve_topics(opts.topics, opts.taxonomy, reader=reads_topics(opts.sentiment))


def analyze(source: cxio.Source, options: AnalyzeOptions | None = None,
            **given: Any) -> Analysis:
    """Read, validate and enrich a whole survey in memory; compute NPS overall and by segment.

    ``source`` is a path or a DataFrame; options are the fields of
    :class:`~cxtext.config.AnalyzeOptions` (as an object or keywords): reader options
    (``score_col``, ``text_cols``, ``id_col``, ``segment_cols``, ``date_col``, ``scale``,
    ``encoding``, ``delimiter``, ``sheet``...), ``sentiment`` and ``topics`` (model
    name/folder/object or taxonomy file, None to skip; see :func:`cxtext.classify`),
    ``taxonomy`` and ``drivers`` (default True: driver tables of
    :func:`cxtext.drivers.run_drivers` in ``Analysis.drivers``; a dict passes options to it).
    """
    opts = _options(options, given)
    t0 = time.perf_counter()
    survey = cxio.read_survey(source, **opts.reader_options())
    if opts.taxonomy == AUTO:
        opts = dataclasses.replace(
            opts, taxonomy=choose_pack(survey.responses["text_raw"].tolist()).name)
    topics = _topic_spec(opts)
    t1 = time.perf_counter()
    responses = enrich(survey.responses, sentiment=opts.sentiment, topics=topics,
                       keep_raw=opts.keep_raw)
    rejects = survey.rejects if opts.keep_raw else redact_rejects(survey.rejects)
    t2 = time.perf_counter()
    acc = NPSAccumulator(scale=survey.scale, segments=segment_columns(responses))
    table = acc.update(responses).table()
    t3 = time.perf_counter()
    drivers = None
    if opts.drivers and topics is not None:
        kw = opts.drivers if isinstance(opts.drivers, dict) else {}
        drivers = run_drivers(responses, scale=survey.scale, **kw)
    return Analysis(responses, rejects, table, survey.mapping, survey.scale, survey.info,
                    {"read_s": t1 - t0, "text_s": t2 - t1, "nps_s": t3 - t2,
                     "drivers_s": time.perf_counter() - t3}, drivers)


def clear_previous_run(out: Path) -> list[Path]:
    """Remove the files an earlier ``analyze`` wrote to ``out`` (those its ``summary.json``
    lists, looked up by name in ``out``, and the CSVs of its ``tables`` folder), so a new run
    into the same folder never leaves a stale report, theme table or segment table next to
    its own files. Nothing else in the folder is touched. Returns the removed paths."""
    try:
        previous = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    files = previous.get("files") if isinstance(previous, dict) else None
    if not isinstance(files, dict) or "scale" not in previous:
        return []  # not a summary of ours
    removed: list[Path] = []
    for key, value in files.items():
        path = out / Path(str(value)).name
        if key == "tables_dir" and path.is_dir():
            gone = sorted(path.glob("*.csv"))
        elif path.is_file():
            gone = [path]
        else:
            continue
        for p in gone:
            p.unlink()
            removed.append(p)
    if removed:
        logger.info("removed %d files of the previous run in %s", len(removed), out)
    return removed


def analyze_file(
    source: cxio.Source,
    out_dir: str | Path,
    options: AnalyzeOptions | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    stage: Callable[[str], None] | None = None,
    **given: Any,
) -> dict[str, Any]:
    """Stream a survey of any size through the pipeline into ``out_dir``.

    Options: the fields of :class:`~cxtext.config.AnalyzeOptions`, as an object or keywords
    (``chunksize``, ``formats``, ``sentiment``, ``topics``, ``taxonomy``, ``drivers``,
    ``report``, ``report_lang``, ``themes``, ``jobs`` and the reader options).

    Writes ``responses.csv`` / ``responses.parquet`` (enriched table; list columns as text in
    the CSV, as lists in Parquet), ``rejects.csv``, ``topic_mentions.csv`` (one row per
    response x topic), ``nps.csv`` (overall and per segment), the driver tables
    ``drivers_*.csv`` (:func:`cxtext.drivers.run_drivers`; ``drivers=False`` skips them, a
    dict passes options), ``report.html`` + ``report.xlsx`` (``report=False`` skips them;
    ``report_lang`` ``en``/``pl``; ``themes`` adds discovered themes of the answers no topic
    matched) and ``summary.json``. Peak memory does not grow with the input: each chunk of
    ``chunksize`` rows is enriched once and fed to the sinks, which keep exact counts, a
    uniform sample of at most ``sample_size`` respondents for the key-driver models, the top
    ``followup_max`` follow-up rows, bounded pools of quotes and of unmatched answers, and at
    most 10,000 rows for the workbook's responses and rejects sheets (the files hold all).
    ``progress(n_rows)`` is called after each chunk and ``stage(name)`` when a later stage
    starts. Returns the summary dict (also in ``summary.json``) with the written paths under
    ``"files"``. ``jobs > 1`` enriches each chunk in that many forked worker processes
    (POSIX; same results, in order).
    """
    from cxtext.report.headline import headlines
    from cxtext.report.labels import labels as _check_lang

    opts = _options(options, given)
    if opts.report:
        _check_lang(opts.report_lang)  # fail before hours of work, not after
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    clear_previous_run(out)
    # load once, before reading anything
    model = get_sentiment_model(opts.sentiment)
    reader = cxio.SurveyReader(source, chunksize=opts.chunksize, **opts.reader_options())
    parts: Iterator[Any] = iter(reader)
    choice = None
    if opts.taxonomy == AUTO:  # choose the pack on the first chunk; nothing is read twice
        first = next(parts, None)
        choice = choose_pack(first.responses["text_raw"].tolist() if first is not None
                             else [])
        opts = dataclasses.replace(opts, taxonomy=choice.name)
        parts = itertools.chain([first] if first is not None else [], parts)
    topic_model = get_topic_model(_topic_spec(opts))
    responses = ResponsesSink(out, tuple(opts.formats), SHEET_ROWS)
    rejects = RejectsSink(out, SHEET_ROWS)
    nps = NPSSink(reader.scale, segment_names(reader.mapping))
    stats = Stats()
    sinks: list[Any] = [responses, rejects, nps, stats]
    mentions = drivers = quotes = themes = None
    if topic_model is not None:
        mentions = MentionsSink(out)
        sinks.append(mentions)
        if opts.drivers:
            drivers = DriversSink(reader.scale,
                                  opts.drivers if isinstance(opts.drivers, dict) else {})
            sinks.append(drivers)
        if opts.report:
            quotes = QuotesSink(reader.scale)
            sinks.append(quotes)
        if opts.themes:
            themes = ThemesSink(20_000, seed=0)
            sinks.append(themes)
    files: dict[str, str] = {}
    writers = [s.writer for s in sinks if hasattr(s, "writer")]
    with Enricher(model, topic_model, opts.jobs, keep_raw=opts.keep_raw) as enricher:
        try:
            for part in parts:
                enriched, extras = enricher(part.responses)
                rejected = part.rejects if opts.keep_raw else redact_rejects(part.rejects)
                chunk = Chunk(enriched, rejected, part.rows_read, extras)
                for sink in sinks:
                    sink.update(chunk)
                if progress is not None:
                    progress(part.rows_read)
            if responses.rows == 0:
                empty = enrich(cxio.empty_responses(reader.mapping), sentiment=model,
                               topics=topic_model)
                responses.writer.write(empty)
            if rejects.n == 0:
                rejects.writer.write(reader.empty_rejects())
        finally:
            for w in writers:
                w.close()
    for w in writers:
        files.update(w.paths)
    table = nps.acc.table()
    results: DriverResults | None = None
    driver_notes: dict[str, Any] = {}
    found = None
    if themes is not None:
        if stage is not None:
            stage("themes")
        found = _discover_uncovered(themes, reader.scale)
    if drivers is not None:
        if stage is not None:
            stage("driver analysis")
        results = drivers.acc.result()
        tax = getattr(topic_model, "taxonomy_", None)
        if "followup" in results.tables and tax is not None:
            results.tables["followup"] = with_topic_names(
                results.tables["followup"], {t.code: dict(t.name) for t in tax},
                opts.report_lang if opts.report_lang in ("pl", "en") else "en")
        if found is not None and found.themes and "impact" in results.tables:
            results.tables["themes"] = drivers.acc.theme_table(
                _theme_members(found, themes), {_theme_code(t.theme): t.label
                                                for t in found.themes},
                weight=themes.weight)
        files.update(results.write(out, formats=tuple(opts.formats)))
        driver_notes = {"skipped": results.skipped, "notes": results.notes, "r2": results.r2,
                        "top": _top_drivers(results)}
    nps_path = out / "nps.csv"
    table.to_csv(nps_path, index=False, encoding="utf-8-sig", float_format="%.4f")
    files["nps_csv"] = str(nps_path)
    summary = _summary(reader.info, reader.mapping, reader.scale, table, stats.as_dict(),
                       rejects.n, rejects.reasons)
    summary["models"] = _model_names(opts, model, topic_model)
    if choice is not None:
        summary["models"]["taxonomy_choice"] = choice.as_dict()
    if driver_notes:
        summary["drivers"] = driver_notes
    theme_list: list[dict[str, Any]] = []
    if found is not None and found.themes:
        theme_list = _theme_dicts(found, results)
        summary["themes"] = [{k: t[k] for k in ("code", "label", "size", "detractor_rate",
                                                "nps_impact")} for t in theme_list]
        files.update(_write_themes(out, found, opts.taxonomy))
    summary["headline"] = headlines(summary, results.tables if results is not None else {},
                                    _topic_names(topic_model, theme_list))
    if opts.report:
        if stage is not None:
            stage("report")
        files.update(_write_report(out, summary, table, results, quotes, mentions, theme_list,
                                   topic_model, opts.report_lang, responses,
                                   rejects.table() if rejects.n else None))
    summary["files"] = {k: str(v) for k, v in files.items()}
    summary_path = out / "summary.json"
    summary["files"]["summary_json"] = str(summary_path)
    summary_path.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    logger.info("Wrote %s", ", ".join(summary["files"].values()))
    return summary


def _theme_code(k: int) -> str:
    return f"theme_{k}"


def _discover_uncovered(themes: ThemesSink, scale: ScoreScale) -> Discovery | None:
    """Themes of the answers no topic matched (the sampled pool), or None if too few."""
    from cxtext.topics.discover import discover_themes

    if len(themes.rows) < 10:
        return None
    texts, langs, groups, feats, surface = (list(x) for x in zip(
        *(r[:5] for r in themes.rows), strict=True))
    return discover_themes(Prepared(texts, langs, feats), groups=groups,
                           detractor=scale.low, surface=surface)


def _theme_members(found: Discovery, themes: ThemesSink) -> pd.DataFrame:
    rows = [(themes.rows[i], int(t)) for i, t in enumerate(found.assignments["theme"])
            if int(t) >= 0]  # assignments follow the pool's order
    return pd.DataFrame({"theme": [_theme_code(t) for _, t in rows],
                         "key": [r[5] for r, _ in rows], "score": [r[6] for r, _ in rows],
                         "score_group": [r[2] for r, _ in rows]})


def _theme_dicts(found: Discovery, results: DriverResults | None) -> list[dict[str, Any]]:
    """Each theme with its code (``theme_<k>``) and, when scored, its NPS impact."""
    table = results.tables.get("themes") if results is not None else None
    impact = dict(zip(table["topic"], table["nps_impact"], strict=True)) \
        if table is not None and len(table) else {}
    return [{**t.as_dict(), "code": _theme_code(t.theme),
             "nps_impact": impact.get(_theme_code(t.theme))} for t in found.themes]


def _write_themes(out: Path, found: Discovery, taxonomy_name: Any) -> dict[str, str]:
    """``themes.csv`` and ``taxonomy_snippet.yaml``, which extends the taxonomy that ran (a
    packaged name, or the analyst's file by its absolute path)."""
    base = "cx_default"
    if isinstance(taxonomy_name, str) and taxonomy_name in packaged_taxonomies():
        base = taxonomy_name
    elif isinstance(taxonomy_name, (str, Path)) and Path(taxonomy_name).is_file():
        base = str(Path(taxonomy_name).resolve())
    paths = {"themes_csv": out / "themes.csv", "taxonomy_snippet": out / "taxonomy_snippet.yaml"}
    found.table().to_csv(paths["themes_csv"], index=False, encoding="utf-8-sig")
    paths["taxonomy_snippet"].write_text(found.taxonomy_snippet(extends=base), encoding="utf-8")
    return {k: str(v) for k, v in paths.items()}


def _write_report(out: Path, summary: dict[str, Any], table: pd.DataFrame,
                  results: DriverResults | None, quotes: QuotesSink | None,
                  mentions: MentionsSink | None, themes: list[dict[str, Any]],
                  topic_model: TopicModel | None, lang: str,
                  responses: ResponsesSink, rejects: pd.DataFrame | None) -> dict[str, str]:
    from cxtext.report import write_report
    from cxtext.report.mentions import mention_counts

    return write_report(
        out, summary=summary, nps=table, tables=results.tables if results else {},
        mentions=mentions.counts if mentions is not None else mention_counts(pd.DataFrame()),
        candidates=quotes.pool if quotes is not None else pd.DataFrame(),
        themes=themes, topic_names=_topic_names(topic_model, themes), lang=lang, rejects=rejects,
        responses=responses.sheet(), drilldown=responses.drilldown())


def _topic_names(topic_model: TopicModel | None,
                 themes: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Names of the taxonomy's topics and of the discovered themes, by language."""
    tax = getattr(topic_model, "taxonomy_", None)
    names = {t.code: dict(t.name) for t in tax} if tax is not None else {}
    for t in themes:
        names[t["code"]] = {"en": t["label"], "pl": t["label"]}
    return names


def _top_drivers(results: DriverResults, k: int = 5) -> list[dict[str, Any]]:
    impact = results.tables.get("impact")
    if impact is None or impact.empty:
        return []
    rows = topic_rows(impact).head(k)
    return [{"topic": r["topic"], "n_mentions": int(r["n_mentions"]),
             "nps_impact": _num(r["nps_impact"]),
             "ci": [_num(r["nps_impact_ci_low"]), _num(r["nps_impact_ci_high"])],
             "p_adjusted": _num(r["p_adjusted"]), "significant": bool(r["significant"]),
             "small_count": bool(r["small_count"])} for r in rows.to_dict("records")]


def _summary(info: cxio.SourceInfo, mapping: cxio.ColumnMapping, scale: ScoreScale,
             table: pd.DataFrame, stats: dict[str, Any], n_rejects: int,
             reasons: dict[str, int]) -> dict[str, Any]:
    overall = table.iloc[0].to_dict() if len(table) else {}
    metric = "nps" if scale.name == "nps" else f"net_{scale.name}"
    return {
        "source": info.source,
        "format": info.format,
        "encoding": info.encoding,
        "delimiter": info.delimiter,
        "rows_read": info.rows_read,
        "rows_accepted": info.rows_accepted,  # counted by the reader, apart from the rejects
        "rows_rejected": n_rejects,
        "reject_reasons": reasons,
        "blank_lines_skipped": info.blank_lines_skipped,
        "input_notes": list(info.notes),
        "mapping": mapping.as_dict(),
        "scale": scale.name,
        metric: _num(overall.get(metric)),
        f"{metric}_ci": [_num(overall.get(f"{metric}_ci_low")),
                         _num(overall.get(f"{metric}_ci_high"))],
        "respondents": int(overall.get("n", 0) or 0),
        **stats,
    }


def _model_names(opts: AnalyzeOptions, model: Any, topic_model: Any) -> dict[str, Any]:
    """Which models ran (and so which profile), for summary.json and the report."""
    name = spec_name(opts.sentiment, model)
    return {"profile": profile_of(name), "sentiment": name,
            "topics": spec_name(_topic_spec(opts), topic_model)}


def _num(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(f) else round(f, 4)


def discover(
    source: cxio.Source,
    *,
    topics: TopicSpec = DEFAULT_TOPICS,
    include_covered: bool = False,
    n_themes: int | None = None,
    method: str = "nmf",
    random_state: int = 0,
    **options: Any,
) -> Any:
    """Themes in a survey's answers that the taxonomy does not cover (all answers with
    ``include_covered=True``): a :class:`cxtext.topics.discover.Discovery`. ``options`` are
    those of :func:`cxtext.io.read_survey`; ``topics`` as in :func:`cxtext.classify`."""
    from cxtext.features import prepare_answers
    from cxtext.topics.discover import discover_themes

    survey = cxio.read_survey(source, **options)
    df = survey.responses
    batch = prepare_answers(df["text_raw"].tolist() if len(df) else [])
    assert batch.cleaned is not None
    keep = [i for i, c in enumerate(batch.cleaned) if not (c.non_answer or c.gibberish)]
    topic_model = None if include_covered or is_off(topics) else get_topic_model(topics)
    if topic_model is not None and keep:
        found = topic_model.assign(batch.subset(keep))
        keep = [i for i, ms in zip(keep, found, strict=True) if not ms]
    logger.info("discovering themes in %d of %d answers", len(keep), len(df))
    groups = df["score_group"].astype(str).tolist()
    return discover_themes(batch.subset(keep), groups=[groups[i] for i in keep],
                           n_themes=n_themes, method=method, random_state=random_state,
                           detractor=survey.scale.low)


def classify_file(
    source: str | Path,
    out: str | Path,
    *,
    text_col: str,
    id_col: str | None = None,
    chunksize: int = 20_000,
    jobs: int = 1,
    sentiment: Any = DEFAULT_SENTIMENT,
    topics: TopicSpec = DEFAULT_TOPICS,
    keep_raw: bool = False,
    profile: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Classify one text column of a file of any size, chunk by chunk (memory flat in the
    file size), into ``out`` (``.csv`` or ``.parquet``): ``row`` (1-based position), the id
    column if given, and the text-understanding, sentiment and topic columns of
    :mod:`cxtext.schema` (``text_raw`` with PII replaced unless ``keep_raw``). ``jobs > 1``
    uses forked worker processes. ``profile``/``sentiment`` as in :func:`cxtext.classify`
    (``profile="fast"`` for millions of rows). Returns counts."""
    path, target = Path(source), Path(out)
    if not path.exists():
        raise InputError(f"Input file not found: {path}.")
    if target.suffix.lower() not in (".csv", ".parquet"):
        raise InputError(f"--out must end in .csv or .parquet, got {target.name!r}.")
    model = get_sentiment_model(choose_sentiment(sentiment, profile))
    topic_model = get_topic_model(topics)
    rows = 0
    with Enricher(model, topic_model, jobs, keep_raw=keep_raw) as enricher, \
            cxio.TableWriter(target.with_suffix(""), formats=(target.suffix[1:].lower(),),
                             csv_format=HUMAN_FORMAT, schema=arrow_types()) as w:
        for chunk in cxio.iter_table_chunks(path, chunksize=chunksize):
            if text_col not in chunk.columns:
                raise InputError(f"{path}: no column {text_col!r}; columns: "
                                 f"{list(chunk.columns)}. Pass --text-col.")
            if id_col is not None and id_col not in chunk.columns:
                raise InputError(f"{path}: no id column {id_col!r}; columns: "
                                 f"{list(chunk.columns)}.")
            frame = pd.DataFrame({"row": np.arange(rows + 1, rows + len(chunk) + 1)})
            if id_col is not None:
                frame["id"] = chunk[id_col].astype(str).to_numpy()
            frame["text_raw"] = [cxio.cell_text(v) for v in chunk[text_col]]
            w.write(enricher(frame)[0])
            rows += len(chunk)
            if progress is not None:
                progress(len(chunk))
        if w.rows == 0:
            w.write(enrich(pd.DataFrame({"row": [], "text_raw": []}), sentiment=model,
                           topics=topic_model))
    return {"rows": rows, "out": str(target)}
