"""One filterset per model, shared by the pages and the API."""

from __future__ import annotations

import django_filters

from govdx.governance.choices import BoardKind, PaperKind
from govdx.governance.models import Board, BoardAction, Decision, Objective, Paper
from govdx.org.filtersets import FilterForm, SearchFilterSet, yes_no_filter
from govdx.org.models import Person


class BoardFilterSet(SearchFilterSet):
    search_fields = ("name", "terms_of_reference")
    kind = django_filters.ChoiceFilter(choices=BoardKind.choices, empty_label="Any kind")

    class Meta:
        model = Board
        fields = ("q", "kind")
        form = FilterForm


def _board_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        queryset=Board.objects.order_by("name"), empty_label="Any board"
    )


class PaperFilterSet(SearchFilterSet):
    search_fields = ("title", "summary")
    board = django_filters.ModelChoiceFilter(
        field_name="meeting__board", queryset=Board.objects.order_by("name"),
        empty_label="Any board", label="Board",
    )  # fmt: skip
    kind = django_filters.ChoiceFilter(choices=PaperKind.choices, empty_label="Any kind")

    class Meta:
        model = Paper
        fields = ("q", "board", "kind")
        form = FilterForm


class DecisionFilterSet(SearchFilterSet):
    search_fields = ("title", "rationale", "options_considered")
    board = _board_filter()
    decided_from = django_filters.DateFilter(
        field_name="decided_on", lookup_expr="gte", label="Decided on or after"
    )

    class Meta:
        model = Decision
        fields = ("q", "board", "decided_from")
        form = FilterForm


class BoardActionFilterSet(SearchFilterSet):
    search_fields = ("description",)
    board = _board_filter()
    owner = django_filters.ModelChoiceFilter(
        queryset=Person.objects.filter(board_actions__isnull=False)
        .distinct()
        .order_by("full_name"),
        empty_label="Anyone",
    )
    open = yes_no_filter("Open", field_name="completed_on", lookup_expr="isnull")

    class Meta:
        model = BoardAction
        fields = ("q", "board", "owner", "open")
        form = FilterForm


class ObjectiveFilterSet(SearchFilterSet):
    search_fields = ("title", "description", "outcomes")

    class Meta:
        model = Objective
        fields = ("q",)
        form = FilterForm
