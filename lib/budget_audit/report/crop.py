"""A picture of the PDF region around a cell, with the cell outlined: the finding's evidence."""

from __future__ import annotations

import base64
import io
from pathlib import Path

SCALE = 2.0   # pixels per PDF point
MARGIN = 40   # points shown above and below the cell, so its column header is often in view


class Pages:
    """One document's pages, each rendered once however many findings point into it."""

    def __init__(self, pdf: Path):
        self.pdf = Path(pdf)
        self._doc = None
        self._images: dict[int, tuple] = {}

    def _image(self, page: int) -> tuple:
        """(picture, width, height in points) of a page."""
        if page not in self._images:
            import pypdfium2

            if self._doc is None:
                self._doc = pypdfium2.PdfDocument(str(self.pdf))  # opens empty-user-password files itself
            pdf_page = self._doc[page - 1]
            self._images[page] = (pdf_page.render(scale=SCALE).to_pil().convert("RGB"), *pdf_page.get_size())
        return self._images[page]

    def cell_png(self, page: int, bbox: tuple[float, float, float, float]) -> bytes:
        """PNG bytes of a band of page `page` (1-based) around bbox (x0, y0, x1, y1; points,
        top-left origin): the page's whole width, so the row's label is in the picture too."""
        from PIL import ImageDraw

        image, width, height = self._image(page)
        x0, y0, x1, y1 = bbox
        top = round(max(0, y0 - MARGIN) * SCALE)
        region = image.crop((0, top, round(width * SCALE), round(min(height, y1 + MARGIN) * SCALE)))  # a copy
        ImageDraw.Draw(region).rectangle(
            [x0 * SCALE - 2, y0 * SCALE - 2 - top, x1 * SCALE + 2, y1 * SCALE + 2 - top],
            outline=(220, 0, 0), width=3)
        buf = io.BytesIO()
        region.save(buf, format="PNG", optimize=False)
        return buf.getvalue()

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()
        self._doc, self._images = None, {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
