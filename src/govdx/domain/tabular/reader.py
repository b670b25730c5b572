"""Reading a CSV or workbook: find the heading row, map headings to columns, parse every cell
and collect every problem, placed by the row number the spreadsheet shows.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from operator import itemgetter
from typing import IO, NamedTuple

from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from .headings import Column, HeadingMatch, describe_missing, heading_lookup, match_headings
from .parsers import Cell, ParseError, cell_to_text, is_blank
from .problems import ImportProblems, Problem

Source = str | os.PathLike[str] | IO[bytes]
"""A path, or a binary file object such as an upload (read from its current position)."""

NumberedRow = tuple[int, Sequence[Cell]]


@dataclass(frozen=True)
class ParsedRow:
    """One data row: `number` as the spreadsheet shows it; `values` has every column key, None
    where blank or unreadable; `problems` are this row's.
    """

    number: int
    values: dict[str, object]
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class TableResult:
    """Everything read from a file: every data row, every problem (file-level first, then by
    row; at most `max_problems` and a last "and N more"), and headings no column wanted.
    """

    rows: list[ParsedRow]
    problems: list[Problem]
    ignored_headings: tuple[str, ...] = ()
    header_row: int | None = None
    headings: dict[str, str] = field(default_factory=dict)  # column key -> heading as in the file

    def heading(self, key: str, fallback: str) -> str:
        """The heading the file gives column `key`, for naming it in a problem."""
        return self.headings.get(key, fallback)

    @property
    def ok(self) -> bool:
        """True when nothing was wrong."""
        return not self.problems

    @property
    def valid_rows(self) -> list[ParsedRow]:
        """The rows with no problems of their own."""
        return [row for row in self.rows if not row.problems]


@dataclass(frozen=True)
class _Layout:
    """Where the headings are and what they mean; `problems` are duplicate headings."""

    header_row: int
    match: HeadingMatch
    problems: tuple[Problem, ...] = ()


def read_table(
    source: Source,
    columns: Sequence[Column],
    *,
    sheet: str | None = None,
    header_search_rows: int = 20,
    filename: str | None = None,
    max_problems: int = 1000,
) -> TableResult:
    """Read a whole CSV or workbook, collecting every problem rather than stopping at one.

    A file that cannot be read, a missing sheet or missing headings give a result with that
    one problem and no rows. Duplicate headings are reported and the first of them is used.
    """
    name = _display_name(source, filename)
    lookup = heading_lookup(columns)
    try:
        layout, data = _find_headings(source, lookup, columns, sheet, header_search_rows, name)
    except ImportProblems as error:
        return TableResult(rows=[], problems=list(error.problems))
    rows: list[ParsedRow] = []
    problems = list(layout.problems)
    unreported = 0
    try:
        for row in _parse_rows(data, columns, layout):
            rows.append(row)
            room = max(max_problems - len(problems), 0)
            problems.extend(row.problems[:room])
            unreported += len(row.problems[room:])
    except ImportProblems as error:  # the file stopped being readable part way through
        problems.extend(error.problems)
    if unreported:
        problems.append(Problem(None, None, f"and {unreported} more {_plural(unreported)}"))
    return TableResult(
        rows, problems, layout.match.ignored, layout.header_row, dict(layout.match.headings)
    )


def iter_rows(
    source: Source,
    columns: Sequence[Column],
    *,
    sheet: str | None = None,
    header_search_rows: int = 20,
    filename: str | None = None,
) -> Iterator[ParsedRow]:
    """Stream the data rows of a large file, each carrying its own problems.

    Raises ImportProblems before the first row for a problem with the whole file (unreadable,
    no such sheet, headings missing or duplicated), or where a CSV stops being readable.
    """
    name = _display_name(source, filename)
    lookup = heading_lookup(columns)
    layout, data = _find_headings(source, lookup, columns, sheet, header_search_rows, name)
    if layout.problems:
        raise ImportProblems(layout.problems)
    yield from _parse_rows(data, columns, layout)


@dataclass(frozen=True, eq=False)
class ParsedGroup:
    """Some columns of one row, parsed: `values` has each column's key (None where blank or
    unreadable); `problems` are (column position, heading, message), placed by the row that
    carries the group. Rows whose cells in the group repeat share one ParsedGroup object, so
    that a caller may remember what it made of a group by the object itself.
    """

    values: dict[str, object]
    problems: tuple[tuple[int, str, str], ...]
    blank: bool
    types: tuple[type, ...] | None  # the cells' types, where any cell is not text


class GroupedRow(NamedTuple):
    """One data row, read as groups of columns (in the order the groups were asked for)."""

    number: int
    groups: tuple[ParsedGroup, ...]

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The row's problems, in the order of their columns in the file."""
        found = [problem for group in self.groups for problem in group.problems]
        if not found:
            return ()
        return tuple(
            Problem(self.number, heading, message) for _, heading, message in sorted(found)
        )


def iter_grouped_rows(
    source: Source,
    groups: Sequence[Sequence[Column]],
    *,
    sheet: str | None = None,
    header_search_rows: int = 20,
    filename: str | None = None,
) -> Iterator[GroupedRow]:
    """Stream the data rows of a large file as groups of columns, each group parsed once for
    the cells it holds however many rows repeat them: an inventory's device columns repeat on
    each of the device's software rows, and its software columns on each device.

    Rows with nothing under any known heading are skipped. Raises ImportProblems as
    `iter_rows` does.
    """
    columns = [column for group in groups for column in group]
    name = _display_name(source, filename)
    lookup = heading_lookup(columns)
    layout, data = _find_headings(source, lookup, columns, sheet, header_search_rows, name)
    if layout.problems:
        raise ImportProblems(layout.problems)
    positions = layout.match.positions
    parsers = [_GroupMemo(group, layout).parse for group in groups]
    widest = max((positions[c.key] for c in columns if c.key in positions), default=-1)
    padding = (None,) * (widest + 1)
    for number, cells in data:
        if len(cells) <= widest:
            cells = (*cells, *padding[len(cells) :])
        parsed = tuple([parse(cells) for parse in parsers])
        for group in parsed:
            if not group.blank:
                yield GroupedRow(number, parsed)
                break


def _picker(positions: list[int]) -> Callable[[Sequence[Cell]], tuple[Cell, ...]]:
    """A function taking the cells at `positions` from a row, as a tuple."""
    if len(positions) > 1:
        return itemgetter(*positions)

    def pick(row: Sequence[Cell]) -> tuple[Cell, ...]:
        return tuple(row[at] for at in positions)

    return pick


class _GroupMemo:
    """One group's columns with a bounded memory of the cells recently seen under them."""

    __slots__ = ("cells", "empty", "memory", "placed")

    def __init__(self, group: Sequence[Column], layout: _Layout) -> None:
        positions = layout.match.positions
        headings = layout.match.headings
        found = [column for column in group if column.key in positions]
        self.placed = [
            (
                column.key,
                positions[column.key],
                _CellMemo(column, headings.get(column.key, column.label)),
            )
            for column in found
        ]
        at = [positions[column.key] for column in found]
        self.cells = _picker(at)
        self.empty = dict.fromkeys((column.key for column in group), None)
        self.memory: dict[tuple[Cell, ...], ParsedGroup] = {}

    def parse(self, row: Sequence[Cell]) -> ParsedGroup:
        cells = self.cells(row)
        try:
            group = self.memory.get(cells)
        except TypeError:  # an unhashable cell: parse the group every time
            return self._parse(cells)
        if group is not None and (group.types is None or group.types == tuple(map(type, cells))):
            return group
        group = self._parse(cells)
        if len(self.memory) >= _MEMO_SIZE:
            self.memory.clear()
        self.memory[cells] = group
        return group

    def _parse(self, cells: tuple[Cell, ...]) -> ParsedGroup:
        values = self.empty.copy()
        problems: list[tuple[int, str, str]] = []
        blank = True
        for (key, at, memo), cell in zip(self.placed, cells, strict=True):
            outcome = memo.parse(cell)
            if outcome is _BLANK:
                if memo.required:
                    problems.append((at, memo.heading, "a value is required"))
                continue
            blank = False
            if type(outcome) is _Failure:
                problems.append((at, memo.heading, outcome.message))
            else:
                values[key] = outcome
        typed = any(cell is not None and type(cell) is not str for cell in cells)
        return ParsedGroup(
            values, tuple(problems), blank, tuple(map(type, cells)) if typed else None
        )


def _plural(count: int) -> str:
    return "problem" if count == 1 else "problems"


def _display_name(source: Source, filename: str | None) -> str:
    if filename:
        return filename
    if isinstance(source, str | os.PathLike):
        return os.path.basename(os.fspath(source))
    return "the file"


# --- finding the headings ------------------------------------------------------------------


def _find_headings(
    source: Source,
    lookup: dict[str, Column],
    columns: Sequence[Column],
    sheet: str | None,
    search_rows: int,
    name: str,
) -> tuple[_Layout, Iterator[NumberedRow]]:
    """The heading row: of the first `search_rows` rows holding every required heading, the
    one matching most columns (the first on a tie); the rows after it follow.
    """
    if search_rows < 1:
        raise ValueError("header_search_rows must be at least 1")
    rows = _numbered_rows(source, sheet, name)
    searched = list(islice(rows, search_rows))
    required = [column for column in columns if column.required]
    best: tuple[int, HeadingMatch] | None = None
    closest: tuple[int, HeadingMatch] | None = None  # most required found, to say what is not
    for position, (_, cells) in enumerate(searched):
        match = match_headings(cells, lookup)
        found = sum(column.key in match.positions for column in required)
        if closest is None or found > closest[0]:
            closest = (found, match)
        complete = found == len(required) and bool(match.positions)
        if complete and (best is None or len(match.positions) > len(best[1].positions)):
            best = (position, match)
    if best is None:
        found_keys = set(closest[1].positions) if closest else set()
        problem = _missing_headings(searched, rows, required, columns, found_keys, name)
        rows.close()  # let go of the file now rather than when collected
        raise ImportProblems([problem])
    position, match = best
    header_row = searched[position][0]
    duplicates = tuple(
        Problem(
            header_row,
            heading,
            f"this heading and \u201c{match.headings[key]}\u201d both mean the same column; "
            "keep one",
        )
        for key, heading in match.duplicates
    )
    return _Layout(header_row, match, duplicates), chain(searched[position + 1 :], rows)


def _missing_headings(
    searched: list[NumberedRow],
    rest: Iterator[NumberedRow],
    required: list[Column],
    columns: Sequence[Column],
    found: set[str],
    name: str,
) -> Problem:
    nothing_searched = all(all(is_blank(cell) for cell in cells) for _, cells in searched)
    if nothing_searched and next(rest, None) is None:
        return Problem(None, None, f"{name} is empty")
    place = f"the first {len(searched)} rows of {name}"
    missing = [column for column in required if column.key not in found]
    if missing:
        return Problem(
            None,
            None,
            f"Could not find the headings in {place}. Missing: {describe_missing(missing)}.",
        )
    return Problem(
        None,
        None,
        f"Could not find the headings in {place}. Expected at least one of: "
        f"{describe_missing(columns)}.",
    )


# --- parsing rows --------------------------------------------------------------------------


def _parse_rows(
    data: Iterator[NumberedRow], columns: Sequence[Column], layout: _Layout
) -> Iterator[ParsedRow]:
    """Parse each row in heading order, skipping rows with nothing under any known heading.

    Inventories and registers repeat their cells row after row (a device's name on each of
    its software rows, a department on every risk), so each column remembers what its recent
    cells parsed to: a parser is a pure function of the cell, and a repeated cell costs one
    look-up rather than a parse.
    """
    positions = layout.match.positions
    headings = layout.match.headings
    found = sorted((c for c in columns if c.key in positions), key=lambda c: positions[c.key])
    placed = [
        (
            column.key,
            positions[column.key],
            _CellMemo(column, headings.get(column.key, column.label)),
        )
        for column in found
    ]
    empty = dict.fromkeys((column.key for column in columns), None)
    for number, cells in data:
        width = len(cells)
        values: dict[str, object] = empty.copy()
        problems: list[Problem] = []
        filled = False
        for key, at, memo in placed:
            outcome = memo.parse(cells[at] if at < width else None)
            if outcome is _BLANK:
                if memo.required:
                    problems.append(Problem(number, memo.heading, "a value is required"))
                continue
            filled = True
            if type(outcome) is _Failure:
                problems.append(Problem(number, memo.heading, outcome.message))
            else:
                values[key] = outcome
        if filled:
            yield ParsedRow(number, values, tuple(problems))


@dataclass(frozen=True)
class _Failure:
    message: str


_BLANK = object()
_MEMO_SIZE = 4096


class _CellMemo:
    """One column's parser with a bounded memory of recent cells: what each parsed to, a
    _Failure for a cell the parser refused, or _BLANK for a blank cell."""

    __slots__ = ("heading", "memory", "parser", "required")

    def __init__(self, column: Column, heading: str) -> None:
        self.parser = column.parser
        self.required = column.required
        self.heading = heading
        self.memory: dict[object, object] = {}

    def parse(self, cell: Cell) -> object:
        try:
            return self.memory[(type(cell), cell)]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell: parse it every time
            return self._parse(cell)
        outcome = self._parse(cell)
        if len(self.memory) >= _MEMO_SIZE:
            self.memory.clear()
        # Keyed with the type, so that 1, 1.0 and True (equal in Python) stay apart.
        self.memory[(type(cell), cell)] = outcome
        return outcome

    def _parse(self, cell: Cell) -> object:
        if is_blank(cell):
            return _BLANK
        try:
            return self.parser(cell)
        except ParseError as error:
            return _Failure(error.message)


# --- reading files -------------------------------------------------------------------------

_ZIP = b"PK\x03\x04"  # xlsx, xlsm, ods
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # xls
_CHUNK = 1 << 20
_SAMPLE = 1 << 16
_DELIMITERS = (",", ";", "\t")


def _numbered_rows(
    source: Source, sheet: str | None, name: str
) -> Generator[NumberedRow, None, None]:
    """Rows numbered as the spreadsheet shows them, from 1, blank rows included."""
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as binary:
            yield from _rows_from_binary(binary, sheet, name)
    else:
        yield from _rows_from_binary(source, sheet, name)


def _rows_from_binary(binary: IO[bytes], sheet: str | None, name: str) -> Iterator[NumberedRow]:
    if not binary.seekable():
        binary = io.BytesIO(binary.read())
    start = binary.tell()
    signature = binary.read(len(_OLE))
    binary.seek(start)
    if signature.startswith(_ZIP) or signature == _OLE:
        yield from _workbook_rows(binary, sheet, name)
    else:
        yield from _csv_rows(binary, start, name)


def _workbook_rows(binary: IO[bytes], sheet: str | None, name: str) -> Iterator[NumberedRow]:
    """Rows of one sheet via calamine, whose iter_rows pads the rows above the data, so the
    count from 1 is the spreadsheet's row number.
    """
    try:
        with CalamineWorkbook.from_filelike(binary) as workbook:
            chosen = _choose_sheet(workbook, sheet, name)
            worksheet = workbook.get_sheet_by_name(chosen)
    except CalamineError as error:
        problem = Problem(None, None, f"{name} could not be read as a spreadsheet ({error})")
        raise ImportProblems([problem]) from error
    if worksheet.start is None:
        return
    yield from enumerate(worksheet.iter_rows(), start=1)


def _choose_sheet(workbook: CalamineWorkbook, sheet: str | None, name: str) -> str:
    """The sheet named (ignoring case and outer spaces), else the first visible worksheet."""
    if sheet is None:
        for metadata in workbook.sheets_metadata:
            if (
                metadata.typ == SheetTypeEnum.WorkSheet
                and metadata.visible == SheetVisibleEnum.Visible
            ):
                return metadata.name
        return workbook.sheet_names[0]
    wanted = sheet.strip().casefold()
    for existing in workbook.sheet_names:
        if existing.strip().casefold() == wanted:
            return existing
    sheets = ", ".join(f"\u201c{existing}\u201d" for existing in workbook.sheet_names)
    message = f"{name} has no sheet called \u201c{sheet}\u201d; its sheets are {sheets}"
    raise ImportProblems([Problem(None, None, message)])


def _csv_rows(binary: IO[bytes], start: int, name: str) -> Iterator[NumberedRow]:
    """Records of a CSV, numbered as a spreadsheet opening it shows them (a quoted field's
    line breaks stay inside its row).
    """
    encoding = _detect_encoding(binary, start)
    head = binary.read(_SAMPLE)
    binary.seek(start)
    sample = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head)
    delimiter = _sniff_delimiter(sample, truncated=len(head) == _SAMPLE)
    text = io.TextIOWrapper(binary, encoding=encoding, newline="")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        problem = Problem(reader.line_num or None, None, f"{name} is not a readable CSV ({error})")
        raise ImportProblems([problem]) from error
    finally:
        text.detach()  # leave the caller's file open


def _detect_encoding(binary: IO[bytes], start: int) -> str:
    """UTF-16 by its byte-order mark; else UTF-8 (with or without BOM) if the whole file
    decodes as such; else Windows-1252; else Latin-1, which decodes anything.
    """
    head = binary.read(2)
    binary.seek(start)
    if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := binary.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        else:
            return encoding
        finally:
            binary.seek(start)
    return "latin-1"


def _sniff_delimiter(sample: str, *, truncated: bool) -> str:
    """Of comma, semicolon and tab, the one giving the most rows of the same width (above one);
    comma when none splits the rows. A title row above the headings does not sway it.
    """
    lines = sample.splitlines(keepends=True)
    if truncated and len(lines) > 1:
        lines = lines[:-1]  # the sample may end mid-row
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        widths = Counter(
            len(row)
            for row in islice(csv.reader(lines, delimiter=delimiter), 100)
            if len(row) > 1 and any(cell_to_text(cell) for cell in row)
        )
        if widths:
            width, count = widths.most_common(1)[0]
            if (count, width) > best_score:
                best, best_score = delimiter, (count, width)
    return best
