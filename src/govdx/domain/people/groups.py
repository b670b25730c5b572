"""People groups by name: a group is a department and a role family, written
"Department / Role family", and a survey file names it that way.

A name in a file matches a group ignoring case, spacing and the spaces around the slash, so
that "revenues and benefits/benefits assessors" and "Revenues and Benefits / Benefits
assessors" are the same group. A name matching no group matches nothing: the caller refuses
it rather than guessing.

    group_name("Revenues and Benefits", "Benefits assessors")
    match_group("revenues and benefits/benefits assessors", known)   # the group, or None
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

T = TypeVar("T")

SEPARATOR = " / "
"""Between the department's name and the role family in a group's name."""


def group_name(department: str, role_family: str) -> str:
    """The group's name as pages, reports and files write it: "Department / Role family"."""
    return f"{' '.join(department.split())}{SEPARATOR}{' '.join(role_family.split())}"


def group_key(name: str) -> str:
    """`name` folded for matching: case, runs of spaces and the spaces around a slash ignored."""
    parts = (" ".join(part.split()).casefold() for part in name.split("/"))
    return "/".join(parts)


def match_group(name: str, known: Mapping[str, T]) -> T | None:
    """The group in `known` (keyed by `group_key` of each group's name) that `name` names."""
    return known.get(group_key(name))


__all__ = ["SEPARATOR", "group_key", "group_name", "match_group"]
