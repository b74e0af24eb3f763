"""Tables as Parquet: typed columns, nulls, any Unicode, read back by pyarrow itself."""

from __future__ import annotations

import io
import subprocess
import sys

import pyarrow.parquet as pq
from hypothesis import given
from hypothesis import strategies as st

from annotator.formats.parquet import INSTALL_HINT, table_bytes


def read(data: bytes) -> list[dict]:
    return pq.read_table(io.BytesIO(data)).to_pylist()


def test_columns_are_typed_and_missing_values_are_null():
    rows = [{"document": "a", "ordered": 2, "value": 1.5e9, "stage": "pledged"},
            {"document": "b", "ordered": None, "value": "", "stage": ""},
            {"document": "c😀", "ordered": 3, "value": 7, "stage": "delivered"}]
    data = table_bytes(["document", "ordered", "value", "stage"], rows)
    schema = pq.read_schema(io.BytesIO(data))
    assert [str(t) for t in schema.types] == ["string", "int64", "double", "string"]
    assert read(data) == [
        {"document": "a", "ordered": 2, "value": 1.5e9, "stage": "pledged"},
        {"document": "b", "ordered": None, "value": None, "stage": None},
        {"document": "c😀", "ordered": 3, "value": 7.0, "stage": "delivered"}]


def test_an_empty_table_keeps_its_columns():
    data = table_bytes(["document", "title"], [])
    assert pq.read_schema(io.BytesIO(data)).names == ["document", "title"]


@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",))), max_size=20))
def test_any_text_comes_back_as_it_was(texts):
    rows = [{"text": t} for t in texts]
    assert [r["text"] for r in read(table_bytes(["text"], rows))] == [t or None for t in texts]


def test_without_pyarrow_the_message_says_how_to_get_it(tmp_path):
    # A real interpreter in which pyarrow cannot be imported.
    (tmp_path / "pyarrow").mkdir()
    (tmp_path / "pyarrow" / "__init__.py").write_text("raise ImportError('hidden')\n")
    script = ("from annotator.formats.parquet import table_bytes, available\n"
              "assert not available()\n"
              "try:\n    table_bytes(['a'], [])\n"
              "except Exception as error:\n    print(type(error).__name__, error.message)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"ParquetUnavailable {INSTALL_HINT}"
