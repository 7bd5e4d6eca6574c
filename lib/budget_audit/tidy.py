"""The tidy cell table: one row per value cell. See docs/ARCHITECTURE.md."""

TIDY_COLUMNS = [
    "table_id", "row", "code", "name", "level", "column",
    "value", "decimals", "raw", "unit", "value_wan",
    "page", "x0", "y0", "x1", "y1",
    "ocr_conf",   # lowest OCR confidence (0-100) of the cell's glyphs; blank for a text layer
]
