"""budget-audit: reproducible audits of Chinese government budget disclosures."""

__version__ = "0.1.0"
