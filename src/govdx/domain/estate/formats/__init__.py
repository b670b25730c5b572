"""Inventory files as a stream of `Observation`s, whatever their format: spreadsheets (CSV or
workbook: supplier returns, Intune, Lansweeper and ConfigMgr exports), CycloneDX and SPDX
SBOMs, and osquery results. Plain Python; spreadsheets go through `govdx.domain.tabular`.

    for observation in read_inventory(upload, filename="estate.csv", observed=today):
        problems.extend(observation.problems)
"""

from .detection import HEAD_SIZE, InventoryFormat, detect_format
from .reading import read_inventory
from .spreadsheets import COLUMNS, KIND_WORDS, parse_kind

__all__ = [
    "COLUMNS",
    "HEAD_SIZE",
    "KIND_WORDS",
    "InventoryFormat",
    "detect_format",
    "parse_kind",
    "read_inventory",
]
