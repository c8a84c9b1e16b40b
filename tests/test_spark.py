"""cxtext.spark.classify_spark on a local PySpark session (Java 17)."""

from __future__ import annotations

import os
import shutil

import pytest

import cxtext
from tests.conftest import SURVEY_ROWS

pyspark = pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark():  # type: ignore[no-untyped-def]
    if os.environ.get("CXTEXT_SKIP_SPARK") == "1":
        pytest.skip("CXTEXT_SKIP_SPARK=1: classify_spark is not run on a local Spark")
    if shutil.which("java") is None:
        pytest.fail("Spark needs a Java runtime (17+) and none is on PATH: install one with "
                    "`apt-get install default-jre-headless` (Debian; `bash .ci/run` does this), "
                    "or set CXTEXT_SKIP_SPARK=1 to skip the Spark tests knowingly.")
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("cxtext-test")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .getOrCreate())
    yield session
    session.stop()


@pytest.mark.slow
def test_classify_spark_matches_local(spark) -> None:  # type: ignore[no-untyped-def]
    from cxtext.spark import SPARK_COLUMNS, classify_spark

    texts = [r[1] for r in SURVEY_ROWS]
    df = spark.createDataFrame([(i, t) for i, t in enumerate(texts)], ["id", "comment"])
    out = classify_spark(df.repartition(3), text_col="comment", keep=["id"]).toPandas()
    assert list(out.columns) == ["id", *[c for c, _ in SPARK_COLUMNS]]
    out = out.sort_values("id").reset_index(drop=True)
    assert len(out) == len(texts)
    local = cxtext.classify(texts, profile="fast")  # Spark's default: the fast profile
    assert list(out["sentiment"]) == [r["sentiment"] for r in local]
    assert list(out["topics"]) == ["; ".join(t["code"] for t in r["topics"]) for r in local]
    with pytest.raises(ValueError, match="nope"):
        classify_spark(df, text_col="nope")
