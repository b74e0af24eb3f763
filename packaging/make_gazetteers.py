"""Write resources/gazetteers/countries.tsv from pycountry (run once; the output is
committed, so Annotator needs no pycountry at run time).

    pip install pycountry && python packaging/make_gazetteers.py

The facts are ISO 3166-1 as pycountry carries it (Debian's iso-codes), with the
German names of its gettext catalogue. The other gazetteers (organisations.tsv,
weapons.tsv) are written by hand; their headers name their sources.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import pycountry

# Names news use that ISO's catalogues lack (written by hand for Annotator).
COMMON_NAMES = {
    "RU": ("Russia", "Russland"), "US": ("USA", "US", "United States of America",
                                        "Vereinigte Staaten von Amerika", "Amerika"),
    "GB": ("UK", "Britain", "Great Britain", "Großbritannien"), "KR": ("Korea",),
    "CZ": ("Czech Republic", "Tschechische Republik"), "TR": ("Turkey",),
    "VA": ("Vatikan", "Vatican"), "PS": ("Palästina", "Palestine"),
    "NL": ("Holland",), "CI": ("Elfenbeinküste", "Ivory Coast"),
}
OUT = Path(__file__).resolve().parents[1] / "resources" / "gazetteers" / "countries.tsv"


def names(country: object, german: gettext.NullTranslations) -> list[str]:
    english = [country.name, getattr(country, "common_name", None)]
    found = [n for n in english if n]
    found += [german.gettext(n) for n in list(found)]
    # "Korea, Republic of": the inverted official forms are no running-text names.
    return list(dict.fromkeys(n for n in found if "," not in n and "(" not in n))


def main() -> None:
    german = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    lines = [f"# ISO 3166-1 country names, English and German, from pycountry "
             f"{pycountry.__version__ if hasattr(pycountry, '__version__') else ''}".rstrip()
             + " (Debian iso-codes); written by packaging/make_gazetteers.py",
             "# name\tkind\ttype\tscheme\tidentifier"]
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        for name in dict.fromkeys([*names(country, german),
                                   *COMMON_NAMES.get(country.alpha_2, ())]):
            lines.append(f"{name}\tplace\tstate\tiso3166\t{country.alpha_2}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
