"""Opening a PDF once: checks, empty-password decryption, text-layer check.

``open_pdf(path)`` returns a :class:`PdfDoc` holding the (decrypted) bytes, the SHA-256 of
the file *as published*, the page count and a ``pdfplumber`` handle on the same bytes.
Everything that makes a document unreadable raises :class:`~budget_audit.errors.BadInput`
with one English line naming the file and the problem:

* missing file, directory, empty file, not a PDF (first bytes shown), truncated
  (no ``%%EOF`` / unreadable cross-reference), password-protected (a user password other
  than the empty one);
* no text layer at all (every page scanned / image-only).

An *empty* user password with permission restrictions (common on government PDFs) is not
an error: the file is decrypted with ``pypdf`` (``decrypt("")``) and the clear bytes are
passed on to pdfplumber and camelot (camelot's parser refuses restricted files otherwise).

Pages without text while others have text are **not** an error: they are listed in
``PdfDoc.scanned_pages`` and in ``PdfDoc.warnings`` (a cover or a scanned seal page is
common), and the extraction reports them in ``document.json``.
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BadInput

__all__ = ["PdfDoc", "open_pdf", "ruled_pages"]

logging.getLogger("pypdf").setLevel(logging.ERROR)
logging.getLogger("pdfminer").setLevel(logging.ERROR)


@dataclass
class PdfDoc:
    path: Path
    data: bytes              # clear (decrypted) bytes, what pdfplumber/camelot read
    sha256: str              # of the file as published
    n_pages: int
    encrypted: bool = False  # the file was encrypted with an empty user password
    scanned_pages: list[int] = field(default_factory=list)
    char_counts: list[int] = field(default_factory=list)   # non-blank characters per page
    path_counts: list[int] = field(default_factory=list)   # vector path objects per page (rulings)
    warnings: list[str] = field(default_factory=list)
    _plumber: object = None

    @property
    def plumber(self):
        if self._plumber is None:
            import pdfplumber
            self._plumber = pdfplumber.open(io.BytesIO(self.data))
        return self._plumber

    def close(self) -> None:
        if self._plumber is not None:
            self._plumber.close()
            self._plumber = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _bad(path: Path, msg: str) -> BadInput:
    return BadInput(f"{path.name}: {msg}")


def _census(data: bytes) -> tuple[list[int], list[int]]:
    """Characters and vector paths per page, with pdfium (fast: no layout analysis)."""
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(data)
    chars, paths = [], []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            n = tp.count_chars()
            text = tp.get_text_range(0, n) if n else ""
            chars.append(sum(1 for ch in text if not ch.isspace()))
            paths.append(sum(1 for o in page.get_objects(max_depth=2) if o.type == pdfium.raw.FPDF_PAGEOBJ_PATH))
            tp.close()
            page.close()
    finally:
        pdf.close()
    return chars, paths


def ruled_pages(doc: "PdfDoc", min_paths: int = 4) -> list[int]:
    """1-based pages that hold ruling lines and text: the only pages camelot has to read."""
    return [i + 1 for i, (n, c) in enumerate(zip(doc.path_counts, doc.char_counts)) if n >= min_paths and c > 0]


def open_pdf(path: str | os.PathLike, *, check_text: bool = True) -> PdfDoc:
    path = Path(path)
    if not path.exists():
        raise _bad(path, f"file not found ({path})")
    if path.is_dir():
        raise _bad(path, "is a directory, not a PDF file")
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise _bad(path, f"cannot be read ({e.strerror})") from None
    if not raw:
        raise _bad(path, "empty file (0 bytes)")
    head = raw[:1024]
    if b"%PDF-" not in head:
        raise _bad(path, f"not a PDF file (starts with {raw[:12]!r})")
    if b"%%EOF" not in raw[-2048:]:
        raise _bad(path, f"truncated PDF (no end-of-file marker; {len(raw)} bytes)")
    sha = hashlib.sha256(raw).hexdigest()

    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        encrypted = reader.is_encrypted
        data = raw
        if encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - unsupported algorithm etc.
                ok = 0
            if not ok:
                raise _bad(path, "password-protected PDF (a user password is required to open it)")
            writer = PdfWriter(clone_from=reader)
            buf = io.BytesIO()
            writer.write(buf)
            data = buf.getvalue()
        n_pages = len(reader.pages)
    except BadInput:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as e:
        raise _bad(path, f"damaged or truncated PDF ({type(e).__name__}: {str(e)[:80]})") from None
    if n_pages == 0:
        raise _bad(path, "PDF has no pages")
    doc = PdfDoc(path=path, data=data, sha256=sha, n_pages=n_pages, encrypted=encrypted)
    if check_text:
        try:
            counts, paths = _census(data)
        except Exception as e:  # noqa: BLE001 - pdfium raises on damage
            raise _bad(path, f"damaged PDF, pages unreadable ({type(e).__name__})") from None
        doc.char_counts, doc.path_counts = counts, paths
        doc.scanned_pages = [i + 1 for i, n in enumerate(counts) if n == 0]
        if len(doc.scanned_pages) == n_pages:
            doc.close()
            raise _bad(path, f"no text layer on any of its {n_pages} pages (scanned images?); "
                             "OCR it first")
        if doc.scanned_pages:
            doc.warnings.append("pages without a text layer (scanned or blank): "
                                + ",".join(map(str, doc.scanned_pages)))
    return doc
