"""Reading any inventory file into a stream of observations."""

from __future__ import annotations

import datetime
import io
import os
from collections.abc import Iterator
from typing import IO

from govdx.domain.tabular import Source

from ..observations import Observation
from .cyclonedx import read_cyclonedx
from .detection import HEAD_SIZE, InventoryFormat, detect_format
from .osquery import read_osquery
from .spdx import read_spdx
from .spreadsheets import read_spreadsheet


def read_inventory(
    source: Source,
    fmt: InventoryFormat | str = InventoryFormat.AUTO,
    *,
    filename: str | None = None,
    observed: datetime.date | None = None,
    hostname: str | None = None,
) -> Iterator[Observation]:
    """Stream the observations in an inventory file, in file order.

    `source` is a path or a binary file object (read from its current position; a file that
    cannot seek is read into memory first). `fmt` AUTO tells the format by `detect_format`
    from `filename` (else the path's name) and the first bytes. Spreadsheets and osquery
    result logs are read a row or line at a time; SBOMs and osqueryi output whole.

    `observed` is the day seen for a device whose source does not say. `hostname` names the
    device for a file that does not (osqueryi output without system_info, an OBOM whose
    metadata names only the operating system, a ConfigMgr export with no host name column);
    a file that identifies its devices keeps its own names.

    Raises ImportProblems for a file that cannot be read as its format: unknown, malformed,
    missing a required element or headings, or not saying which device it describes. Trouble
    with one row or record (no host name, serial or asset tag; an unreadable date or kind) is
    in that observation's `problems` and reading goes on, so that every problem can be listed
    before the caller refuses the file.
    """
    if isinstance(source, str | os.PathLike):
        name = filename or os.path.basename(os.fspath(source))
        with open(source, "rb") as binary:
            yield from _read(binary, InventoryFormat(fmt), name, observed, hostname)
    else:
        yield from _read(source, InventoryFormat(fmt), filename or "", observed, hostname)


def _read(
    binary: IO[bytes],
    fmt: InventoryFormat,
    filename: str,
    observed: datetime.date | None,
    hostname: str | None,
) -> Iterator[Observation]:
    if not binary.seekable():
        binary = io.BytesIO(binary.read())
    start = binary.tell()
    head = binary.read(HEAD_SIZE)
    binary.seek(start)
    if fmt is InventoryFormat.AUTO:
        fmt = detect_format(filename, head)
    name = filename or "the file"
    if fmt in (InventoryFormat.CSV, InventoryFormat.XLSX):
        yield from read_spreadsheet(binary, name=name, hostname=hostname, observed=observed)
    elif fmt is InventoryFormat.CYCLONEDX:
        yield from read_cyclonedx(binary.read(), name=name, hostname=hostname, observed=observed)
    elif fmt is InventoryFormat.SPDX:
        yield from read_spdx(binary.read(), name=name, observed=observed)
    else:
        yield from read_osquery(binary, name=name, hostname=hostname, observed=observed)
