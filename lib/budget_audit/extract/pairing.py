"""Paired volumes: one disclosure published as two PDFs, the narrative in one and the tables
in the other (e.g. a scanned 情况说明 beside a born-digital 报表 file).

``extract_pair(narrative_pdf, tables_pdf)`` extracts each file on its own (each cached by its
own SHA-256) and merges them into one ``Extraction``: the narrative of the first, the tables
and cells of the second.  Pages are numbered through both files, as if the tables file were
bound after the narrative (its page p becomes ``offset + p``), so a page number stays unique;
``meta["volumes"]`` lists each file with its SHA-256, role and page range, and ``cite(meta,
page)`` turns a page number back into the file and its own page.

Two files that are not one disclosure are refused (``BadInput``): a year or a body named
differently in the two, a first file without narrative, a second file without tables.
"""
from __future__ import annotations

import copy
from pathlib import Path

from ..errors import BadInput
from .api import extract_document
from .model import Extraction

__all__ = ["bind", "cite", "extract_pair", "extract_volumes", "merge", "pdf_argument"]


def extract_pair(narrative_pdf, tables_pdf) -> Extraction:
    narrative_pdf, tables_pdf = Path(narrative_pdf), Path(tables_pdf)
    if narrative_pdf.resolve() == tables_pdf.resolve():
        raise BadInput(f"{narrative_pdf.name}: the same file given twice as a paired volume")
    return merge(extract_document(narrative_pdf), extract_document(tables_pdf))


def merge(narr: Extraction, tabs: Extraction) -> Extraction:
    a, b = narr.meta, tabs.meta
    if not any(s.get("sentences") for s in narr.narrative):
        raise BadInput(f"{a['file']}: no narrative text, so it cannot be the narrative volume of {b['file']}")
    if not tabs.tables:
        raise BadInput(f"{b['file']}: no table, so it cannot be the tables volume of {a['file']}")
    for key, what in (("year", "years"), ("body", "bodies"), ("kind", "kinds")):
        if a.get(key) and b.get(key) and a[key] != b[key]:
            raise BadInput(f"{a['file']} and {b['file']} are not one disclosure: different {what} "
                           f"({a[key]} / {b[key]})")
    offset = int(a["pages"])

    def shift(p):
        return p + offset if isinstance(p, int) else p

    cells = tabs.cells.copy()
    cells["page"] = cells["page"].map(shift)
    unparsed = tabs.unparsed.copy()
    if len(unparsed):
        unparsed["page"] = unparsed["page"].map(shift)
    tables = {}
    for tid, t in tabs.tables.items():   # copies: the extractions may be shared (a cache)
        tables[tid] = copy.copy(t)
        tables[tid].pages = [shift(p) for p in t.pages]
    ocr = dict(a.get("ocr") or {})
    if (b.get("ocr") or {}).get("pages"):   # a scanned tables volume: its OCR'd pages too
        ocr["pages"] = ocr.get("pages", []) + [shift(p) for p in b["ocr"]["pages"]]
        ocr["numbers"] = ocr.get("numbers", []) + [dict(n, page=shift(n["page"])) for n in b["ocr"].get("numbers", [])]
        for k in ("engine", "dpi", "low_conf"):
            ocr.setdefault(k, b["ocr"][k])
        ocr["glyphs"] = ocr.get("glyphs", 0) + b["ocr"]["glyphs"]
        ocr["low_conf_glyphs"] = ocr.get("low_conf_glyphs", 0) + b["ocr"]["low_conf_glyphs"]
    meta = dict(b)
    for key in ("body", "body_qualifier", "level", "year", "kind", "superior", "year_source"):
        meta[key] = b.get(key) or a.get(key)
    meta["unit"] = b.get("unit") or a.get("unit")
    meta.update({
        "file": f"{a['file']} + {b['file']}", "path": f"{a['path']} + {b['path']}",
        "sha256": None, "pages": offset + int(b["pages"]),   # each volume's is in "volumes"
        "narrative_only": False,
        "scanned_pages": list(a["scanned_pages"]) + [shift(p) for p in b["scanned_pages"]],
        "warnings": list(a["warnings"]) + list(b["warnings"]),
        "table_pages": [shift(p) for p in b["table_pages"]],
        "image_engine_pages": [shift(p) for p in b["image_engine_pages"]],
        "unreadable_pages": [dict(u, page=shift(u["page"])) for u in b["unreadable_pages"]],
        "ocr": ocr,
        "seconds": round(a["seconds"] + b["seconds"], 3),
        "volumes": [_volume(a, "narrative", 1), _volume(b, "tables", offset + 1)],
    })
    return Extraction(cells=cells, tables=tables, narrative=narr.narrative, meta=meta,
                      unparsed=unparsed if len(unparsed) else tabs.unparsed, missing=list(tabs.missing))


def _volume(m: dict, role: str, first: int) -> dict:
    return {"file": m["file"], "path": m["path"], "sha256": m["sha256"], "role": role,
            "first_page": first, "pages": int(m["pages"])}


def cite(meta: dict, page: int) -> tuple[str, int]:
    """(file, its own page number) of a page number of a paired disclosure; a single file's
    page is itself."""
    for v in meta.get("volumes") or []:
        if v["first_page"] <= page < v["first_page"] + v["pages"]:
            return v["file"], page - v["first_page"] + 1
    return meta.get("file", ""), page


# --- the command line: PDF="narrative.pdf tables.pdf" -----------------------------------

def pdf_argument(text: str, check) -> Path:
    """The file a PDF= argument names: one file as it is (a name with spaces included), or two
    files (shell-quoted) bound into one disclosure by ``bind``.  ``check`` validates a path."""
    import shlex

    from ..errors import BadParameters
    if Path(text).expanduser().is_file():
        return check(text)
    try:
        parts = shlex.split(text)
    except ValueError:   # an unbalanced quote: a (missing) file name, not a list
        return check(text)
    if len(parts) <= 1:
        return check(parts[0] if parts else text)
    if len(parts) != 2:
        raise BadParameters(f"PDF not found: {text} (two files at most: the narrative, then the tables; "
                            "quote a file name that holds spaces)")
    try:
        return bind(check(parts[0]), check(parts[1]))
    except BadParameters as e:
        raise BadParameters(f"{e} (PDF names two files: the narrative, then the tables; "
                            "quote a file name that holds spaces)") from None


def bind(narrative: Path, tables: Path) -> Path:
    """The two volumes as one PDF (the narrative's pages, then the tables'), under
    ``<interim>/pairs/``, beside a ``.volumes.json`` naming the two files: the audit reads the
    bound file's pages for the report's pictures and ``extract_volumes`` extracts each volume
    on its own.  Rewritten only when a volume changed, so an unchanged re-run does no work."""
    import hashlib
    import json

    from pypdf import PdfWriter

    from .. import atomic, paths
    if narrative == tables:
        raise BadInput(f"{narrative.name}: the same file given twice as a paired volume")
    out = paths.INTERIM / "pairs" / f"{narrative.stem}+{tables.stem}.pdf"
    record = {"volumes": [str(narrative), str(tables)],
              "sha256": [hashlib.sha256(p.read_bytes()).hexdigest() for p in (narrative, tables)]}
    side = out.with_suffix(".volumes.json")
    if out.exists() and side.exists() and json.loads(side.read_text(encoding="utf-8")) == record:
        return out
    writer = PdfWriter()
    try:
        for p in (narrative, tables):
            writer.append(str(p))
    except Exception as e:  # noqa: BLE001 - pypdf on a damaged or encrypted file
        raise BadInput(f"{narrative.name} + {tables.name}: cannot bind the two files "
                       f"({type(e).__name__}: {e})") from None
    with atomic.atomic_path(out) as tmp:
        writer.write(str(tmp))
    atomic.write_json(side, record)
    return out


def extract_volumes(path) -> Extraction:
    """``extract_document``, or for a bound pair (``bind``) the merge of its two volumes."""
    import json
    side = Path(path).with_suffix(".volumes.json")
    if not side.exists():
        return extract_document(path)
    return extract_pair(*json.loads(side.read_text(encoding="utf-8"))["volumes"])
