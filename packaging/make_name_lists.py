"""Write resources/name-lists/companies.txt from pytickersymbols (run once; the output
is committed, so Annotator needs no pytickersymbols at run time).

    pip install pytickersymbols && python packaging/make_name_lists.py

The names are those of the companies in the stock indices pytickersymbols carries
(DAX, MDAX, SDAX, TecDAX, S&P 500, FTSE 100, CAC 40, AEX and others; MIT licence, its
data taken from Wikipedia's lists of the indices' members), without their legal form
("Siemens AG" -> "Siemens"). Only names of one word are kept: the learning tagger
looks its words up one at a time (``crf._lists_of``), and a word of a longer name
("Deutsche", "International") says little on its own.
"""

from __future__ import annotations

import re
from pathlib import Path

from pytickersymbols.indices_data import INDICES

OUT = Path(__file__).resolve().parents[1] / "resources" / "name-lists" / "companies.txt"
_LEGAL_FORM = re.compile(
    r",?\s+(Inc\.?|Corporation|Corp\.?|Company|Co\.|plc|PLC|AG|SE|N\.V\.|NV|S\.A\.|SA|"
    r"Ltd\.?|Limited|Holdings?|Group|Incorporated|KGaA|& Co\. KGaA|GmbH|ASA|AB|Oyj|SpA|"
    r"S\.p\.A\.)$")


def company_names() -> list[str]:
    found = set()
    for index in INDICES.values():
        for company in index.get("companies", []):
            name = _LEGAL_FORM.sub("", company["name"]).strip()
            name = _LEGAL_FORM.sub("", name).strip()
            if name and " " not in name:
                found.add(name)
    return sorted(found)


def main() -> None:
    import importlib.metadata

    version = importlib.metadata.version("pytickersymbols")
    lines = [f"# Names of listed companies (one word, legal form taken off) from "
             f"pytickersymbols {version} (MIT), its stock indices' members;",
             "# written by packaging/make_name_lists.py; a feature of the learning "
             "tagger, never suggested by itself.",
             *company_names()]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
