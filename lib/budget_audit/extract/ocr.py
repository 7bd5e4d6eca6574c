"""OCR for pages without a usable text layer: glyphs with boxes and the recogniser's confidence.

Tesseract (Debian's ``tesseract-ocr`` + ``tesseract-ocr-chi-sim``, driven by pytesseract)
reads each page image; its hOCR output gives every word with a box and a confidence (0–100).
The result has the shape of ``extract.chars``' text layer – dicts with text, x0, x1, top,
bottom, size in PDF points from the page's top-left – plus ``conf``, so lines, grids and cells
read it as they read a born-digital page, and the confidence travels with every value built
from it.

Settings were measured on the default document rendered to images (one text page, one
table page, tesseract 5.3.0, chi_sim 4.1.0, one thread per page):

* 150 dpi: text page 4.6 s, table page 2.9 s; narrative numbers exact, but the table's
  thousands commas read as points ("2.535.37");
* 200 dpi: 4.5 s and 3.3 s; every number on both pages exact (commas kept);
* 300 dpi: 5.8 s and 3.6 s; numbers exact, more stray glyphs read from table rulings.

So pages are rendered at 200 dpi.  Tesseract's own threads are limited to one
(``OMP_THREAD_LIMIT``) and pages run side by side, one per core: that is faster than
tesseract's internal threading on a 2-core machine.

Results are cached by the PDF's SHA-256 (``<interim>/ocr/``) together with the engine's
version, the model, the settings and this file's hash, so a re-run or a changed rule never
re-reads the images.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .. import atomic, paths

__all__ = ["DPI", "LANG", "LOW_CONF", "OcrUnavailable", "start_ocr", "engine_version"]

DPI = 200
LANG = "chi_sim"
# Below this word confidence a number is "low confidence".  Measured on page 5 of the default
# document at 200 dpi: every amount read as a word of its own scored 90–93 (words that carry
# '%' and punctuation 80–90); the same page blurred (Gaussian radius 3 px) read its amounts
# at 53–89, mostly split or garbled, with a stray '34' at 93.
LOW_CONF = 90.0
_RULING = set("|丨｜")   # table rulings read as glyphs
_SEPARATED = re.compile(r"^([-－(（]?)(\d{1,3}(?:[.,，]\d{3})+)[.,，](\d{1,2})([)）]?)$")


class OcrUnavailable(RuntimeError):
    """Tesseract or its Chinese model is not installed (``make setup`` installs both)."""


def engine_version() -> str:
    import pytesseract
    try:
        version = str(pytesseract.get_tesseract_version())
        langs = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, OSError) as e:
        raise OcrUnavailable(f"tesseract is not installed ({e}); run make setup") from None
    if LANG not in langs:
        raise OcrUnavailable(f"tesseract has no '{LANG}' model (Debian package tesseract-ocr-chi-sim)")
    return version


def _cache_file(sha256: str) -> Path:
    """Tesseract's own output (hOCR per page) is cached, named by the engine, the model, the
    resolution and the code that calls it: any change there is a new file, with no number to
    forget to bump, while a change in how glyphs are read from the hOCR re-uses it."""
    import inspect
    code = inspect.getsource(_hocr) + inspect.getsource(_reread_amounts) + str(LOW_CONF)
    own = hashlib.sha256(code.encode()).hexdigest()[:12]
    return paths.INTERIM / "ocr" / f"{sha256}-{engine_version()}-{LANG}-{DPI}-{own}.json"


def start_ocr(data: bytes, pages: list[int], sha256: str):
    """Start OCR of the 1-based ``pages`` of the PDF bytes; returns a function that waits and
    gives ``{page: [glyph dicts]}``.  Pages are rendered here (pdfium is not thread-safe)
    and recognised in parallel threads, each driving one tesseract process."""
    if not pages:
        return lambda: {}
    cache = _cache_file(sha256)
    if cache.exists():
        hocr = json.loads(cache.read_text(encoding="utf-8"))
        got = {int(k): glyphs_from_hocr(v["hocr"].encode("utf-8"), DPI, v["reread"]) for k, v in hocr.items()}
        return lambda: got
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    import pypdfium2 as pdfium
    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
    futures = {}
    pdf = pdfium.PdfDocument(data)
    try:
        for pno in pages:
            page = pdf[pno - 1]
            image = page.render(scale=DPI / 72).to_pil().convert("L")
            page.close()
            futures[pno] = pool.submit(_hocr, image)
    finally:
        pdf.close()

    def wait():
        try:
            hocr = {pno: f.result() for pno, f in futures.items()}
        finally:
            pool.shutdown()
        atomic.write_text(cache, json.dumps({str(k): v for k, v in hocr.items()}, ensure_ascii=False))
        return {pno: glyphs_from_hocr(v["hocr"].encode("utf-8"), DPI, v["reread"]) for pno, v in hocr.items()}
    return wait


def _hocr(image) -> dict:
    """One page: tesseract's hOCR, and a second reading of its doubtful amounts."""
    import pytesseract
    hocr = pytesseract.image_to_pdf_or_hocr(image, lang=LANG, extension="hocr",
                                            config=f"--dpi {DPI}").decode("utf-8")
    return {"hocr": hocr, "reread": _reread_amounts(image, hocr)}


_AMOUNTISH = re.compile(r"^[-－(（]?[\d,.，]*\d[\d,.，]*%?[)）]?$")
_GAP = 24   # pixels between the stacked crops


def _reread_amounts(image, hocr: str) -> dict:
    """Words that look like amounts and were read with a confidence below ``LOW_CONF`` are read
    again with tesseract's English model restricted to digits and separators, all of a page's
    in one call (their crops stacked one per line).  Measured on the default document rendered
    to an image: chi_sim read 社会保障和就业支出's '29.92' in the 预算04表 as '.32' (confidence 7);
    the digit reading gave '29.92' (95).  Returns {word id: [text, confidence]} for the words
    whose second reading is an amount with a higher confidence."""
    import pytesseract
    from PIL import Image
    words = []
    for word in ET.fromstring(hocr.encode("utf-8")).iter():
        if word.get("class") != "ocrx_word":
            continue
        text = "".join(word.itertext()).strip()
        t = _title(word)
        if _AMOUNTISH.match(text) and float(t.get("x_wconf") or 0) < LOW_CONF:
            words.append((word.get("id"), text, float(t.get("x_wconf") or 0), _box(t["bbox"])))
    if not words:
        return {}
    crops = [image.crop((x0 - 4, top - 4, x1 + 4, bottom + 4)) for _, _, _, (x0, top, x1, bottom) in words]
    width = max(c.width for c in crops) + 2 * _GAP
    strip = Image.new("L", (width, sum(c.height + _GAP for c in crops) + _GAP), 255)
    slots, y = [], _GAP
    for c in crops:
        strip.paste(c, (_GAP, y))
        slots.append((y, y + c.height))
        y += c.height + _GAP
    data = pytesseract.image_to_data(strip, lang="eng", output_type=pytesseract.Output.DICT,
                                     config=f"--dpi {DPI} --psm 6 -c tessedit_char_whitelist=0123456789.,-%()")
    read: dict[int, list] = {}
    for text, conf, top, height in zip(data["text"], data["conf"], data["top"], data["height"]):
        if not text.strip():
            continue
        mid = top + height / 2
        k = next((i for i, (a, b) in enumerate(slots) if a - _GAP / 2 <= mid <= b + _GAP / 2), None)
        if k is not None:
            read.setdefault(k, []).append((text.strip(), float(conf)))
    out = {}
    for k, got in read.items():
        wid, old, conf, _ = words[k]
        if len(got) == 1 and _AMOUNTISH.match(got[0][0]) and got[0][1] > conf:
            out[wid] = [got[0][0], round(got[0][1], 1)]
    return out


def _title(el) -> dict:
    out = {}
    for part in (el.get("title") or "").split(";"):
        key, _, value = part.strip().partition(" ")
        out[key] = value
    return out


def _box(value: str) -> list[float]:
    return [float(v) for v in value.split()[:4]]


def glyphs_from_hocr(hocr: bytes, dpi: int, reread: dict | None = None) -> list[dict]:
    """hOCR words → glyph dicts in PDF points, each with its word's confidence.

    Words, not tesseract's character boxes: with ``hocr_char_boxes`` the LSTM engine dropped
    digits from amounts its plain output read whole ("33.79" came back as one '3').  A word's
    box is shared out among its characters by width (a CJK character one unit, others half),
    and every glyph takes the word's vertical extent, as the born-digital reader does."""
    pt = 72.0 / dpi
    root = ET.fromstring(hocr)
    words = [w for w in root.iter() if w.get("class") == "ocrx_word"]
    text_height = _text_height(words)
    out = []
    for word in words:
        text = "".join(word.itertext()).strip()
        t = _title(word)
        conf = float(t.get("x_wconf") or 0)
        if reread and word.get("id") in reread:
            text, conf = reread[word.get("id")]
        text = _QUOTES.sub("", text) if _NUMERIC.search(text) else text
        text = _fix_separators(text)
        chars = [ch for ch in text if not ch.isspace() and ch not in _RULING]
        x0, top, x1, bottom = _box(t["bbox"])
        if not chars or _speck(chars, (x0, top, x1, bottom), conf, text_height):
            continue
        units = [1.0 if ord(ch) > 0x2E80 else 0.5 for ch in chars]
        # the LSTM engine sometimes stretches a word's box to its line's end ('2024' over a
        # whole title): keep its left edge and give it the width its characters need
        need = sum(1.0 if u == 1.0 else 0.75 for u in units) * (bottom - top)
        if x1 - x0 > 1.5 * need:
            x1 = x0 + need
        step = (x1 - x0) / sum(units)
        x = x0
        for ch, u in zip(chars, units):
            out.append({"text": ch, "x0": round(x * pt, 2), "x1": round((x + u * step) * pt, 2),
                        "top": round(top * pt, 2), "bottom": round(bottom * pt, 2),
                        "size": round((bottom - top) * pt, 2), "conf": conf})
            x += u * step
    return out


def _text_height(words) -> float:
    """The page's body text height (median height of words holding a CJK character or a digit)."""
    import statistics
    heights = []
    for w in words:
        text = "".join(w.itertext())
        if any(ch.isdigit() or ord(ch) > 0x2E80 for ch in text):
            x0, top, x1, bottom = _box(_title(w)["bbox"])
            heights.append(bottom - top)
    return statistics.median(heights) if heights else 0.0


def _speck(chars: list[str], box, conf: float, text_height: float) -> bool:
    """A word that is a ruling or a speck of it, not text.  Measured on the default document
    rendered to an image: table rulings came back as '”|' / '“|' words beside the codes
    (quotes and a bar only), and a 4×5 px dot on the header's ruling as a lone '-' (confidence
    79) that made '小计' read '小-计'.  Marks made of quotes alone, or punctuation smaller than
    a quarter of the text height either way and read with low confidence, are dropped; a
    printed '-' for nil is as wide as a third of a character and stays."""
    if all(ch in _QUOTE_CHARS for ch in chars):
        return True
    x0, top, x1, bottom = box
    small = max(x1 - x0, bottom - top) < 0.25 * text_height
    return small and conf < LOW_CONF and not any(ch.isalnum() for ch in chars)


_QUOTE_CHARS = set("“”\"'‘’`")
_NUMERIC = re.compile(r"\d[\d,.]*\d")
_QUOTES = re.compile(r"^[“”\"'‘’`]+|[“”\"'‘’`]+$")   # ruling specks read as quotes around an amount


def _fix_separators(text: str) -> str:
    """'2.535.37' → '2,535.37': in an amount with two or more separators, the last one before
    one or two final digits is the decimal point and the others separate thousands (the
    recogniser confuses ',' and '.' at low resolution)."""
    m = _SEPARATED.match(text)
    if not m:
        return text
    return m.group(1) + re.sub(r"[.,，]", ",", m.group(2)) + "." + m.group(3) + m.group(4)


def add_ocr(layer, glyphs: dict[int, list[dict]]) -> None:
    """Put the OCR glyphs into the text layer's pages (``extract.chars.TextPage``): a page keeps
    its own characters (a header or footer printed as text) and gains every OCR glyph that
    does not sit on one of them."""
    for pno, got in glyphs.items():
        page = layer[pno - 1]
        own = page.chars

        def covered(g, own=own):
            cx, cy = (g["x0"] + g["x1"]) / 2, (g["top"] + g["bottom"]) / 2
            return any(c["x0"] - 1 <= cx <= c["x1"] + 1 and c["top"] - 1 <= cy <= c["bottom"] + 1 for c in own)
        page.chars = own + [dict(g) for g in got if not covered(g)]


def ocr_grids(data: bytes, glyphs: dict[int, list[dict]]):
    """Ruling grids of image pages from camelot's image engine.  camelot refuses a page
    without text ("image-based") and drops grids whose cells are empty, so the pages first
    get an invisible mark at every OCR glyph (as a searchable "sandwich" PDF does); the
    cells' text is read from the OCR glyphs afterwards, never from camelot."""
    if not glyphs:
        return []
    import io

    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas

    from .grid import camelot_grids
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for pno, got in glyphs.items():
        page = writer.pages[pno - 1]
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=(w, h))
        text = c.beginText()
        text.setTextRenderMode(3)   # invisible
        text.setFont("Helvetica", 4)
        for g in got:
            text.setTextOrigin((g["x0"] + g["x1"]) / 2 - 1, h - (g["top"] + g["bottom"]) / 2 - 1)
            text.textOut("x")
        c.drawText(text)
        c.save()
        page.merge_page(PdfReader(buf).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return camelot_grids(out.getvalue(), sorted(glyphs), engine="image")


_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def ocr_summary(glyphs: dict[int, list[dict]], narrative_lines) -> dict:
    """What document.json records about OCR: the pages, the engine and settings, and every
    number of the narrative read by OCR with its lowest digit confidence and its box (table
    cells carry theirs in the cells' ``ocr_conf``)."""
    if not glyphs:
        return {}
    numbers = []
    for line in narrative_lines:
        if line.page not in glyphs:
            continue
        chars, text = [], ""
        for c in line.chars:
            if "conf" not in c:
                continue
            if chars and c["x0"] - chars[-1]["x1"] > 0.6 * max(c["size"], 1):
                chars.append(None)   # a visible gap ends a number
                text += " "
            chars.append(c)
            text += c["text"]
        for m in _NUMBER.finditer(text):
            run = chars[m.start():m.end()]
            numbers.append({"page": line.page, "text": m.group(0),
                            "conf": min(c["conf"] for c in run if c["text"].isdigit()),
                            "bbox": [min(c["x0"] for c in run), min(c["top"] for c in run),
                                     max(c["x1"] for c in run), max(c["bottom"] for c in run)]})
    confs = [c["conf"] for g in glyphs.values() for c in g]
    return {"pages": sorted(glyphs), "engine": f"tesseract {engine_version()} {LANG}", "dpi": DPI,
            "low_conf": LOW_CONF, "glyphs": len(confs),
            "low_conf_glyphs": sum(1 for c in confs if c < LOW_CONF), "numbers": numbers}
