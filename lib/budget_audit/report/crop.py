"""A picture of the PDF region around a cell, with the cell outlined: the finding's evidence."""

from __future__ import annotations

import base64
import io
from functools import lru_cache
from pathlib import Path

SCALE = 2.0   # pixels per PDF point
MARGIN = 40   # points shown above and below the cell, so its column header is often in view


@lru_cache(maxsize=4)
def _document(pdf: str):
    import pypdfium2

    return pypdfium2.PdfDocument(pdf)  # pdfium opens empty-user-password files itself


def cell_png(pdf: Path, page: int, bbox: tuple[float, float, float, float]) -> bytes:
    """PNG bytes of a band of page `page` (1-based) around bbox (x0, y0, x1, y1; points,
    top-left origin): the page's whole width, so the row's label is in the picture too."""
    from PIL import ImageDraw

    doc = _document(str(pdf))
    pdf_page = doc[page - 1]
    width, height = pdf_page.get_size()
    image = pdf_page.render(scale=SCALE).to_pil().convert("RGB")
    x0, y0, x1, y1 = bbox
    box = (0, max(0, y0 - MARGIN), width, min(height, y1 + MARGIN))
    draw = ImageDraw.Draw(image)
    draw.rectangle([x0 * SCALE - 2, y0 * SCALE - 2, x1 * SCALE + 2, y1 * SCALE + 2],
                   outline=(220, 0, 0), width=3)
    region = image.crop(tuple(round(v * SCALE) for v in box))
    buf = io.BytesIO()
    region.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
