"""``python -m budget_audit.rules OUT.md``: write the rules catalogue as Markdown (``make docs``)."""
import sys
from pathlib import Path

from . import render_rules_md


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m budget_audit.rules OUT.md", file=sys.stderr)
        return 2
    Path(args[0]).write_text(render_rules_md(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
