"""Reading a plan from a CSV or workbook: headings and synonyms, title rows, the predecessor
notation, and every problem refused with its row and column as the file shows them."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdx.domain.planning.network import Dependency, Link
from govdx.domain.planning.plan_file import PlanFile, PlanRow, read_plan
from govdx.domain.tabular import ImportProblems, Problem

FS, SS, FF, SF = (
    Link.FINISH_TO_START,
    Link.START_TO_START,
    Link.FINISH_TO_FINISH,
    Link.START_TO_FINISH,
)
HEADINGS = "id,name,optimistic,most_likely,pessimistic,predecessors\n"
NO_ESTIMATE = (
    "give an estimate: a duration, or optimistic, most likely and pessimistic durations, in "
    "working days (a milestone needs none)"
)
ORDER = "optimistic ≤ most likely ≤ pessimistic must hold"


def write_csv(tmp_path: Path, text: str, name: str = "plan.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(tmp_path: Path, rows: list[list[object]], name: str = "plan.xlsx") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def problems_of(path: Path | io.BytesIO) -> list[Problem]:
    with pytest.raises(ImportProblems) as refused:
        read_plan(path)
    return list(refused.value.problems)


def links(plan: PlanFile) -> list[tuple[str, str, Link, float]]:
    return [(d.predecessor, d.successor, d.kind, d.lag) for d in plan.dependencies]


MILWAUKEE_CSV = (
    "Milwaukee Paper Manufacturing: pollution control facility,,,,,\n"
    ",,,,,\n"
    "Activity ID,Task name,a,m,b,Immediate predecessors\n"
    "A,Build internal components,1,2,3,\n"
    "B,Modify roof and floor,2,3,4,\n"
    "C,Construct collection stack,1,2,3,A\n"
    'D,Pour concrete and install frame,2,4,6,"A, B"\n'
    "E,Build high-temperature burner,1,4,7,C\n"
    "F,Install pollution control system,1,2,9,C\n"
    'G,Install air pollution device,3,4,11,"D; E"\n'
    'H,Inspect and test,1,2,3,"F,G"\n'
)


# --- reading ---------------------------------------------------------------------------------


def test_a_csv_plan_below_a_title_row_is_read_with_rows_numbered_as_the_spreadsheet_shows(
    tmp_path,
):
    plan = read_plan(write_csv(tmp_path, MILWAUKEE_CSV))
    assert plan.header_row == 3
    assert [(row.row, row.id) for row in plan.rows] == [
        (4, "A"), (5, "B"), (6, "C"), (7, "D"), (8, "E"), (9, "F"), (10, "G"), (11, "H"),
    ]  # fmt: skip
    assert plan.rows[3] == PlanRow(
        row=7,
        id="D",
        name="Pour concrete and install frame",
        optimistic=2,
        most_likely=4,
        pessimistic=6,
        dependencies=(Dependency("A", "D"), Dependency("B", "D")),
    )
    assert links(plan)[-2:] == [("F", "H", FS, 0.0), ("G", "H", FS, 0.0)]
    assert plan.network().order == ("A", "B", "C", "D", "E", "F", "G", "H")
    assert plan.activities[5].expected == 3  # F: (1 + 8 + 9) / 6


def test_predecessors_read_each_link_type_and_signed_lag_ignoring_case_and_spaces(tmp_path):
    plan = read_plan(
        write_csv(
            tmp_path,
            "id,duration,predecessors\n"
            "A,1,\nB,1,\nC,1,\nD,1,\nE,1,\nF,1,\n"
            'X,2,"A, B SS, C FF+2; D FS-1, E SF+3"\n'
            'Y,2,"  a ;  b  ss ,c ff + 2,d Fs \u2212 1.5 days,e sf+0.5d, f SF+1 working days"\n',
        )
    )
    assert links(plan) == [
        ("A", "X", FS, 0.0),
        ("B", "X", SS, 0.0),
        ("C", "X", FF, 2.0),
        ("D", "X", FS, -1.0),
        ("E", "X", SF, 3.0),
        ("A", "Y", FS, 0.0),
        ("B", "Y", SS, 0.0),
        ("C", "Y", FF, 2.0),
        ("D", "Y", FS, -1.5),
        ("E", "Y", SF, 0.5),
        ("F", "Y", SF, 1.0),
    ]
    assert all(type(d.kind) is Link for d in plan.dependencies)


def test_numeric_ids_in_a_workbook_read_as_text_and_may_run_into_their_link_type(tmp_path):
    """Scheduling tools write predecessors as `3FS+2 days`; workbook cells hold numbers."""
    path = write_xlsx(
        tmp_path,
        [
            ["ID", "Duration", "Predecessors"],
            [1, 3, None],
            [2, 4.0, 1],
            [3, 2, "1FS+2 days,2ss"],
            [10, 1, "3 FF-1; 1"],
        ],
    )
    plan = read_plan(path)
    assert [row.id for row in plan.rows] == ["1", "2", "3", "10"]
    assert links(plan) == [
        ("1", "2", FS, 0.0),
        ("1", "3", FS, 2.0),
        ("2", "3", SS, 0.0),
        ("3", "10", FF, -1.0),
        ("1", "10", FS, 0.0),
    ]


def test_an_entry_that_is_exactly_an_id_names_that_activity_even_with_a_space_or_type(tmp_path):
    plan = read_plan(
        write_csv(
            tmp_path,
            "id,duration,predecessors\n"
            'Design 1,2,\nBOSS,1,\nB,1,\nReview,1,"Design 1, Design 1 SS+1, boss, B SS"\n',
        )
    )
    assert links(plan) == [
        ("Design 1", "Review", FS, 0.0),
        ("Design 1", "Review", SS, 1.0),
        ("BOSS", "Review", FS, 0.0),
        ("B", "Review", SS, 0.0),
    ]


def test_a_workbook_plan_with_single_durations_milestones_owners_and_budgets(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            ["Data centre exit: plan"],
            ["Issued 1 April 2025"],
            [],
            ["Ref", "Activity name", "Duration (days)", "Depends on", "Is milestone", "Owner",
             "Budget (£)", "Notes"],
            ["DC1", "Survey the estate", 10, None, "no", "Estate team", "£1,200.50", "first"],
            ["DC2", "Move the servers", "15 days", "DC1", False, None, 30000, None],
            ["DC3", "Data centre empty", None, "DC2", True, "CIO", None, None],
            ["DC4", "Decommissioned", 0, "DC3 FS+5", "Y", None, "0", None],
        ],
    )  # fmt: skip
    plan = read_plan(path)
    assert plan.header_row == 4
    assert plan.ignored_headings == ("Notes",)
    assert plan.rows == (
        PlanRow(5, "DC1", "Survey the estate", 10, 10, 10, owner="Estate team", budget=120050),
        PlanRow(
            6, "DC2", "Move the servers", 15, 15, 15, budget=3_000_000,
            dependencies=(Dependency("DC1", "DC2"),),
        ),
        PlanRow(
            7, "DC3", "Data centre empty", 0, 0, 0, milestone=True, owner="CIO",
            dependencies=(Dependency("DC2", "DC3"),),
        ),
        PlanRow(
            8, "DC4", "Decommissioned", 0, 0, 0, milestone=True, budget=0,
            dependencies=(Dependency("DC3", "DC4", FS, 5.0),),
        ),
    )  # fmt: skip
    assert plan.activities[2].milestone is True
    assert plan.network().activities[2].expected == 0


@pytest.mark.parametrize(
    "headings",
    [
        "id,NAME,OPTIMISTIC,Most Likely,PESSIMISTIC,dependencies",
        "Ref,Activity name,O,ML,P,Predecessor",
        "Task ID,Task name,Best case,Most probable,Worst case,Preceded by",
        "ID,Name,Min,Likely,Max,Dependency",
        "Activity ID,name,Optimistic duration,Most likely duration,Pessimistic duration,Depends on",
        "Reference,Name,Optimistic estimate,most-likely estimate,Pessimistic estimate,PREDECESSORS",
        "code,name,minimum,m,maximum,Immediate predecessors",
        "Id:,Name,a (days),m (days),b (days),Predecessors [ids]",
    ],
)
def test_headings_match_in_any_case_with_their_synonyms(tmp_path, headings):
    plan = read_plan(write_csv(tmp_path, f"{headings}\nA,First,1,2,4,\nB,Second,2,3,5,A SS+1\n"))
    assert [(r.id, r.name, r.optimistic, r.most_likely, r.pessimistic) for r in plan.rows] == [
        ("A", "First", 1, 2, 4),
        ("B", "Second", 2, 3, 5),
    ]
    assert links(plan) == [("A", "B", SS, 1.0)]


def test_a_plan_is_read_from_a_binary_file_as_an_upload_gives_it(tmp_path):
    csv_upload = io.BytesIO(MILWAUKEE_CSV.encode("utf-8"))
    assert len(read_plan(csv_upload, filename="upload.csv").rows) == 8
    workbook = write_xlsx(tmp_path, [["ID", "Duration"], ["A", 2]])
    assert read_plan(io.BytesIO(workbook.read_bytes())).rows[0].optimistic == 2


def test_a_named_sheet_of_a_workbook_is_read(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Cover sheet"])
    plan_sheet = workbook.create_sheet("Plan")
    plan_sheet.append(["ID", "Duration"])
    plan_sheet.append(["A", 3])
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    assert read_plan(path, sheet="plan").rows[0].id == "A"


# --- problems, one kind at a time ------------------------------------------------------------


def test_a_repeated_id_is_refused_on_its_later_row_ignoring_case(tmp_path):
    path = write_csv(tmp_path, "Ref,duration\nA,1\nB,1\na,2\n")
    assert problems_of(path) == [
        Problem(4, "Ref", "“a” is also the id on row 2; give each activity its own id"),
    ]


def test_an_empty_id_is_refused(tmp_path):
    path = write_csv(tmp_path, "Title row\nID,duration,name\nA,1,First\n,2,Second\n")
    assert problems_of(path) == [Problem(4, "ID", "a value is required")]


def test_an_id_with_a_separator_is_refused(tmp_path):
    path = write_csv(tmp_path, 'ID,duration\n"A,1",1\nB+,1\n')
    message = "cannot be an id: an id has no comma, semicolon or plus sign, which the predecessors column uses"  # noqa: E501
    assert problems_of(path) == [
        Problem(2, "ID", f"“A,1” {message}"),
        Problem(3, "ID", f"“B+” {message}"),
    ]


def test_a_predecessor_that_is_not_in_the_file_is_refused(tmp_path):
    path = write_csv(tmp_path, 'ID,duration,Depends on\nA,1,\nB,1,"A, Z SS+2"\nC,1,1-2\n')
    assert problems_of(path) == [
        Problem(3, "Depends on", "there is no activity “Z” in this file"),
        Problem(4, "Depends on", "there is no activity “1-2” in this file"),
    ]


def test_an_activity_depending_on_itself_is_refused(tmp_path):
    path = write_csv(tmp_path, 'ID,duration,predecessors\nA,1,\nB,1,"A, b SS"\n')
    assert problems_of(path) == [
        Problem(3, "predecessors", "“b SS”: an activity cannot depend on itself; remove it"),
    ]


def test_a_predecessor_listed_twice_with_the_same_link_type_is_refused(tmp_path):
    path = write_csv(tmp_path, 'ID,duration,predecessors\nA,1,\nB,1,"A, A FS+1, A SS"\n')
    assert problems_of(path) == [
        Problem(3, "predecessors", "A is listed twice as a FS predecessor; give it once"),
    ]


@pytest.mark.parametrize(
    ("entry", "example"),
    [
        ("A XX+2", "A FF+2"),  # no such link type
        ("A FF 2", "A FF+2"),  # a lag without its sign
        ("A +2", "A FF+2"),  # a lag without a type
        ("A+2", "A FF+2"),
        ("A FS+", "A FF+2"),  # a sign without a number
        ("A FS+two", "A FF+2"),
        ("A SS+2%", "A FF+2"),
        ("A1X", "A1 FF+2"),  # after a numbered id, letters that are not a type
        ("FS+2", "C FF+2"),  # no id
        ("+", "C FF+2"),
    ],
)
def test_a_predecessor_that_does_not_read_is_refused_with_an_example(tmp_path, entry, example):
    path = write_csv(tmp_path, f'ID,duration,predecessors\nA,1,\nA1,1,\nB,1,"{entry}"\n')
    assert problems_of(path) == [
        Problem(
            4,
            "predecessors",
            f"“{entry}” does not read as a predecessor: write an id, then optionally a link "
            f"type (FS, SS, FF or SF) and a signed lag in working days, like “{example}”",
        ),
    ]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("two", "“two” is not a number of working days; write one like 5 or 2.5"),
        ("5 weeks", "“5 weeks” is not a number of working days; write one like 5 or 2.5"),
        ("-1", "“-1” is negative; a duration is a number of working days, 0 or more"),
        ("(3)", "“(3)” is negative; a duration is a number of working days, 0 or more"),
    ],
)
def test_an_unreadable_or_negative_duration_is_refused(tmp_path, cell, message):
    path = write_csv(tmp_path, f"ID,O,ML,P\nA,1,2,3\nB,1,{cell},3\n")
    assert problems_of(path) == [Problem(3, "ML", message)]


def test_an_unreadable_duration_in_a_workbook_is_refused_on_the_row_it_shows(tmp_path):
    path = write_xlsx(
        tmp_path,
        [["Plan"], [None], ["ID", "Duration (working days)"], ["A", 2], ["B", "soon"]],
    )
    assert problems_of(path) == [
        Problem(
            5,
            "Duration (working days)",
            "“soon” is not a number of working days; write one like 5 or 2.5",
        )
    ]


def test_a_row_without_an_estimate_is_refused_under_the_first_estimate_heading(tmp_path):
    path = write_csv(tmp_path, "ID,Name,Optimistic,Most likely,Pessimistic\nA,First,,,\n")
    assert problems_of(path) == [Problem(2, "Optimistic", NO_ESTIMATE)]
    path = write_csv(tmp_path, "ID,Days,Name\nA,,First\n")
    assert problems_of(path) == [Problem(2, "Days", NO_ESTIMATE)]


def test_three_point_estimates_out_of_order_are_refused_on_the_column_that_breaks_it(tmp_path):
    path = write_csv(tmp_path, HEADINGS + "A,A,3,2,4,\nB,B,1,5,4.50,\nC,C,5,3,1,\n")
    assert problems_of(path) == [
        Problem(2, "most_likely", f"the most likely duration 2 is less than the optimistic 3; {ORDER}"),  # noqa: E501
        Problem(3, "pessimistic", f"the pessimistic duration 4.5 is less than the most likely 5; {ORDER}"),  # noqa: E501
        Problem(4, "most_likely", f"the most likely duration 3 is less than the optimistic 5; {ORDER}"),  # noqa: E501
        Problem(4, "pessimistic", f"the pessimistic duration 1 is less than the most likely 3; {ORDER}"),  # noqa: E501
    ]  # fmt: skip


def test_a_three_point_estimate_with_a_point_missing_is_refused_on_each_missing_column(tmp_path):
    path = write_csv(tmp_path, HEADINGS + "A,A,1,,,\n")
    assert problems_of(path) == [
        Problem(2, "most_likely", "give the most likely duration too: a three-point estimate needs all three"),  # noqa: E501
        Problem(2, "pessimistic", "give the pessimistic duration too: a three-point estimate needs all three"),  # noqa: E501
    ]  # fmt: skip


def test_a_row_giving_both_a_duration_and_three_points_is_refused(tmp_path):
    path = write_csv(tmp_path, "ID,O,M,P,Duration\nA,1,2,3,\nB,1,2,3,2\nC,,,,4\n")
    assert problems_of(path) == [
        Problem(
            3,
            "Duration",
            "give either a duration or the optimistic, most likely and pessimistic estimates, "
            "not both",
        )
    ]


def test_a_milestone_that_takes_time_is_refused(tmp_path):
    path = write_csv(tmp_path, "ID,Duration,Milestone\nA,0,yes\nB,,TRUE\nC,2,y\nD,2,maybe\n")
    assert problems_of(path) == [
        Problem(
            4,
            "Duration",
            "a milestone takes no time; leave this blank or write 0, or say no under “Milestone”",
        ),
        Problem(5, "Milestone", "“maybe” is not yes or no; write yes or no"),
    ]


def test_an_unreadable_or_negative_budget_is_refused(tmp_path):
    path = write_csv(tmp_path, "ID,Duration,Budget\nA,1,lots\nB,1,-£50\nC,1,£1.234\n")
    assert problems_of(path) == [
        Problem(2, "Budget", "“lots” is not an amount of money; write one like £1,234.56"),
        Problem(3, "Budget", "“-£50” is negative; a budget is 0 or more"),
        Problem(4, "Budget", "“£1.234” has more than two decimal places; round it to pence"),
    ]


def test_a_file_without_an_estimate_column_is_refused_once(tmp_path):
    path = write_csv(tmp_path, "Plan,\nID,Name\nA,First\nB,Second\n")
    assert problems_of(path) == [
        Problem(
            2,
            None,
            "there is no column of estimates: add “Duration” for single estimates, or "
            "“Optimistic”, “Most likely” and “Pessimistic” for three-point estimates",
        )
    ]
    assert read_plan(write_csv(tmp_path, "ID,Milestone\nGo live,yes\n")).rows[0].milestone


def test_a_file_with_two_of_the_three_estimate_columns_is_refused(tmp_path):
    path = write_csv(tmp_path, "ID,Min,Max\nA,1,3\n")
    assert problems_of(path) == [
        Problem(
            1,
            None,
            "the file has “Min” and “Max” but no “Most likely” column; add it, as a three-point "
            "estimate needs all three",
        )
    ]


def test_a_file_without_activities_or_without_the_id_heading_is_refused(tmp_path):
    assert problems_of(write_csv(tmp_path, "Plan\nID,Duration\n,\n")) == [
        Problem(2, None, "there are no activities below the headings"),
    ]
    (problem,) = problems_of(write_csv(tmp_path, "Name,Duration\nA,1\n"))
    assert problem.row is None
    assert problem.message.startswith("Could not find the headings in the first 2 rows of plan.csv")
    assert "“ID” (or “Activity ID”, “Task ID”, “Ref”, “Reference”, “Code”)" in problem.message


# --- loops -----------------------------------------------------------------------------------


def test_a_loop_is_refused_naming_its_activities_in_order_from_the_top_of_the_file(tmp_path):
    path = write_csv(
        tmp_path,
        'ID,Duration,Predecessors\nS,1,\nA,1,"S, C"\nB,2,A SS+1\nC,1,B\nD,1,C\n',
    )
    assert problems_of(path) == [
        Problem(
            3,
            "Predecessors",
            "the dependencies go round in a loop: A → B → C → A (rows 3, 4 and 5); remove one "
            "of them so that the plan has a start and an end",
        )
    ]


def test_every_separate_loop_is_named_and_an_activity_waiting_on_itself_is_not_a_loop(tmp_path):
    path = write_csv(
        tmp_path,
        "ID,Duration,Predecessors\nP,1,Q\nQ,1,P\nX,1,Z\nY,1,X\nZ,1,Y\nW,1,W\n",
    )
    assert problems_of(path) == [
        Problem(2, "Predecessors", "the dependencies go round in a loop: P → Q → P (rows 2 and 3); remove one of them so that the plan has a start and an end"),  # noqa: E501
        Problem(4, "Predecessors", "the dependencies go round in a loop: X → Y → Z → X (rows 4, 5 and 6); remove one of them so that the plan has a start and an end"),  # noqa: E501
        Problem(7, "Predecessors", "“W”: an activity cannot depend on itself; remove it"),
    ]  # fmt: skip


# --- all at once -----------------------------------------------------------------------------


def test_every_problem_in_a_file_is_reported_at_once_in_file_order(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            ["Council transformation plan"],
            ["ID", "Name", "Optimistic", "ML", "Pessimistic", "Dependencies", "Budget"],
            ["A", "Start", 1, 2, 3, "C", "£100"],
            ["B", "Repeat", 1, 2, 3, "A", None],
            ["B", "Repeated", 1, 2, 3, None, None],
            [None, "No id", 1, 2, 3, None, None],
            ["C", "Loop back", 2, 1, 3, "B", None],
            ["D", "Unknown", None, None, None, "Q, A FF 2", "a lot"],
            ["E", "Fine", 1, 1, 1, "D SS+1", -5],
        ],
    )
    assert problems_of(path) == [
        Problem(3, "Dependencies", "the dependencies go round in a loop: A → B → C → A (rows 3, 4 and 7); remove one of them so that the plan has a start and an end"),  # noqa: E501
        Problem(5, "ID", "“B” is also the id on row 4; give each activity its own id"),
        Problem(6, "ID", "a value is required"),
        Problem(7, "ML", f"the most likely duration 1 is less than the optimistic 2; {ORDER}"),
        Problem(8, "Optimistic", NO_ESTIMATE),
        Problem(8, "Dependencies", "there is no activity “Q” in this file"),
        Problem(8, "Dependencies", "“A FF 2” does not read as a predecessor: write an id, then optionally a link type (FS, SS, FF or SF) and a signed lag in working days, like “A FF+2”"),  # noqa: E501
        Problem(8, "Budget", "“a lot” is not an amount of money; write one like £1,234.56"),
        Problem(9, "Budget", "“-5” is negative; a budget is 0 or more"),
    ]  # fmt: skip


def test_the_refusal_message_lists_every_problem_by_row_and_column(tmp_path):
    path = write_csv(tmp_path, "ID,duration,predecessors\nA,x,\nB,1,Z\n")
    with pytest.raises(ImportProblems) as refused:
        read_plan(path)
    assert str(refused.value) == (
        "The file cannot be imported:\n"
        "row 2, column duration: “x” is not a number of working days; write one like 5 or 2.5\n"
        "row 3, column predecessors: there is no activity “Z” in this file"
    )


# --- properties ------------------------------------------------------------------------------

_SPACE = st.sampled_from(["", " ", "  "])


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(list(Link)),
    lag=st.integers(-30, 30),
    upper=st.booleans(),
    spaces=st.tuples(_SPACE, _SPACE, _SPACE),
    separator=st.sampled_from([",", ";", " , ", "\n"]),
)
def test_any_link_written_in_the_notation_reads_back_as_that_link(
    tmp_path_factory, kind, lag, upper, spaces, separator
):
    code = kind.value if upper else kind.value.lower()
    before_sign, after_sign, after_lag = spaces
    sign = "+" if lag >= 0 else "-"
    entry = f"Build {code}{before_sign}{sign}{after_sign}{abs(lag)}{after_lag}"
    path = write_csv(
        tmp_path_factory.mktemp("plan"),
        f'ID,Duration,Predecessors\nBuild,3,\nPrepare,1,\nTest,2,"Prepare{separator}{entry}"\n',
    )
    assert links(read_plan(path)) == [
        ("Prepare", "Test", FS, 0.0),
        ("Build", "Test", kind, float(lag)),
    ]


def test_a_predecessor_in_another_project_is_read_with_its_project_in_brackets(
    tmp_path: Path,
) -> None:
    from govdx.domain.planning.plan_file import ExternalLink

    path = tmp_path / "plan.csv"
    path.write_text(
        "id,name,duration,predecessors\n"
        'A,Design,5,"[Data centre exit] M3 FS+5, [ Online revenues ]  B2"\n'
        "B,Build,5,A\n",
        encoding="utf-8",
    )

    plan = read_plan(path)

    assert plan.external == (
        ExternalLink(2, "predecessors", "Data centre exit", "M3", "A", Link.FINISH_TO_START, 5.0),
        ExternalLink(2, "predecessors", "Online revenues", "B2", "A"),
    )
    assert plan.external[0].entry == "[Data centre exit] M3 FS+5"
    assert [(d.predecessor, d.successor) for d in plan.dependencies] == [("A", "B")]


def test_a_predecessor_in_another_project_that_does_not_read_is_refused_naming_the_cell(
    tmp_path: Path,
) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("id,name,duration,predecessors\nA,Design,5,[] M3\nB,x,1,[P] M3 XX+\n",
                    encoding="utf-8")  # fmt: skip

    with pytest.raises(ImportProblems) as refused:
        read_plan(path)

    assert [(p.row, p.column) for p in refused.value.problems] == [
        (2, "predecessors"), (3, "predecessors")
    ]  # fmt: skip
    assert "square brackets" in refused.value.problems[0].message
