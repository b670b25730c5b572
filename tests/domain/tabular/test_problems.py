import pytest

from govdx.domain.errors import GovdxError
from govdx.domain.tabular import ImportProblems, Problem


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (
            Problem(4, "Risk title", "a value is required"),
            "row 4, column Risk title: a value is required",
        ),
        (Problem(None, "Owner", "heading missing"), "column Owner: heading missing"),
        (Problem(7, None, "row too long"), "row 7: row too long"),
        (Problem(None, None, "risks.csv is empty"), "risks.csv is empty"),
    ],
)
def test_problem_reads_as_row_column_and_message(problem, text):
    assert str(problem) == text


def test_import_problems_with_one_problem_reads_as_that_problem():
    error = ImportProblems([Problem(2, "Cost", "\u201cx\u201d is not a number")])

    assert str(error) == "row 2, column Cost: \u201cx\u201d is not a number"
    assert isinstance(error, GovdxError)


def test_import_problems_lists_every_problem_on_its_own_line():
    error = ImportProblems([Problem(2, "Cost", "bad"), Problem(3, "Title", "a value is required")])

    assert error.problems == (Problem(2, "Cost", "bad"), Problem(3, "Title", "a value is required"))
    assert str(error) == (
        "The file cannot be imported:\n"
        "row 2, column Cost: bad\n"
        "row 3, column Title: a value is required"
    )
