"""Write tests/data/unruled_table.pdf: a budget table whose columns are aligned by text only
(no ruling lines at all), typeset with reportlab and the WenQuanYi font the default document
uses.  The numbers foot (3 → 5 → 7-digit codes, 合计 row, 合计 = 基本支出 + 项目支出).

    .venv/bin/python tools/make_unruled_fixture.py
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "unruled_table.pdf"
FONT, FONT_PATH = "WQY", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

TITLE = "2025年一般公共预算支出表"
HEADER = ("科目编码", "科目名称", "合计", "基本支出", "项目支出")
ROWS = [
    ("", "合计", "1,234.50", "1,004.50", "230.00"),
    ("201", "一般公共服务支出", "1,034.50", "804.50", "230.00"),
    ("20103", "政府办公厅（室）及相关机构事务", "1,034.50", "804.50", "230.00"),
    ("2010301", "行政运行", "804.50", "804.50", ""),
    ("2010350", "事业运行", "230.00", "", "230.00"),
    ("208", "社会保障和就业支出", "200.00", "200.00", ""),
    ("20805", "行政事业单位养老支出", "200.00", "200.00", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "120.00", "120.00", ""),
    ("2080506", "机关事业单位职业年金缴费支出", "80.00", "80.00", ""),
]
# left edge of text columns, right edge of amount columns
X = (60, 120, 380, 460, 540)


def render(out: Path = OUT, rows=ROWS) -> Path:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    c.setTitle("unruled table fixture")
    w, h = A4
    c.setFont(FONT, 16)
    c.drawCentredString(w / 2, h - 80, TITLE)
    c.setFont(FONT, 9)
    c.drawRightString(X[-1], h - 105, "单位：万元")
    y = h - 130
    for row in (HEADER, *rows):
        for k, text in enumerate(row):
            if k < 2:
                c.drawString(X[k], y, text)
            else:
                c.drawRightString(X[k], y, text)
        y -= 20
    c.showPage()
    c.save()
    return out


if __name__ == "__main__":
    render()
