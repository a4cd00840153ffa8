"""A pre-commit run starts fast: the command line loads only what the command it runs uses.

The parser's choices come from :mod:`paramlint.constants`, which imports nothing; where its lists
repeat a registry kept elsewhere, they must stay equal.
"""

from __future__ import annotations

from paramlint import constants
from paramlint.formats import _MODULES
from paramlint.formats.diff import DIFF_FORMATS
from paramlint.render import known_dtypes
from paramlint.rules.config import OUTPUT_FORMATS


def test_constants_equal_the_registries() -> None:
    assert tuple(_MODULES) == OUTPUT_FORMATS == constants.OUTPUT_FORMATS
    assert tuple(DIFF_FORMATS) == constants.DIFF_FORMATS
    assert known_dtypes() == list(constants.DTYPES)
