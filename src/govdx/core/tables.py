"""Tables configured, not hand-written: columns, sorting from `?sort=`, pagination from `?page=`.

A table names its columns; the list template renders any table with a caption, sortable headings
marked with aria-sort, and pagination links that keep the filters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models
from django.http import HttpRequest, QueryDict

PER_PAGE_CHOICES = (25, 50, 100, 250)


@dataclass(frozen=True)
class Column:
    """One column: its key, heading, where its value comes from and how it sorts."""

    name: str
    label: str
    accessor: str | None = None
    order_by: str | None = None
    link: bool = False
    numeric: bool = False
    render: Callable[[Any], Any] | None = None

    def value(self, obj: Any) -> Any:
        if self.render is not None:
            return self.render(obj)
        current: Any = obj
        for step in (self.accessor or self.name).split("__"):
            display = getattr(current, f"get_{step}_display", None)
            current = display() if callable(display) else getattr(current, step, None)
            if current is None:
                return None
        if isinstance(current, bool):
            return "Yes" if current else "No"
        if isinstance(current, datetime):
            return current.strftime("%Y-%m-%d %H:%M")
        if isinstance(current, date):
            return current.isoformat()
        return current


@dataclass(frozen=True)
class Cell:
    value: Any
    url: str | None
    numeric: bool


@dataclass(frozen=True)
class Heading:
    column: Column
    sort_url: str | None
    aria_sort: str | None


class Table:
    """Subclass and set `columns`, `default_sort` and `caption`."""

    columns: Sequence[Column] = ()
    default_sort: str = ""
    caption: str = ""

    def __init__(self, queryset: models.QuerySet[Any], request: HttpRequest) -> None:
        self.request = request
        self.params: QueryDict = request.GET
        self.sort = self._sort_key()
        ordered = self._order(queryset)
        per_page = self._per_page()
        self.paginator = Paginator(ordered, per_page)
        self.page: Page[Any] = self.paginator.get_page(self.params.get("page"))

    def _sort_key(self) -> str:
        requested = self.params.get("sort", "")
        allowed = {c.name for c in self.columns if c.order_by}
        if requested.lstrip("-") in allowed:
            return requested
        return self.default_sort

    def _order(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        if not self.sort:
            return queryset
        descending = self.sort.startswith("-")
        column = next(c for c in self.columns if c.name == self.sort.lstrip("-"))
        fields = [f.strip() for f in (column.order_by or column.name).split(",")]
        order = [f"-{f}" if descending else f for f in fields]
        return queryset.order_by(*order, "pk")

    def _per_page(self) -> int:
        try:
            value = int(self.params.get("per_page", PER_PAGE_CHOICES[1]))
        except ValueError:
            return PER_PAGE_CHOICES[1]
        return value if value in PER_PAGE_CHOICES else PER_PAGE_CHOICES[1]

    def url_with(self, **changes: Any) -> str:
        params = self.params.copy()
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = str(value)
        encoded = params.urlencode()
        return f"?{encoded}" if encoded else "?"

    @property
    def headings(self) -> list[Heading]:
        headings = []
        for column in self.columns:
            if not column.order_by:
                headings.append(Heading(column, None, None))
                continue
            current = self.sort.lstrip("-") == column.name
            descending = current and self.sort.startswith("-")
            next_sort = column.name if (not current or descending) else f"-{column.name}"
            aria = ("descending" if descending else "ascending") if current else "none"
            headings.append(Heading(column, self.url_with(sort=next_sort, page=None), aria))
        return headings

    @property
    def rows(self) -> list[list[Cell]]:
        rows = []
        for obj in self.page.object_list:
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None
            rows.append(
                [Cell(c.value(obj), url if c.link else None, c.numeric) for c in self.columns]
            )
        return rows

    @property
    def page_links(self) -> list[dict[str, Any]]:
        links: list[dict[str, Any]] = []
        for number in self.paginator.get_elided_page_range(self.page.number, on_each_side=2):
            if isinstance(number, str) and number == str(Paginator.ELLIPSIS):
                links.append({"ellipsis": True})
            else:
                links.append(
                    {
                        "number": number,
                        "url": self.url_with(page=number),
                        "current": number == self.page.number,
                    }
                )
        return links

    @property
    def previous_url(self) -> str | None:
        if not self.page.has_previous():
            return None
        return self.url_with(page=self.page.previous_page_number())

    @property
    def next_url(self) -> str | None:
        return self.url_with(page=self.page.next_page_number()) if self.page.has_next() else None
