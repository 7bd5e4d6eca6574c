"""Pictures of the PDF region around cells, each cell outlined: the findings' evidence."""

from __future__ import annotations

import base64
import io
from pathlib import Path

SCALE = 2.0   # pixels per PDF point
MARGIN = 40   # points shown above and below the cell, so its column header is often in view


def cell_pngs(pdf: Path, boxes: list[tuple[int, tuple] | None]) -> list[bytes | None]:
    """PNG bytes for each (page, bbox) of `boxes` (None stays None). Each page is rendered once
    however many cells point into it, and only one rendered page is held at a time."""
    import pypdfium2

    pictures: list[bytes | None] = [None] * len(boxes)
    by_page: dict[int, list[int]] = {}
    for i, box in enumerate(boxes):
        if box is not None:
            by_page.setdefault(box[0], []).append(i)
    if not by_page:
        return pictures
    doc = pypdfium2.PdfDocument(str(pdf))  # pdfium opens empty-user-password files itself
    try:
        for page, indexes in sorted(by_page.items()):
            pdf_page = doc[page - 1]
            size = pdf_page.get_size()
            image = pdf_page.render(scale=SCALE).to_pil().convert("RGB")
            for i in indexes:
                pictures[i] = _band(image, size, boxes[i][1])
    finally:
        doc.close()
    return pictures


def _band(image, size: tuple[float, float], bbox: tuple[float, float, float, float]) -> bytes:
    """A band of the rendered page around bbox (x0, y0, x1, y1; points, top-left origin): the
    page's whole width, so the row's label is in the picture too."""
    from PIL import ImageDraw

    width, height = size
    x0, y0, x1, y1 = bbox
    top = round(max(0, y0 - MARGIN) * SCALE)
    region = image.crop((0, top, round(width * SCALE), round(min(height, y1 + MARGIN) * SCALE)))  # a copy
    ImageDraw.Draw(region).rectangle(
        [x0 * SCALE - 2, y0 * SCALE - 2 - top, x1 * SCALE + 2, y1 * SCALE + 2 - top],
        outline=(220, 0, 0), width=3)
    buf = io.BytesIO()
    region.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
