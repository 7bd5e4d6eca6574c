"""budget-audit: reproducible audits of Chinese government budget disclosures."""

__version__ = "0.1.0"


def __getattr__(name):
    """budget_audit.load(year=None, unit=None) (see api.py), imported on first use: the command
    line and the workers start without pandas."""
    if name == "load":
        from .api import load

        return load
    raise AttributeError(f"module 'budget_audit' has no attribute {name!r}")
