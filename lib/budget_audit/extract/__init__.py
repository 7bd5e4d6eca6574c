"""Extraction of every table and the narrative of a budget disclosure.

    from budget_audit.extract import extract_document, save, load
    ex = extract_document("data/raw/2024/x.pdf")
    ex.cells      # tidy DataFrame, budget_audit.tidy.TIDY_COLUMNS
    ex.tables     # {table_id: Table(title, unit, pages, frame, ...)}
    save(ex, "data/interim/2024/x"); ex2 = load("data/interim/2024/x")
"""
from .api import extract_document
from .model import Extraction, Table
from .storage import load, save

__all__ = ["extract_document", "save", "load", "Extraction", "Table"]
