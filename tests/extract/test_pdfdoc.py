import io

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from budget_audit.errors import BadInput
from budget_audit.pdfdoc import open_pdf


def _pdf(text_pages=(True,)) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for has_text in text_pages:
        if has_text:
            c.drawString(72, 720, "Budget 2024 total 2652.67")
        else:
            c.rect(72, 72, 200, 200, fill=1)
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture
def good(tmp_path):
    p = tmp_path / "good.pdf"
    p.write_bytes(_pdf((True, True)))
    return p


def test_good(good):
    with open_pdf(good) as d:
        assert d.n_pages == 2 and len(d.sha256) == 64 and not d.encrypted
        assert "2652.67" in d.plumber.pages[0].extract_text()


def test_missing(tmp_path):
    with pytest.raises(BadInput, match="not found"):
        open_pdf(tmp_path / "nope.pdf")


def test_empty(tmp_path):
    p = tmp_path / "e.pdf"
    p.write_bytes(b"")
    with pytest.raises(BadInput, match="empty file"):
        open_pdf(p)


def test_not_pdf(tmp_path):
    p = tmp_path / "x.pdf"
    p.write_bytes(b"<html><body>404</body></html>")
    with pytest.raises(BadInput, match=r"x.pdf: not a PDF file \(starts with b'<html"):
        open_pdf(p)


@pytest.mark.parametrize("frac", [0.3, 0.6, 0.95])
def test_truncated(good, tmp_path, frac):
    data = good.read_bytes()
    p = tmp_path / "t.pdf"
    p.write_bytes(data[: int(len(data) * frac)])
    with pytest.raises(BadInput, match="truncated|damaged"):
        open_pdf(p)


def _encrypt(src, dst, user, owner="owner", permissions=None):
    w = PdfWriter(clone_from=PdfReader(src))
    kw = {}
    if permissions is not None:
        kw["permissions_flag"] = permissions
    w.encrypt(user_password=user, owner_password=owner, algorithm="AES-128", **kw)
    with open(dst, "wb") as f:
        w.write(f)


def test_password_protected(good, tmp_path):
    p = tmp_path / "locked.pdf"
    _encrypt(good, p, "secret")
    with pytest.raises(BadInput, match="password-protected"):
        open_pdf(p)


def test_empty_user_password_restricted(good, tmp_path):
    p = tmp_path / "restricted.pdf"
    _encrypt(good, p, "", permissions=0)  # no printing, no copying
    with open_pdf(p) as d:
        assert d.encrypted and d.n_pages == 2
        assert "2652.67" in d.plumber.pages[0].extract_text()
    # camelot reads the decrypted bytes too
    import camelot
    with open_pdf(p) as d:
        camelot.read_pdf(io.BytesIO(d.data), pages="1", flavor="lattice", engine="vector")


def test_scanned_only(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(_pdf((False, False)))
    with pytest.raises(BadInput, match="no text layer"):
        open_pdf(p)


def test_some_pages_scanned(tmp_path):
    p = tmp_path / "mixed.pdf"
    p.write_bytes(_pdf((True, False, True)))
    with open_pdf(p) as d:
        assert d.scanned_pages == [2]
        assert d.warnings
