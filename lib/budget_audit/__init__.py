"""budget-audit: reproducible audits of Chinese government budget disclosures."""

__version__ = "0.1.0"

from .api import load  # noqa: E402  budget_audit.load(year=None, unit=None): see api.py
