"""An interrupted write never leaves a half-written file that looks complete."""

import json
import os

import pytest

from budget_audit import atomic


class Interrupted(Exception):
    pass


def test_an_interrupted_write_keeps_the_previous_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "findings.json"
    atomic.write_json(target, {"summary": {"error": 1}})
    with pytest.raises(Interrupted):
        with atomic.atomic_path(target) as tmp:
            tmp.write_text('{"summary": {"err', encoding="utf-8")  # half of the new content
            raise Interrupted
    assert json.loads(target.read_text(encoding="utf-8")) == {"summary": {"error": 1}}
    assert os.listdir(tmp_path) == ["findings.json"]


def test_an_interrupted_first_write_leaves_nothing(tmp_path):
    with pytest.raises(Interrupted):
        with atomic.atomic_path(tmp_path / "report.html") as tmp:
            tmp.write_text("<html>", encoding="utf-8")
            raise Interrupted
    assert os.listdir(tmp_path) == []


def test_written_files_get_the_usual_permissions_not_the_temporary_0600(tmp_path):
    umask = os.umask(0)
    os.umask(umask)
    atomic.write_text(tmp_path / "report.html", "<html></html>")
    assert (tmp_path / "report.html").stat().st_mode & 0o777 == 0o666 & ~umask
