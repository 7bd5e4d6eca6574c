"""placeholder"""
from ._core import rule  # noqa: F401
