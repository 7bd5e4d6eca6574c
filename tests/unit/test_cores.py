"""How many camelot workers read one document: its share of the cores, at most four."""

from budget_audit import cores
from budget_audit.extract import bounds


def test_the_documents_of_a_batch_share_the_cores():
    n = cores.usable()
    assert cores.share(1) == n                # one document alone: every core
    assert cores.share(n) == 1                # as many documents as cores: one each
    assert cores.share(2 * n) == 1            # more documents than cores: never none
    assert cores.share(0) == n


def test_a_document_is_read_by_its_share_and_never_by_more_than_four(monkeypatch):
    monkeypatch.setenv(cores.READERS_ENV, "64")   # a pool on a large machine: memory stays bounded
    assert bounds.readers() == bounds.READERS == 4
    monkeypatch.setenv(cores.READERS_ENV, "1")
    assert bounds.readers() == 1
    monkeypatch.delenv(cores.READERS_ENV)
    assert bounds.readers() == min(4, cores.usable())
