"""The CJK font used for chart labels (Debian package fonts-wqy-microhei, see tools/system-packages.txt)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .errors import AuditError

CANDIDATES = [
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
]


@cache
def cjk_font() -> Path:
    for path in CANDIDATES:
        if path.is_file():
            return path
    raise AuditError("no CJK font found for chart labels: run `make setup` "
                     "(or apt-get install fonts-wqy-microhei)")


@cache
def use_cjk_font_in_matplotlib() -> str:
    """Register the font file directly: matplotlib's font cache may predate its installation."""
    import matplotlib
    from matplotlib import font_manager

    path = cjk_font()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams["font.family"] = [name]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return name
