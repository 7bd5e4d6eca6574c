"""Damaged copies of the default PDF (truncated, bytes flipped): every run ends, within a time
bound, with a clean result or a clean BadInput, never a hang or an unexpected exception."""

import random
import signal
from pathlib import Path

import pytest

from budget_audit.errors import BadInput
from budget_audit.extract import extract_document

ROOT = Path(__file__).resolve().parents[2]
DATA = (ROOT / "data" / "raw" / "2024" / "jianghan_dsjzx_2024_budget.pdf").read_bytes()
SECONDS = 120  # a healthy extraction takes a few seconds; a hang is what this bound catches


def _truncated(fraction: float) -> bytes:
    return DATA[: int(len(DATA) * fraction)]


def _flipped(seed: int, count: int) -> bytes:
    rng = random.Random(seed)
    data = bytearray(DATA)
    for _ in range(count):
        position = rng.randrange(len(data))
        data[position] ^= 1 << rng.randrange(8)
    return bytes(data)


CASES = [(f"truncated-{f}", _truncated(f)) for f in (0.001, 0.1, 0.5, 0.9, 0.999)]
CASES += [(f"flipped-{seed}-{n}", _flipped(seed, n)) for seed in range(6) for n in (1, 20, 200)]


class _Hang(Exception):
    pass


def _alarm(signum, frame):
    raise _Hang()


@pytest.mark.parametrize("name, data", CASES, ids=[c[0] for c in CASES])
def test_damaged_pdf_gives_a_clean_error_or_a_clean_result(name, data, tmp_path):
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(data)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SECONDS)
    try:
        result = extract_document(pdf)
    except BadInput as exc:
        message = str(exc)
        assert message.startswith(pdf.name) and "\n" not in message  # one line, naming the file
        return
    except _Hang:
        pytest.fail(f"{name}: no result within {SECONDS} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert result.meta["pages"] > 0
    assert len(result.cells) + len(result.unparsed) >= 0  # a result, however damaged the tables
