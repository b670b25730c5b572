"""The culture pulse in the app: the import (all or nothing, questions kept), the pages (no
respondent shown, a small group as too few responses), the trends, the API and the command."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from govdx import cli
from govdx.core.permissions import SYSTEM
from govdx.domain.governance.access import Role
from govdx.domain.tabular import ImportProblems
from govdx.people import services
from govdx.people.models import PulseResponse, PulseSurvey
from tests.people.conftest import FINANCE, HIGHWAYS, PULSE_HEADINGS, PULSE_ROWS

pytestmark = pytest.mark.django_db

QUESTIONS = PULSE_HEADINGS[2:4]


def test_pulse_import_takes_the_questions_from_the_headings_and_keeps_history(
    import_pulse: Any,
) -> None:
    result = import_pulse(today=datetime.date(2025, 3, 1))
    pulse = PulseSurvey.objects.get()
    assert (pulse.name, pulse.questions, pulse.conducted_on) == (
        "Spring pulse", QUESTIONS, datetime.date(2025, 3, 1)
    )  # fmt: skip
    assert result.as_dict()["responses"]["created"] == 7
    assert result.comments == 3
    assert PulseResponse.history.count() == 7
    again = import_pulse()
    assert again.responses.as_dict() == {"created": 0, "updated": 0, "unchanged": 7, "removed": 0}
    assert PulseResponse.history.count() == 7


def test_pulse_import_refuses_the_whole_file_naming_row_and_column(import_pulse: Any) -> None:
    rows = [*PULSE_ROWS[:2], ["p3", FINANCE, 6, 2, ""], ["p4", "Nowhere / Nobody", 4, 4, ""]]
    with pytest.raises(ImportProblems) as refused:
        import_pulse(rows)
    assert [(p.row, p.column) for p in refused.value.problems] == [
        (4, "I feel informed about the changes")
    ]  # fmt: skip
    assert not PulseSurvey.objects.exists()
    with pytest.raises(ImportProblems, match="not a people group"):
        import_pulse([*PULSE_ROWS[:2], ["p4", "Nowhere / Nobody", 4, 4, ""]])
    assert not PulseResponse.objects.exists()


def test_a_later_file_for_a_pulse_must_ask_its_questions(
    import_pulse: Any, pulse_file: Callable[..., Path]
) -> None:
    import_pulse()
    other = pulse_file(name="other.csv", headings=[*PULSE_HEADINGS[:3], "Another question",
                                                   "comment"])  # fmt: skip
    with pytest.raises(ImportProblems, match="I have the tools I need"):
        services.pulse_import(other, pulse_name="spring PULSE", user=SYSTEM)
    assert PulseResponse.objects.count() == 7


def test_the_pulse_page_shows_means_and_comments_never_respondents_and_hides_small_groups(
    import_pulse: Any, client_for: Callable[[Any], Client], make_user: Callable[..., Any]
) -> None:
    import_pulse()
    pulse = PulseSurvey.objects.get()
    client = client_for(make_user(Role.VIEWER))
    page = client.get(f"/people/pulses/{pulse.pk}/").content.decode()
    assert "3.60" in page  # informed: (4+5+3+4+2)/5
    assert "More training please" in page and "The new system is slow" in page
    assert "Nobody asked us" not in page  # Highways has 2 respondents: too few
    assert "Too few responses" in page
    assert not any(f">p{n}<" in page or f"p{n} " in page for n in range(1, 8))
    listing = client.get("/people/pulses/?sort=-response_count").content.decode()
    assert "Spring pulse" in listing


def test_the_trends_page_draws_each_group_with_a_table_of_changes(
    import_pulse: Any, client_for: Callable[[Any], Client], make_user: Callable[..., Any]
) -> None:
    import_pulse(pulse="Autumn pulse", today=datetime.date(2024, 10, 1))
    better = [[r, g, min(a + 1, 5), b, c] for r, g, a, b, c in PULSE_ROWS]
    import_pulse(better, pulse="Spring pulse", today=datetime.date(2025, 3, 1))
    page = client_for(make_user(Role.VIEWER)).get("/people/pulses/trends/").content.decode()
    assert "<svg" in page
    assert FINANCE in page and HIGHWAYS not in page  # Highways never had enough to show
    assert "4.40 (+0.80) up" in page  # informed: 3.60 in autumn, 4.40 in spring


def test_the_pulse_api_reports_and_trends_with_the_minimum(
    import_pulse: Any, client_for: Callable[[Any], Client], make_user: Callable[..., Any]
) -> None:
    import_pulse()
    client = client_for(make_user(Role.VIEWER))
    report = client.get("/api/pulses/report", {"pulse": "spring pulse"}).json()
    assert report["groups"][HIGHWAYS] == {"respondents": 2, "shown": False, "questions": None,
                                          "comments": None}  # fmt: skip
    finance = report["groups"][FINANCE]
    assert finance["questions"][QUESTIONS[0]] == {"mean": 3.6, "favourable_share": 0.6}
    assert "p1" not in json.dumps(report)
    assert client.get("/api/pulses").json()["items"][0]["response_count"] == 7
    trends = client.get("/api/pulses/trends").json()
    assert [t["group"] for t in trends] == [FINANCE, HIGHWAYS]
    assert trends[0]["questions"][QUESTIONS[0]][0]["direction"] == "new"
    assert trends[1]["questions"][QUESTIONS[0]][0]["mean"] is None


def test_the_pulse_import_page_dry_runs_then_imports(
    groups: Any, pulse_file: Callable[..., Path], client_for: Callable[[Any], Client],
    make_user: Callable[..., Any],
) -> None:  # fmt: skip
    client = client_for(make_user(Role.CHANGE_MANAGER))
    with pulse_file().open("rb") as handle:
        dry = client.post("/people/pulses/import/", {"file": handle, "pulse": "P", "dry_run": "on"})
    assert dry.status_code == 200 and "Dry run" in dry.content.decode()
    assert not PulseSurvey.objects.exists()
    with pulse_file().open("rb") as handle:
        done = client.post("/people/pulses/import/", {"file": handle, "pulse": "P"})
    assert done.status_code == 302
    assert PulseResponse.objects.count() == 7


def test_the_pulse_import_command_prints_json_and_refuses_a_bad_file(
    capsys: pytest.CaptureFixture[str], groups: Any, pulse_file: Callable[..., Path]
) -> None:
    status = cli.main(["people", "pulse", "import", str(pulse_file()), "--pulse", "Spring",
                       "--date", "2025-03-01", "--json"])  # fmt: skip
    out, _ = capsys.readouterr()
    assert status == 0
    assert json.loads(out) == {
        "pulse": "Spring", "pulse_created": True, "questions": QUESTIONS, "rows": 7,
        "comments": 3, "responses": {"created": 7, "updated": 0, "unchanged": 0, "removed": 0},
        "groups": [FINANCE, HIGHWAYS],
    }  # fmt: skip
    bad = pulse_file([["p1", FINANCE, "five", 4, ""]], name="bad.csv")
    status = cli.main(["people", "pulse", "import", str(bad), "--pulse", "Spring", "--json"])
    out, err = capsys.readouterr()
    assert status == 1
    assert json.loads(out)["problems"][0]["row"] == 2
    assert "I feel informed about the changes" in err
