"""Tables as Apache Parquet, the column format pandas, R (arrow), DuckDB and Spark read
directly: one file per table, every column typed (text as UTF-8 strings, counts and
amounts as numbers, missing values as nulls).

Written with pyarrow, an optional dependency (``pip install 'annotator[parquet]'``;
``make run`` and ``make test`` install it): without it, ``ParquetUnavailable`` says how
to get it, and CSV and JSON Lines stay available.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from annotator.errors import AnnotatorError

INSTALL_HINT = ("Parquet needs pyarrow: install Annotator with it "
                "(pip install 'annotator[parquet]'), or export CSV or JSON Lines")


class ParquetUnavailable(AnnotatorError):
    """pyarrow is not installed."""


def available() -> bool:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def table_bytes(columns: Sequence[str], rows: Sequence[dict]) -> bytes:
    """``rows`` (dicts keyed by ``columns``) as a Parquet file: a column whose values are
    all numbers (or missing) is a number column (integers if all are), any other a
    string column; "" and None are null."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ParquetUnavailable(INSTALL_HINT) from None
    arrays = []
    for column in columns:
        values = [row.get(column) for row in rows]
        present = [v for v in values if v is not None and v != ""]
        if present and all(isinstance(v, int | float) and not isinstance(v, bool)
                           for v in present):
            kind = pa.int64() if all(isinstance(v, int) for v in present) else pa.float64()
            arrays.append(pa.array([None if v in (None, "") else v for v in values], kind))
        else:
            arrays.append(pa.array([None if v in (None, "") else str(v) for v in values],
                                   pa.string()))
    table = pa.Table.from_arrays(arrays, names=list(columns))
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()
