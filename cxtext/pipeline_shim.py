from __future__ import annotations
from pathlib import Path
from collections.abc import Iterable
import pandas as pd
from cxtext import io as cxio
from cxtext.errors import CxTextError, InputError
def _text_chunks(path: Path, chunksize: int) -> Iterable[pd.DataFrame]:
    """Chunks of a CSV/TSV, JSONL or Parquet file, read lazily (nothing is loaded whole)."""
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
        for batch in pf.iter_batches(batch_size=chunksize):
            yield batch.to_pandas()
    elif suffix in (".jsonl", ".ndjson"):
        yield from pd.read_json(path, lines=True, chunksize=chunksize, dtype=False)
    elif suffix in (".csv", ".tsv", ".txt"):
        enc = cxio.detect_encoding(path)
        sep = "\t"
        if suffix != ".tsv":
            with path.open(encoding=enc, errors="replace", newline="") as fh:
                sample = fh.read(64_000)
            try:
                sep = cxio.sniff_delimiter(sample)
            except CxTextError:  # one column: no delimiter to find
                sep = ","
        yield from pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False,
                               chunksize=chunksize, encoding=enc)
    else:
        raise InputError(f"{path}: classify-file reads .csv, .tsv, .jsonl or .parquet, got "
                         f"{suffix!r}.")


