"""Reading rows as groups of columns, each group parsed once however many rows repeat it,
and the column memory behind `iter_rows`: the same answers as parsing every cell."""

import datetime

import openpyxl
import pytest

from govdx.domain.tabular import (
    Column,
    ImportProblems,
    Problem,
    iter_grouped_rows,
    iter_rows,
    parse_boolean,
    parse_date,
    parse_integer,
    parse_text,
)

DEVICE = (
    Column("host", "Host name", required=True),
    Column("seen", "Last seen", parser=parse_date),
)
SOFTWARE = (
    Column("name", "Software"),
    Column("count", "Count", parser=parse_integer),
)


def write_csv(tmp_path, lines):
    path = tmp_path / "inventory.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_rows_repeating_a_group_share_one_parsed_group(tmp_path):
    path = write_csv(
        tmp_path,
        [
            "Inventory, exported today",
            "Host name,Last seen,Software,Count",
            "PC1,01/10/2026,Firefox,1",
            "PC1,01/10/2026,Chrome,2",
            "PC2,02/10/2026,Firefox,1",
        ],
    )
    rows = list(iter_grouped_rows(path, (DEVICE, SOFTWARE)))
    assert [row.number for row in rows] == [3, 4, 5]
    (pc1, firefox), (same_pc1, chrome), (pc2, same_firefox) = (row.groups for row in rows)
    assert pc1 is same_pc1 and firefox is same_firefox
    assert pc2 is not pc1 and chrome is not firefox
    assert pc1.values == {"host": "PC1", "seen": datetime.date(2026, 10, 1)}
    assert chrome.values == {"name": "Chrome", "count": 2}
    assert all(row.problems == () for row in rows)


def test_problems_are_placed_on_every_row_that_repeats_them_in_column_order(tmp_path):
    path = write_csv(
        tmp_path,
        [
            "Software,Host name,Count,Last seen",
            "Firefox,,many,31/02/2026",
            "Chrome,,many,31/02/2026",
            ",,,",
            "Edge,PC9,3,",
        ],
    )
    rows = list(iter_grouped_rows(path, (DEVICE, SOFTWARE)))
    assert [row.number for row in rows] == [2, 3, 5]  # the blank row 4 is skipped
    for row in rows[:2]:
        assert [(p.row, p.column) for p in row.problems] == [
            (row.number, "Host name"),
            (row.number, "Count"),
            (row.number, "Last seen"),
        ]
        assert row.problems[0].message == "a value is required"
    assert rows[2].problems == ()
    assert rows[2].groups[0].values == {"host": "PC9", "seen": None}


def test_short_rows_read_as_blank_cells(tmp_path):
    path = write_csv(tmp_path, ["Host name,Last seen,Software,Count", "PC1", "PC1,,Edge"])
    rows = list(iter_grouped_rows(path, (DEVICE, SOFTWARE)))
    assert [row.groups[1].blank for row in rows] == [True, False]
    assert rows[1].groups[1].values == {"name": "Edge", "count": None}


def test_missing_headings_are_refused_before_any_row(tmp_path):
    path = write_csv(tmp_path, ["Software,Count", "Edge,1"])
    with pytest.raises(ImportProblems) as refused:
        next(iter_grouped_rows(path, (DEVICE, SOFTWARE), filename="inventory.csv"))
    assert "Host name" in str(refused.value.problems[0])


def test_cells_equal_in_python_but_of_other_types_are_parsed_apart(tmp_path):
    """1, 1.0 and TRUE are equal (and hash alike) in Python, but a spreadsheet shows them as
    "1", "1" and "TRUE": the memory of a column or group must not mix them up."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Host name", "Flag", "Software"])
    for value in (1, True, 1.0, True, 1):
        sheet.append(["PC1", value, value])
    path = tmp_path / "typed.xlsx"
    workbook.save(path)
    flag = (Column("flag", "Flag", parser=parse_text),)
    grouped = [
        row.groups[1].values["flag"]
        for row in iter_grouped_rows(path, ((Column("host", "Host name"),), flag))
    ]
    assert grouped == ["1", "TRUE", "1", "TRUE", "1"]
    columns = [Column("host", "Host name"), *flag, Column("on", "Software", parser=parse_boolean)]
    rows = list(iter_rows(path, columns))
    assert [row.values["flag"] for row in rows] == ["1", "TRUE", "1", "TRUE", "1"]
    assert [row.values["on"] for row in rows] == [True] * 5


def test_a_column_remembers_failures_as_well_as_values(tmp_path):
    path = write_csv(tmp_path, ["Host name,Count", "PC1,x", "PC2,x", "PC3,4"])
    rows = list(iter_rows(path, [Column("host", "Host name"), SOFTWARE[1]]))
    assert [row.problems for row in rows[:2]] == [
        (Problem(2, "Count", rows[0].problems[0].message),),
        (Problem(3, "Count", rows[0].problems[0].message),),
    ]
    assert rows[2].values["count"] == 4
