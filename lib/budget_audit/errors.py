"""Errors the user can act on, each with its own exit status (documented in README)."""

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_PARAMETERS = 2
EXIT_BAD_INPUT = 3


class AuditError(Exception):
    """An error with a one-line message meant for the user, not a traceback."""

    exit_status = EXIT_INTERNAL


class BadParameters(AuditError):
    """The command line or notebook parameters are wrong (bad YEAR, missing file...)."""

    exit_status = EXIT_BAD_PARAMETERS


class BadInput(AuditError):
    """The document cannot be audited: not a PDF, empty, truncated, encrypted, scanned, no tables."""

    exit_status = EXIT_BAD_INPUT
