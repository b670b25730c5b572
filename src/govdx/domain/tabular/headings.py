"""Columns an importer declares, and matching them to the headings a file actually has."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .parsers import Cell, Parser, cell_to_text, normalise_label, parse_text


@dataclass(frozen=True)
class Column:
    """A column to read: `key` names it in each row's values; `label` and `synonyms` are the
    headings accepted, compared ignoring case, spaces and punctuation ("E-mail address:" is
    "Email address"); `parser` turns each non-blank cell into a value. A parser must be a
    pure function returning an immutable value: the reader reuses what a cell parsed to when
    the cell repeats in the column.
    """

    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    parser: Parser = parse_text
    required: bool = False

    @property
    def headings(self) -> tuple[str, ...]:
        """The label then its synonyms."""
        return (self.label, *self.synonyms)


@dataclass(frozen=True)
class HeadingMatch:
    """Which cell of a candidate heading row holds each column, by column key."""

    positions: dict[str, int]
    headings: dict[str, str]  # key -> the heading as the file writes it
    duplicates: tuple[tuple[str, str], ...]  # (key, a second heading for an already-found key)
    ignored: tuple[str, ...]  # headings that match no column, as the file writes them


# A hint in brackets after a heading, as in "Date raised (dd/mm/yyyy)" or "Cost [GBP]".
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def heading_lookup(columns: Sequence[Column]) -> dict[str, Column]:
    """Normalised heading -> column; ValueError when two columns could claim one heading."""
    lookup: dict[str, Column] = {}
    keys: set[str] = set()
    for column in columns:
        if column.key in keys:
            raise ValueError(f"two columns share the key {column.key!r}")
        keys.add(column.key)
        for heading in column.headings:
            normalised = normalise_label(heading)
            if not normalised:
                raise ValueError(f"heading {heading!r} has no letters or digits")
            other = lookup.setdefault(normalised, column)
            if other.key != column.key:
                raise ValueError(
                    f"heading {heading!r} would match {other.key!r} and {column.key!r}"
                )
    return lookup


def match_headings(cells: Sequence[Cell], lookup: dict[str, Column]) -> HeadingMatch:
    """Match each non-blank cell to a column: the whole heading first, then without any
    bracketed hint; the first cell for a column wins and later ones are duplicates.
    """
    positions: dict[str, int] = {}
    headings: dict[str, str] = {}
    duplicates: list[tuple[str, str]] = []
    ignored: list[str] = []
    for index, cell in enumerate(cells):
        text = cell_to_text(cell)
        if not text:
            continue
        column = lookup.get(normalise_label(text)) or lookup.get(
            normalise_label(_BRACKETED.sub(" ", text))
        )
        if column is None:
            ignored.append(text)
        elif column.key in positions:
            duplicates.append((column.key, text))
        else:
            positions[column.key] = index
            headings[column.key] = text
    return HeadingMatch(positions, headings, tuple(duplicates), tuple(ignored))


def describe_missing(columns: Sequence[Column]) -> str:
    """Each column's label with the other headings accepted for it, for a problem message."""
    described = []
    for column in columns:
        text = f"\u201c{column.label}\u201d"
        if column.synonyms:
            text += " (or " + ", ".join(f"\u201c{s}\u201d" for s in column.synonyms) + ")"
        described.append(text)
    return "; ".join(described)
