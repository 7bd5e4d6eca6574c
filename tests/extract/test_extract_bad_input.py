"""extract_document on unreadable or unsuitable input: one clear BadInput line, or a normal read."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from budget_audit.errors import BadInput
from budget_audit.extract import extract_document
from corpus_docs import corpus_pdf

ROOT = Path(__file__).resolve().parents[2]
SMALL = "js_rd_2019_dept_budget_tables"  # 13 pages, tables only


def _small() -> Path:
    return corpus_pdf(SMALL)


def test_missing(tmp_path):
    with pytest.raises(BadInput, match="not found"):
        extract_document(tmp_path / "nope.pdf")


def test_empty(tmp_path):
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    with pytest.raises(BadInput, match="empty file"):
        extract_document(p)


def test_not_pdf(tmp_path):
    p = tmp_path / "page.pdf"
    p.write_text("<html><body>Not found</body></html>")
    with pytest.raises(BadInput) as e:
        extract_document(p)
    assert str(e.value) == "page.pdf: not a PDF file (starts with b'<html><body>')"


@pytest.mark.parametrize("frac", [0.1, 0.5, 0.9, 0.999])
def test_truncated(tmp_path, frac):
    data = _small().read_bytes()
    p = tmp_path / "cut.pdf"
    p.write_bytes(data[: int(len(data) * frac)])
    with pytest.raises(BadInput, match="truncated|damaged"):
        extract_document(p)


def _encrypt(src: Path, dst: Path, user: str, permissions: int | None = None):
    w = PdfWriter(clone_from=PdfReader(src))
    kw = {"permissions_flag": permissions} if permissions is not None else {}
    w.encrypt(user_password=user, owner_password="owner-secret", algorithm="AES-128", **kw)
    with open(dst, "wb") as f:
        w.write(f)


def test_password_protected(tmp_path):
    p = tmp_path / "locked.pdf"
    _encrypt(_small(), p, "secret")
    with pytest.raises(BadInput, match="password-protected"):
        extract_document(p)


def test_empty_user_password_with_restrictions_reads_normally(tmp_path):
    p = tmp_path / "restricted.pdf"
    _encrypt(_small(), p, "", permissions=0)
    plain = extract_document(_small())
    enc = extract_document(p)
    assert enc.meta["encrypted"] is True
    assert sorted(enc.tables) == sorted(plain.tables)
    assert enc.cells.drop(columns=["table_id"]).equals(plain.cells.drop(columns=["table_id"]))
    assert enc.meta["sha256"] != plain.meta["sha256"]


def _text_pdf(pages: list[str]) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for text in pages:
        c.drawString(72, 720, text)
        c.showPage()
    c.save()
    return buf.getvalue()


def test_pdf_without_budget_tables(tmp_path):
    p = tmp_path / "letter.pdf"
    p.write_bytes(_text_pdf(["Dear reader, this is a letter.", "Nothing to audit here."]))
    with pytest.raises(BadInput, match="no budget table found.*income_expense_summary"):
        extract_document(p)


def test_scanned_only(tmp_path):
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(50, 50, 300, 300, fill=1)
    c.showPage()
    c.save()
    p = tmp_path / "scan.pdf"
    p.write_bytes(buf.getvalue())
    with pytest.raises(BadInput, match="no text layer"):
        extract_document(p)


def test_narrative_only_part_is_not_an_error():
    ex = extract_document(corpus_pdf("js_rd_2019_dept_budget"))
    assert ex.narrative_only and not ex.tables and ex.missing == []
    assert any("收支预算" in s["heading"] or "预算" in s["heading"] for s in ex.narrative)
