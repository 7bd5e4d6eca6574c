"""The year a disclosure is about, read from its title ("2024 年预算", "2024年度部门决算").

Table-only parts (Jiangsu's *_tables PDFs) print no year at all; their file name is then the
only witness, so it is used last.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .errors import BadParameters

TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年\s*度?[^。\n]{0,30}?[预决]算")
ANY_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
NAME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def year_from_text(text: str) -> int | None:
    """The year of the first '<year>年…预算/决算' phrase, else the most frequent '<year>年'."""
    match = TITLE_YEAR.search(text)
    if match:
        return int(match.group(1))
    counts = Counter(ANY_YEAR.findall(text))
    return int(counts.most_common(1)[0][0]) if counts else None


def document_year(pdf: Path, pages: int = 3) -> int:
    from .pdfdoc import open_pdf

    with open_pdf(pdf, check_text=False) as doc:
        text = "\n".join((p.extract_text() or "") for p in doc.plumber.pages[:pages])
    year = year_from_text(text)
    if year is None and (match := NAME_YEAR.search(pdf.stem)):
        year = int(match.group(1))
    if year is None:
        raise BadParameters(f"cannot tell the year of {pdf.name} from its first pages; give YEAR=")
    return year
