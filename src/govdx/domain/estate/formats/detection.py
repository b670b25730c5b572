"""Telling an inventory's format from its file name and first bytes."""

from __future__ import annotations

import codecs
import re
from enum import StrEnum
from pathlib import PurePath

from .values import ACCEPTED, refuse


class InventoryFormat(StrEnum):
    """The inventory formats govdx reads; AUTO tells them apart by `detect_format`."""

    AUTO = "auto"
    CSV = "csv"
    XLSX = "xlsx"
    CYCLONEDX = "cyclonedx"
    SPDX = "spdx"
    OSQUERY = "osquery"


HEAD_SIZE = 1 << 16
"""How much of a file `detect_format` is given to look at."""

_WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # xlsx/ods, xls
_WORKBOOK_EXTENSIONS = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
_DOCUMENT_EXTENSIONS = frozenset({".json", ".jsonl", ".ndjson", ".xml", ".log", ".spdx", ".cdx"})
_CYCLONEDX_JSON = re.compile(rb'"bomFormat"\s*:\s*"CycloneDX"')
_CYCLONEDX_XML = b"http://cyclonedx.org/schema/bom/"
_SPDX_JSON = re.compile(rb'"spdxVersion"\s*:')
_OSQUERYI_ARRAY = re.compile(rb"\[\s*(?:\{|\]|$)")
_OSQUERY_KEYS = (b'"hostIdentifier"', b'"diffResults"', b'"snapshot"', b'"osquery_version"')
_OSQUERY_EVENT = re.compile(rb'"columns"\s*:\s*\{')


def detect_format(filename: str, head: bytes) -> InventoryFormat:
    """The format of a file from its name and its first bytes (up to `HEAD_SIZE`).

    CycloneDX by `"bomFormat": "CycloneDX"` or the CycloneDX XML namespace; SPDX by
    `"spdxVersion"`; osquery by a JSON array of rows (osqueryi --json) or by a result record's
    keys (hostIdentifier, snapshot, diffResults, columns; osquery_version for a Fleet
    snapshot); a workbook by its signature or extension; anything else readable as text is a
    CSV. Raises ImportProblems, saying what is accepted, for other JSON or XML (such as a GLPI
    inventory), SPDX tag-value, and binary files.
    """
    name = PurePath(filename).name or "the file"
    extension = PurePath(filename).suffix.lower()
    if head.startswith(_WORKBOOK_SIGNATURES) or extension in _WORKBOOK_EXTENSIONS:
        return InventoryFormat.XLSX
    text = head.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n")
    if text.startswith(b"<"):
        if _CYCLONEDX_XML in text:
            return InventoryFormat.CYCLONEDX
        raise _unknown(name, "an XML document that is not a CycloneDX SBOM")
    if text.startswith((b"{", b"[")):
        if _CYCLONEDX_JSON.search(text):
            return InventoryFormat.CYCLONEDX
        if _SPDX_JSON.search(text):
            return InventoryFormat.SPDX
        if _OSQUERYI_ARRAY.match(text) or any(key in text for key in _OSQUERY_KEYS):
            return InventoryFormat.OSQUERY
        if _OSQUERY_EVENT.search(text) and b'"name"' in text:
            return InventoryFormat.OSQUERY
        if text.startswith(b"{") or extension in _DOCUMENT_EXTENSIONS:
            raise _unknown(name, "a JSON document of a kind govdx does not know")
    if text.startswith(b"SPDXVersion:"):
        raise _unknown(name, "SPDX tag-value; export the SBOM as SPDX JSON")
    if extension in _DOCUMENT_EXTENSIONS:
        raise _unknown(name, f"a {extension} file that is neither JSON nor XML")
    if text.startswith(b"%PDF") or _is_binary(head):
        raise _unknown(name, "not text")
    return InventoryFormat.CSV


def _is_binary(head: bytes) -> bool:
    """NUL bytes outside UTF-16 text (which the spreadsheet reader knows by its BOM)."""
    return b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _unknown(name: str, what: str) -> Exception:
    return refuse(f"{name} is {what}. govdx reads {ACCEPTED}.")
