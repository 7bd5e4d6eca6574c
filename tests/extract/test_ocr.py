"""OCR input path: which pages are OCR'd, and how tesseract's words become glyphs (real tesseract)."""
import io

import pypdfium2 as pdfium
from PIL import Image
from reportlab.pdfgen import canvas

from budget_audit.extract import ocr
from budget_audit.pdfdoc import open_pdf
from corpus_docs import ROOT

DEFAULT = ROOT / "data" / "raw" / "2024" / "jianghan_dsjzx_2024_budget.pdf"


def _page_image(pno: int) -> Image.Image:
    pdf = pdfium.PdfDocument(str(DEFAULT))
    return pdf[pno - 1].render(scale=ocr.DPI / 72).to_pil().convert("L")


def _image_pdf(tmp_path, header: str | None = None):
    """One page: page 15 of the default document as an image, optionally a text header."""
    img = io.BytesIO()
    _page_image(15).save(img, format="PNG")
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595.44, 842.04))
    from reportlab.lib.utils import ImageReader
    c.drawImage(ImageReader(io.BytesIO(img.getvalue())), 0, 0, 595.44, 842.04)
    if header:
        c.drawString(72, 820, header)   # in the header band only
    c.showPage()
    c.save()
    p = tmp_path / "scan.pdf"
    p.write_bytes(buf.getvalue())
    return p


def test_image_page_is_ocr_page(tmp_path):
    with open_pdf(_image_pdf(tmp_path)) as d:
        assert d.ocr_pages == [1] and d.scanned_pages == [1]


def test_header_only_text_layer_is_ocr_page(tmp_path):
    # a running header printed as text does not make the scanned body readable
    with open_pdf(_image_pdf(tmp_path, header="Page header 2024")) as d:
        assert d.char_counts[0] > 0 and d.ocr_pages == [1]


def test_born_digital_pages_are_not_ocr_pages():
    with open_pdf(DEFAULT) as d:
        assert d.ocr_pages == []


def test_words_become_glyphs_with_confidence():
    # page 15 (预算06表) prints 33.79 and 2,244.02 in each data row
    import pytesseract
    hocr = pytesseract.image_to_pdf_or_hocr(_page_image(15), lang=ocr.LANG, extension="hocr",
                                            config=f"--dpi {ocr.DPI}")
    glyphs = ocr.glyphs_from_hocr(hocr, ocr.DPI)
    from budget_audit.extract.chars import TextPage
    from budget_audit.extract.lines import page_lines
    lines = [line.text for line in page_lines(TextPage(15, 595.44, 842.04, glyphs), 15)]
    assert any("33.79" in t and "2,244.02" in t for t in lines), lines
    assert all(0 <= g["conf"] <= 100 and g["x0"] < g["x1"] and g["top"] < g["bottom"] for g in glyphs)


def test_separator_confusion_is_repaired():
    assert ocr._fix_separators("2.535.37") == "2,535.37"
    assert ocr._fix_separators("2,535,37") == "2,535.37"
    assert ocr._fix_separators("2,535.37") == "2,535.37"
    assert ocr._fix_separators("1.5") == "1.5"          # one separator: left alone
    assert ocr._QUOTES.sub("", "”408.65") == "408.65"


def _hocr(words) -> bytes:
    spans = "".join(f'<span class="ocrx_word" id="w{i}" title="bbox {b}; x_wconf {c}">{t}</span>'
                    for i, (t, b, c) in enumerate(words))
    return f'<html><body><span class="ocr_line">{spans}</span></body></html>'.encode()


def test_ruling_specks_are_not_text():
    # as tesseract read the 预算05表 header of the default document rendered at 200 dpi: a 4×5 px
    # dot on the ruling above 小计 came back as '-' (79), and rulings beside codes as '”|'
    words = [("小", "972 372 1004 394", 93), ("-", "999 372 1003 377", 79), ("计", "1003 372 1019 395", 92),
             ("2010399", "162 654 257 673", 90), ("“|", "277 648 305 684", 53),
             ("其他", "320 652 359 674", 96), ("-", "1400 654 1420 658", 93)]
    text = "".join(g["text"] for g in ocr.glyphs_from_hocr(_hocr(words), ocr.DPI))
    # the speck and the ruling are gone; a printed nil '-' (a third of a character wide) stays
    assert text == "小计2010399其他-"


def test_a_finding_cites_the_occurrence_in_its_own_sentence():
    # a value printed three times on a page, read with three confidences: the finding's sentence
    # picks its own occurrence (by the run of numbers it prints), not the page's weakest
    from budget_audit.rules._ocr import stated_number
    read = {"pages": [5], "numbers": [
        {"page": 5, "text": t, "conf": c, "bbox": [0, 0, 1, 1]}
        for t, c in (("2024", 92), ("2652.67", 92), ("187.34", 92), ("6.6", 89),
                     ("2024", 93), ("2652.67", 91), ("2652.67", 93), ("6.6", 91))]}
    said = "2024年收入预算2652.67万元，比上年减少2652.67万元，下降6.6%。"
    assert stated_number(read, 5, -6.6, said)["conf"] == 91
    assert stated_number(read, 5, 6.6, "")["conf"] == 89       # no sentence: the weakest reading
    assert stated_number(read, 5, 7.7, said) is None
