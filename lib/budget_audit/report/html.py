"""Executed report notebook → self-contained, offline, code-free report.html."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
_NUMERIC_REF = re.compile(r"&#(\d{3,7});")


def _printable(m: re.Match) -> str:
    """A numeric reference to a printable character beyond Latin-1's controls, as the character
    (never markup-significant); any other reference stays as written."""
    n = int(m.group(1))
    return chr(n) if 160 <= n <= 0x10FFFF and chr(n).isprintable() else m.group(0)


@cache
def exporter():
    """One exporter per process: its templates are compiled once, for every document.

    nbconvert's HTMLExporter re-parses its whole output with BeautifulSoup to add a placeholder
    alt text to images and tabindex to cells, which costs more than the rest of the conversion;
    here the template's output is kept as it is and the charts get their alt text directly.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            resources = self._init_resources(resources)
            self.register_filter("highlight_code", Highlight2HTML(pygments_lexer="ipython3", parent=self))
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            # the heading-anchor filter serialises non-ASCII as numeric references (&#19968;):
            # written back as the characters, the report's text reads (and searches) as printed
            html = _NUMERIC_REF.sub(_printable, html)
            return html.replace('<img src="data:image/png', '<img alt="图表" src="data:image/png'), resources

    return ReportExporter(
        template_name="offline",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def notebook_to_html(notebook: Path) -> str:
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    html, _ = exporter().from_notebook_node(nb, resources={"metadata": {"name": "审计报告"}})
    return html
