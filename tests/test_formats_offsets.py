"""The one conversion of other tools' offsets: UTF-16 units, CRLF, byte-order marks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.formats.offsets import SourceText, Utf16Offsets, choose_counting

TEXTS = st.lists(st.sampled_from(["a", "é", "😀", "𝔘", "\r\n", "\n", "\r", " ", "中"]),
                max_size=30).map("".join)


@given(TEXTS)
def test_utf16_both_ways(text):
    units = Utf16Offsets(text)
    encoded = text.encode("utf-16-le")
    assert units.length * 2 == len(encoded)
    for offset in range(len(text) + 1):
        unit = units.to_units(offset)
        assert encoded[:unit * 2].decode("utf-16-le") == text[:offset]
        assert units.to_code_points(unit) == offset


def test_utf16_inside_a_character():
    units = Utf16Offsets("a😀b")
    assert [units.to_units(i) for i in range(4)] == [0, 1, 3, 4]
    with pytest.raises(ValueError, match="inside the character"):
        units.to_code_points(2)


@given(TEXTS, st.booleans(), st.booleans(), st.booleans())
def test_source_text_both_ways(body, bom, utf16, crlf_counted):
    original = ("\ufeff" if bom else "") + body
    counting = SourceText(original, utf16=utf16, crlf_counted=crlf_counted)
    assert counting.text == body.replace("\r\n", "\n").replace("\r", "\n")
    for offset in range(len(counting.text) + 1):
        assert counting.to_model(counting.to_original(offset)) == offset


def test_a_tool_counting_crlf_as_one_is_recognised():
    original = "😀😀 one\r\ntwo three"
    # "three" where a JavaScript tool that read the text with LF line ends puts it
    # (code points with CRLF would say 12, with LF 11; UTF-16 with CRLF 14)
    quotes = [(13, 18, "three")]
    counting, misses = choose_counting(original, quotes)
    assert not misses and counting.utf16 and not counting.crlf_counted
    assert counting.text[counting.to_model(13):counting.to_model(18)] == "three"
