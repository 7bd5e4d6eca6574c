"""Opening a PDF once: checks, empty-password decryption, text-layer check.

``open_pdf(path)`` returns a :class:`PdfDoc` holding the (decrypted) bytes, the SHA-256 of
the file *as published*, the page count and a ``pdfplumber`` handle on the same bytes.
Everything that makes a document unreadable raises :class:`~budget_audit.errors.BadInput`
with one English line naming the file and the problem:

* missing file, directory, empty file, not a PDF (first bytes shown), truncated
  (no ``%%EOF`` / unreadable cross-reference), password-protected (a user password other
  than the empty one);
* nothing to read at all (no text layer and no image on any page).

An *empty* user password with permission restrictions (common on government PDFs) is not
an error: the file is decrypted with ``pypdf`` (``decrypt("")``) and the clear bytes are
passed on to pdfplumber and camelot (camelot's parser refuses restricted files otherwise).

Pages without text are **not** an error: they are listed in ``PdfDoc.scanned_pages``.  Those
that hold an image and no text in their body (none at all, or only a header/footer line) are
``PdfDoc.ocr_pages``: the extraction reads them with OCR (``extract.ocr``), page by page, so
image-only and mixed documents are audited.  Both lists go to ``document.json``.
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
    ocr_pages: list[int] = field(default_factory=list)     # image pages without body text: OCR'd
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


# A page's header and footer bands (fractions of its height): a scan published with only a
# running header, page number or stamp as text still needs OCR for its body.
MARGIN_BAND = 0.08


def _census(data: bytes) -> tuple[list[int], list[int], list[int]]:
    """Characters, vector paths and OCR need per page, with pdfium (fast: no layout analysis).
    A page needs OCR when it holds an image and no character in its body (outside the
    header/footer bands)."""
    import ctypes

    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(data)
    chars, paths, ocr = [], [], []
    ox, oy = ctypes.c_double(), ctypes.c_double()
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            n = tp.count_chars()
            text = tp.get_text_range(0, n) if n else ""
            chars.append(sum(1 for ch in text if not ch.isspace()))
            kinds = [o.type for o in page.get_objects(max_depth=2)]
            paths.append(sum(1 for k in kinds if k == pdfium.raw.FPDF_PAGEOBJ_PATH))
            if pdfium.raw.FPDF_PAGEOBJ_IMAGE in kinds:
                _, height = page.get_size()
                lo, hi = height * MARGIN_BAND, height * (1 - MARGIN_BAND)
                body = False
                for k in range(n):
                    if chr(pdfium.raw.FPDFText_GetUnicode(tp, k)).isspace():
                        continue
                    pdfium.raw.FPDFText_GetCharOrigin(tp, k, ctypes.byref(ox), ctypes.byref(oy))
                    if lo < oy.value < hi:  # rotation ignored: the bands are symmetric in y only
                        body = True
                        break
                if not body:
                    ocr.append(i + 1)
            tp.close()
            page.close()
    finally:
        pdf.close()
    return chars, paths, ocr


def ruled_pages(doc: PdfDoc, min_paths: int = 4) -> list[int]:
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
            counts, paths, ocr = _census(data)
        except Exception as e:  # noqa: BLE001 - pdfium raises on damage
            raise _bad(path, f"damaged PDF, pages unreadable ({type(e).__name__})") from None
        doc.char_counts, doc.path_counts = counts, paths
        doc.scanned_pages = [i + 1 for i, n in enumerate(counts) if n == 0]
        doc.ocr_pages = ocr
        if len(doc.scanned_pages) == n_pages and not ocr:
            doc.close()
            raise _bad(path, f"nothing to read: no text layer and no image on any of its {n_pages} pages")
        blank = [p for p in doc.scanned_pages if p not in ocr]
        if blank:
            doc.warnings.append("pages without a text layer or image (blank): " + ",".join(map(str, blank)))
        if ocr:
            doc.warnings.append("pages read by OCR (image without a body text layer): " + ",".join(map(str, ocr)))
    return doc
