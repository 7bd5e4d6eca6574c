"""Errors the user can act on, each with its own exit status (documented in README)."""

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_PARAMETERS = 2
EXIT_BAD_INPUT = 3
EXIT_PARTIAL = 4  # audited, but an output failed (status.json lists each part and why)


class AuditError(Exception):
    """An error with a one-line message meant for the user, not a traceback."""

    exit_status = EXIT_INTERNAL


class BadParameters(AuditError):
    """The command line or notebook parameters are wrong (bad YEAR, missing file...)."""

    exit_status = EXIT_BAD_PARAMETERS


class BadInput(AuditError):
    """The document cannot be audited: not a PDF, empty, truncated, encrypted, scanned, no tables."""

    exit_status = EXIT_BAD_INPUT


# Why a document may be refused (README, exit status 3), each with words its message holds.
# A refusal that matches none of them is not a documented case: a bug (tests/e2e/test_corpus_audit.py).
BAD_INPUT_CASES = {
    "not_a_pdf": ("not a PDF file", "is a directory", "file not found", "cannot be read"),
    "empty": ("empty file", "PDF has no pages"),
    "truncated": ("truncated PDF",),
    "password": ("password-protected",),
    "damaged": ("damaged PDF",),
    "nothing_to_read": ("nothing to read",),
    "no_tables": ("no budget table found",),
    "selfeval_only": ("performance self-evaluation",),
}


def bad_input_case(message: str) -> str | None:
    """The documented case a refusal's message names, or None."""
    return next((case for case, words in BAD_INPUT_CASES.items() if any(w in message for w in words)), None)
