import datetime
import io

import openpyxl
import pytest

from govdx.domain.tabular import (
    Column,
    ImportProblems,
    Problem,
    choice,
    iter_rows,
    parse_date,
    parse_email,
    parse_money,
    read_table,
)

COLUMNS = [
    Column("title", "Title", synonyms=("Risk title", "Risk name"), required=True),
    Column("owner", "Owner email", synonyms=("Email address", "Owner"), parser=parse_email),
    Column("raised", "Date raised", synonyms=("Raised",), parser=parse_date),
    Column("likelihood", "Likelihood", parser=choice({"rare": 1, "unlikely": 2, "likely": 4})),
    Column("cost", "Cost", parser=parse_money),
]


def write_csv(tmp_path, text, encoding="utf-8", name="risks.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(tmp_path, sheets, name="risks.xlsx", hidden=()):
    """A workbook with one sheet per (title, {cell: value}) pair, made with openpyxl."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, cells in sheets.items():
        worksheet = workbook.create_sheet(title)
        for reference, value in cells.items():
            worksheet[reference] = value
        if title in hidden:
            worksheet.sheet_state = "hidden"
    path = tmp_path / name
    workbook.save(path)
    return path


# --- finding the headings ------------------------------------------------------------------


def test_csv_header_below_a_title_and_a_blank_row_is_found_and_rows_numbered_as_shown(tmp_path):
    path = write_csv(
        tmp_path,
        "Risk register,,\n"
        ",,\n"
        "Title,Date raised,Cost\n"
        "Flood,31/12/2024,\u00a31200\n"
        "Fire,01/02/2025,\u00a35.50\n",
    )

    result = read_table(path, COLUMNS)

    assert result.problems == []
    assert result.header_row == 3
    assert [row.number for row in result.rows] == [4, 5]
    assert result.rows[0].values == {
        "title": "Flood",
        "owner": None,
        "raised": datetime.date(2024, 12, 31),
        "likelihood": None,
        "cost": 120000,
    }


def test_headings_match_synonyms_ignoring_case_spacing_punctuation_and_hints(tmp_path):
    path = write_csv(
        tmp_path,
        "RISK TITLE:,E-mail\u00a0address,date_raised,Cost (\u00a3),Notes,Likelihood*\n"
        "Flood,jo@example.org,31/12/2024,10,see plan,Rare\n",
    )

    result = read_table(path, COLUMNS)

    assert result.problems == []
    assert result.ignored_headings == ("Notes",)
    assert result.rows[0].values == {
        "title": "Flood",
        "owner": "jo@example.org",
        "raised": datetime.date(2024, 12, 31),
        "likelihood": 1,
        "cost": 1000,
    }


def test_heading_row_is_the_one_matching_most_columns(tmp_path):
    path = write_csv(
        tmp_path,
        "Title,Guidance for this register\nTitle,Owner,Cost\nFlood,jo@example.org,5\n",
    )

    result = read_table(path, COLUMNS)

    assert result.header_row == 2
    assert result.rows[0].values["cost"] == 500


def test_missing_required_heading_is_one_problem_naming_it_and_its_synonyms(tmp_path):
    path = write_csv(tmp_path, "Name of risk,Owner\nFlood,jo@example.org\n")

    result = read_table(path, COLUMNS)

    assert result.rows == []
    assert [str(problem) for problem in result.problems] == [
        "Could not find the headings in the first 2 rows of risks.csv. "
        "Missing: \u201cTitle\u201d (or \u201cRisk title\u201d, \u201cRisk name\u201d)."
    ]


def test_heading_row_below_the_search_rows_is_not_found_unless_asked(tmp_path):
    path = write_csv(tmp_path, "\n" * 25 + "Title\nFlood\n")

    assert (
        read_table(path, COLUMNS)
        .problems[0]
        .message.startswith("Could not find the headings in the first 20 rows of risks.csv.")
    )
    assert read_table(path, COLUMNS, header_search_rows=30).rows[0].number == 27


def test_duplicate_headings_are_a_problem_at_the_heading_row(tmp_path):
    path = write_csv(tmp_path, "Title,Risk title\nFlood,Fire\n")

    result = read_table(path, COLUMNS)

    assert [str(problem) for problem in result.problems] == [
        "row 1, column Risk title: this heading and \u201cTitle\u201d both mean the same "
        "column; keep one"
    ]
    assert result.rows[0].values["title"] == "Flood"


def test_columns_that_could_claim_the_same_heading_are_refused():
    columns = [Column("a", "Owner"), Column("b", "Risk owner", synonyms=("OWNER",))]
    with pytest.raises(ValueError, match="would match"):
        read_table(io.BytesIO(b"Owner\n"), columns)


def test_an_empty_file_is_a_problem(tmp_path):
    result = read_table(write_csv(tmp_path, ""), COLUMNS)

    assert [str(problem) for problem in result.problems] == ["risks.csv is empty"]


# --- CSV encodings and delimiters ----------------------------------------------------------


def test_csv_with_a_utf8_byte_order_mark_matches_its_first_heading(tmp_path):
    path = write_csv(tmp_path, "Title,Cost\nCaf\u00e9 roof,\u00a31\n", encoding="utf-8-sig")

    result = read_table(path, COLUMNS)

    assert result.rows[0].values["title"] == "Caf\u00e9 roof"
    assert result.rows[0].values["cost"] == 100


def test_csv_in_windows_1252_is_read_when_it_is_not_utf8(tmp_path):
    path = write_csv(tmp_path, "Title,Cost\nCaf\u00e9 roof,\u00a31200\n", encoding="cp1252")

    result = read_table(path, COLUMNS)

    assert result.rows[0].values == {
        "title": "Caf\u00e9 roof",
        "owner": None,
        "raised": None,
        "likelihood": None,
        "cost": 120000,
    }


def test_csv_in_utf16_as_excel_saves_unicode_text_is_read(tmp_path):
    path = write_csv(tmp_path, "Title\tCost\nFlood\t\u00a32\n", encoding="utf-16")

    assert read_table(path, COLUMNS).rows[0].values["cost"] == 200


def test_semicolon_delimited_csv_keeps_commas_inside_values(tmp_path):
    path = write_csv(tmp_path, "Register;;\nTitle;Cost;Raised\nFlood, river;1,200;31.12.24\n")

    result = read_table(path, COLUMNS)

    assert result.problems == []
    assert result.rows[0].values["title"] == "Flood, river"
    assert result.rows[0].values["cost"] == 120000
    assert result.rows[0].values["raised"] == datetime.date(2024, 12, 31)


def test_tab_delimited_csv_is_read(tmp_path):
    path = write_csv(tmp_path, "Title\tCost\nFlood, river\t1,200\n")

    assert read_table(path, COLUMNS).rows[0].values["cost"] == 120000


def test_csv_row_numbers_count_records_not_lines_inside_quoted_values(tmp_path):
    path = write_csv(tmp_path, 'Title,Cost\n"Flood\non two lines",1\nFire,oops\n')

    result = read_table(path, COLUMNS)

    assert result.rows[0].values["title"] == "Flood on two lines"
    assert [str(problem) for problem in result.problems] == [
        "row 3, column Cost: \u201coops\u201d is not an amount of money; write one like "
        "\u00a31,234.56"
    ]


def test_csv_from_a_file_object_is_read_and_left_open():
    upload = io.BytesIO(b"Title\r\nFlood\r\n")

    result = read_table(upload, COLUMNS, filename="upload.csv")

    assert result.rows[0].values["title"] == "Flood"
    assert not upload.closed


# --- rows and problems ---------------------------------------------------------------------


def test_every_problem_in_the_file_is_collected_in_row_then_column_order(tmp_path):
    path = write_csv(
        tmp_path,
        "Risk title,Raised,Likelihood,Email address\n"
        "Flood,31/02/2024,rare,jo@example.org\n"
        ",01/01/2024,sometimes,not-an-email\n"
        "Fire,,likely,\n",
    )

    result = read_table(path, COLUMNS)

    assert [str(problem) for problem in result.problems] == [
        "row 2, column Raised: \u201c31/02/2024\u201d is not a date on the calendar; "
        "write it day first, like 31/12/2024 or 31 Dec 2024",
        "row 3, column Risk title: a value is required",
        "row 3, column Likelihood: \u201csometimes\u201d is not one of: rare, unlikely, likely",
        "row 3, column Email address: \u201cnot-an-email\u201d is not an email address, "
        "like name@example.gov.uk",
    ]
    assert [row.number for row in result.rows] == [2, 3, 4]
    assert [row.number for row in result.valid_rows] == [4]
    assert result.rows[1].values["likelihood"] is None
    assert not result.ok


def test_problems_beyond_the_cap_are_counted_in_a_last_problem(tmp_path):
    path = write_csv(tmp_path, "Title,Cost\n" + "Flood,x\n" * 5)

    result = read_table(path, COLUMNS, max_problems=2)

    assert len(result.problems) == 3
    assert str(result.problems[-1]) == "and 3 more problems"
    assert all(row.problems for row in result.rows)


def test_blank_rows_are_skipped_silently_and_do_not_shift_row_numbers(tmp_path):
    path = write_csv(tmp_path, "Title,Notes\nFlood,\n,\n , \n,only a note\nFire,\n")

    result = read_table(path, COLUMNS)

    assert result.problems == []
    assert [(row.number, row.values["title"]) for row in result.rows] == [(2, "Flood"), (6, "Fire")]


def test_short_rows_read_missing_cells_as_blank(tmp_path):
    path = write_csv(tmp_path, "Cost,Title\n5\n")

    assert [str(problem) for problem in read_table(path, COLUMNS).problems] == [
        "row 2, column Title: a value is required"
    ]


# --- workbooks -----------------------------------------------------------------------------


def test_xlsx_header_below_a_title_is_found_with_rows_numbered_as_excel_shows(tmp_path):
    path = write_xlsx(
        tmp_path,
        {
            "Risks": {
                "B2": "Risk register \u2013 March 2025",
                "B4": "Title",
                "C4": "Date raised",
                "D4": "Cost",
                "E4": "Likelihood",
                "B5": "Flood",
                "C5": datetime.date(2024, 12, 31),
                "D5": 1234.56,
                "E5": "Rare",
                "B7": "Fire",
                "C7": "01/02/2025",
                "D7": 12,
                "E7": "often",
            }
        },
    )

    result = read_table(path, COLUMNS)

    assert result.header_row == 4
    assert [row.number for row in result.rows] == [5, 7]
    assert result.rows[0].values == {
        "title": "Flood",
        "owner": None,
        "raised": datetime.date(2024, 12, 31),
        "likelihood": 1,
        "cost": 123456,
    }
    assert result.rows[1].values["raised"] == datetime.date(2025, 2, 1)
    assert [str(problem) for problem in result.problems] == [
        "row 7, column Likelihood: \u201coften\u201d is not one of: rare, unlikely, likely"
    ]


def test_xlsx_sheet_is_chosen_by_name_ignoring_case(tmp_path):
    path = write_xlsx(
        tmp_path, {"Guidance": {"A1": "Read me"}, "Risk Register": {"A1": "Title", "A2": "Fire"}}
    )

    result = read_table(path, COLUMNS, sheet="risk register")

    assert result.rows[0].values["title"] == "Fire"


def test_xlsx_unknown_sheet_is_a_problem_naming_the_sheets_there_are(tmp_path):
    path = write_xlsx(tmp_path, {"Guidance": {}, "Risks": {"A1": "Title"}})

    result = read_table(path, COLUMNS, sheet="Register")

    assert [str(problem) for problem in result.problems] == [
        "risks.xlsx has no sheet called \u201cRegister\u201d; its sheets are "
        "\u201cGuidance\u201d, \u201cRisks\u201d"
    ]


def test_xlsx_default_sheet_is_the_first_visible_one(tmp_path):
    path = write_xlsx(
        tmp_path,
        {"Lists": {"A1": "Title", "A2": "hidden"}, "Risks": {"A1": "Title", "A2": "Flood"}},
        hidden=("Lists",),
    )

    assert read_table(path, COLUMNS).rows[0].values["title"] == "Flood"


def test_xlsx_from_a_file_object_reads_typed_cells(tmp_path):
    path = write_xlsx(
        tmp_path,
        {"Risks": {"A1": "Title", "B1": "Raised", "C1": "Cost", "A2": 42, "B2": 45657, "C2": 0.3}},
    )

    with path.open("rb") as upload:
        result = read_table(upload, COLUMNS)

    assert result.rows[0].values["title"] == "42"
    assert result.rows[0].values["raised"] == datetime.date(2024, 12, 31)
    assert result.rows[0].values["cost"] == 30


def test_a_damaged_workbook_is_a_problem_not_a_crash():
    result = read_table(io.BytesIO(b"PK\x03\x04 not really a zip"), COLUMNS, filename="risks.xlsx")

    assert result.problems[0].message.startswith("risks.xlsx could not be read as a spreadsheet")


def test_an_empty_sheet_is_a_problem(tmp_path):
    path = write_xlsx(tmp_path, {"Risks": {}})

    assert [str(problem) for problem in read_table(path, COLUMNS).problems] == [
        "risks.xlsx is empty"
    ]


# --- streaming -----------------------------------------------------------------------------


def test_iter_rows_streams_rows_each_with_its_own_problems(tmp_path):
    path = write_csv(tmp_path, "Title,Cost\nFlood,1\n,2\n")

    rows = list(iter_rows(path, COLUMNS))

    assert [(row.number, row.problems) for row in rows] == [
        (2, ()),
        (3, (Problem(3, "Title", "a value is required"),)),
    ]


def test_iter_rows_raises_for_a_problem_with_the_whole_file(tmp_path):
    path = write_csv(tmp_path, "Title,Risk name\nFlood,Fire\n")

    with pytest.raises(ImportProblems) as raised:
        next(iter_rows(path, COLUMNS))

    assert raised.value.problems[0].row == 1


def test_csv_that_stops_being_readable_keeps_the_rows_before_and_says_where(tmp_path):
    path = write_csv(tmp_path, 'Title\nFlood\n"' + "x" * 200_000 + '"\n')

    result = read_table(path, COLUMNS, header_search_rows=2)

    assert [row.number for row in result.rows] == [2]
    assert result.problems[0].row == 3
    assert "risks.csv is not a readable CSV" in result.problems[0].message
