"""Image-only copies of real PDFs, made from the committed files (for the OCR tests)."""
from __future__ import annotations

import time
from pathlib import Path

DPI = 200   # a typical scanner setting


def image_only_copy(src: Path, dst: Path, blur_pages: tuple[int, ...] = (), radius: float = 3) -> Path:
    """Every page of `src` rendered to a greyscale image and saved as an image-only PDF (no text
    layer, no vector rulings); pages in `blur_pages` are blurred (Gaussian, `radius` pixels)."""
    import pypdfium2 as pdfium
    from PIL import ImageFilter

    pdf = pdfium.PdfDocument(str(src))
    images = []
    for i in range(len(pdf)):
        image = pdf[i].render(scale=DPI / 72).to_pil().convert("L")
        if i + 1 in blur_pages:
            image = image.filter(ImageFilter.GaussianBlur(radius))
        images.append(image)
    pdf.close()
    fixed = time.gmtime(1704067200)   # 2024-01-01: the same bytes every run, so OCR cache hits
    images[0].save(dst, "PDF", resolution=DPI, save_all=True, append_images=images[1:],
                   creationDate=fixed, modDate=fixed, title=src.stem)
    return dst
