"""A plan read from a spreadsheet (CSV or workbook), all or nothing, through
`govdx.domain.tabular`: title rows may sit above the headings, headings match ignoring case,
spaces and punctuation, and every problem is collected as (row, column, message), placed as the
spreadsheet shows them.

    plan = read_plan("plan.xlsx")
    network = plan.network()                  # for schedule_network and simulate_schedule
    plan.rows[0].budget                       # pence

Columns (other headings accepted in brackets):

- `ID` (Activity ID, Task ID, Ref, Reference, Code), required: one word or phrase per activity,
  unique ignoring case, with no comma, semicolon or plus sign (they separate and qualify
  predecessors).
- `Name` (Activity name, Task name).
- Estimates in working days, numbers of 0 or more ("5", "2.5", "5 days", "5d"): `Optimistic`
  (Optimistic duration, Best case, Minimum, Min, O, a), `Most likely` (ML, Most probable,
  Likely, M), `Pessimistic` (Pessimistic duration, Worst case, Maximum, Max, P, b), with
  optimistic ≤ most likely ≤ pessimistic; or `Duration` (Working days, Days) for a single
  estimate. A row gives the three points or a duration, not both.
- `Milestone` (Is milestone): yes/no, y/n, true/false, 1/0. A milestone takes no time: its
  estimates are blank or 0.
- `Predecessors` (Predecessor, Dependencies, Dependency, Depends on, Preceded by, Immediate
  predecessors): ids separated by commas, semicolons or line breaks, each optionally followed by
  a link type and a signed lag in working days: `A`, `B SS`, `C FF+2`, `D FS-1`, `E SF + 3`,
  `F FS+2d`. The type is FS, SS, FF or SF in any case (FS when left out); the lag needs a type
  before it and a sign, and is 0 when left out. A numeric id may run into its type, as
  scheduling tools write it (`3FS+2`). An entry that is exactly an id in the file always means
  that activity, finish-to-start. An activity of another project of the same programme is
  written with that project's name in square brackets before its id, then the type and lag
  as usual: `[Data centre exit] M3`, `[Data centre exit] M3 FS+5`. The file cannot check it:
  the app refuses an unknown project or activity, naming the row and column (`ExternalLink`).
- `Owner` (Activity owner, Responsible, Assigned to).
- `Budget` (Budgeted cost, Planned cost, Budget at completion, BAC): money as the tabular
  parser reads it ("£1,234.56"), held in minor units (pence); not negative.
- `Percent complete` (% complete, Complete, Progress, Percent done), optional: how far the
  activity has got, a whole number from 0 to 100 ("40" or "40%"); for earned value. A blank
  cell, or a file without the column, leaves the activity's percent complete as it is.

Refused, each problem naming its row and the column heading as the file writes it: an empty or
repeated id, an unreadable number, a negative duration, a row without an estimate, estimates
out of order, estimates given twice, a milestone that takes time, a predecessor that does not
read as one, names no activity in the file, names the activity itself or is listed twice, and
every loop of dependencies (named in order, "A → B → C → A", from the activity nearest the top
of the file, found by `build_network`). Any problem refuses the whole file: `ImportProblems`
lists them all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from govdx.domain.planning.network import (
    Activity,
    Dependency,
    Link,
    Network,
    PlanCycleError,
    build_network,
)
from govdx.domain.tabular import (
    Cell,
    Column,
    ImportProblems,
    ParsedRow,
    ParseError,
    Problem,
    Source,
    TableResult,
    in_file_order,
    parse_boolean,
    parse_money,
    parse_number,
    parse_text,
    read_table,
)
from govdx.domain.tabular.parsers import cell_to_text

# --- cell parsers ----------------------------------------------------------------------------

_RESERVED_IN_IDS = ",;+"
_DAYS_UNIT = re.compile(r"(?P<number>.*?)\s*(?:working\s+days?|wd|days?|d)", re.IGNORECASE)


def _quoted(text: str) -> str:
    return f"\u201c{text}\u201d"


def parse_activity_id(cell: Cell) -> str | None:
    """An activity id: the cell's text, without commas, semicolons or plus signs."""
    text = parse_text(cell)
    if text is None:
        return None
    if any(character in text for character in _RESERVED_IN_IDS):
        raise ParseError(
            f"{_quoted(text)} cannot be an id: an id has no comma, semicolon or plus sign, "
            "which the predecessors column uses"
        )
    return text


def parse_working_days(cell: Cell) -> Decimal | None:
    """A number of working days, 0 or more: "5", "2.5", "5 days", "5d" or a number cell."""
    text = cell_to_text(cell)
    if not text:
        return None
    unit = _DAYS_UNIT.fullmatch(text) if isinstance(cell, str) else None
    try:
        number = parse_number(unit["number"] if unit else cell)
    except ParseError:
        number = None
    if number is None:
        raise ParseError(
            f"{_quoted(text)} is not a number of working days; write one like 5 or 2.5"
        )
    if number < 0:
        raise ParseError(
            f"{_quoted(text)} is negative; a duration is a number of working days, 0 or more"
        )
    return number


def parse_budget(cell: Cell) -> int | None:
    """An amount of money in minor units (pence), as `parse_money` reads it, not negative."""
    pence = parse_money(cell)
    if pence is not None and pence < 0:
        raise ParseError(f"{_quoted(cell_to_text(cell))} is negative; a budget is 0 or more")
    return pence


def parse_percent_complete(cell: Cell) -> int | None:
    """A percent complete: a whole number from 0 to 100, with or without a per cent sign."""
    text = cell_to_text(cell)
    if not text:
        return None
    try:
        number = parse_number(text.rstrip().removesuffix("%") if isinstance(cell, str) else cell)
    except ParseError:
        number = None
    if number is None or not 0 <= number <= 100 or number != number.to_integral_value():
        raise ParseError(
            f"{_quoted(text)} is not a percent complete; write a whole number from 0 to 100, "
            "like 40 or 40%"
        )
    return int(number)


def parse_predecessor_list(cell: Cell) -> tuple[str, ...] | None:
    """The entries of a predecessors cell, split at commas, semicolons and line breaks, each
    with its runs of whitespace made one space; read against the file's ids later."""
    text = cell if isinstance(cell, str) else cell_to_text(cell)
    entries = tuple(" ".join(part.split()) for part in re.split(r"[,;\r\n]", text))
    kept = tuple(entry for entry in entries if entry)
    return kept or None


COLUMNS: tuple[Column, ...] = (
    Column(
        "id",
        "ID",
        synonyms=("Activity ID", "Task ID", "Ref", "Reference", "Code"),
        parser=parse_activity_id,
        required=True,
    ),
    Column("name", "Name", synonyms=("Activity name", "Task name")),
    Column(
        "optimistic",
        "Optimistic",
        synonyms=(
            "Optimistic duration",
            "Optimistic estimate",
            "Best case",
            "Minimum",
            "Min",
            "O",
            "a",
        ),
        parser=parse_working_days,
    ),
    Column(
        "most_likely",
        "Most likely",
        synonyms=(
            "ML",
            "Most likely duration",
            "Most likely estimate",
            "Most probable",
            "Likely",
            "M",
        ),
        parser=parse_working_days,
    ),
    Column(
        "pessimistic",
        "Pessimistic",
        synonyms=(
            "Pessimistic duration",
            "Pessimistic estimate",
            "Worst case",
            "Maximum",
            "Max",
            "P",
            "b",
        ),
        parser=parse_working_days,
    ),
    Column("duration", "Duration", synonyms=("Working days", "Days"), parser=parse_working_days),
    Column(
        "predecessors",
        "Predecessors",
        synonyms=(
            "Predecessor",
            "Dependencies",
            "Dependency",
            "Depends on",
            "Preceded by",
            "Immediate predecessors",
        ),
        parser=parse_predecessor_list,
    ),
    Column("milestone", "Milestone", synonyms=("Is milestone",), parser=parse_boolean),
    Column("owner", "Owner", synonyms=("Activity owner", "Responsible", "Assigned to")),
    Column(
        "budget",
        "Budget",
        synonyms=("Budgeted cost", "Planned cost", "Budget at completion", "BAC"),
        parser=parse_budget,
    ),
    Column(
        "percent_complete",
        "Percent complete",
        synonyms=("Complete", "Progress", "Percent done", "Percentage complete"),
        parser=parse_percent_complete,
    ),
)
"""The columns of a plan file, in the order `govdx plan import` documents them."""

_LABELS = {column.key: column.label for column in COLUMNS}
_POINTS = ("optimistic", "most_likely", "pessimistic")
_ESTIMATES = (*_POINTS, "duration")
_WORDS = {"optimistic": "optimistic", "most_likely": "most likely", "pessimistic": "pessimistic"}

# An entry of the predecessors column: an id, then optionally a link type (after a space, or
# straight after an id's last digit) and then optionally a signed lag with an optional unit.
_LINK = re.compile(
    r"(?P<id>[^+]+?)"
    r"(?:(?:\s+|(?<=\d))(?P<kind>fs|ss|ff|sf)"
    r"(?:\s*(?P<sign>[-+\u2212\u2013])\s*(?P<lag>\d+(?:\.\d+)?|\.\d+)"
    r"(?:\s*(?:working\s+days?|wd|days?|d))?)?)?",
    re.IGNORECASE,
)
_LINK_HELP = (
    "write an id, then optionally a link type (FS, SS, FF or SF) and a signed lag in working "
    "days, like"
)


# --- the plan --------------------------------------------------------------------------------


# A predecessor in another project: "[Project name] ID", then the type and lag as usual.
_EXTERNAL = re.compile(r"\[\s*(?P<project>[^\]]*?)\s*\]\s*(?P<link>.*)", re.DOTALL)


@dataclass(frozen=True)
class ExternalLink:
    """A predecessor in another project, as a row's predecessors cell writes it: the file's
    `row` and `column` (to name in a problem), the other `project`'s name, its activity's id
    (`predecessor`), this row's activity (`successor`), the link type and lag."""

    row: int
    column: str
    project: str
    predecessor: str
    successor: str
    kind: Link = Link.FINISH_TO_START
    lag: float = 0.0

    @property
    def entry(self) -> str:
        """The link as the predecessors column writes it."""
        lag = f"{self.lag:+g}" if self.lag else ""
        kind = "" if self.kind is Link.FINISH_TO_START and not lag else f" {self.kind.value}"
        return f"[{self.project}] {self.predecessor}{kind}{lag}"


@dataclass(frozen=True)
class PlanRow:
    """One activity as the file gives it: `row` is the spreadsheet's row number; durations in
    working days (all three equal for a single estimate, all zero for a milestone); `budget`
    in minor units (pence); `dependencies` are the links into this activity from its
    predecessors, in the order the cell lists them."""

    row: int
    id: str
    name: str
    optimistic: float
    most_likely: float
    pessimistic: float
    milestone: bool = False
    owner: str | None = None
    budget: int | None = None
    dependencies: tuple[Dependency, ...] = ()
    percent_complete: int | None = None
    external: tuple[ExternalLink, ...] = ()

    @property
    def activity(self) -> Activity:
        """The activity as the network module takes it."""
        return Activity(
            self.id,
            self.optimistic,
            self.most_likely,
            self.pessimistic,
            name=self.name,
            milestone=self.milestone,
        )


@dataclass(frozen=True)
class PlanFile:
    """A plan file that passed every check: its activities in file order, the row of its
    headings, and the headings no column wanted (to tell the user they were skipped)."""

    rows: tuple[PlanRow, ...]
    header_row: int
    ignored_headings: tuple[str, ...] = ()

    @property
    def activities(self) -> tuple[Activity, ...]:
        """Each row's activity, in file order."""
        return tuple(row.activity for row in self.rows)

    @property
    def dependencies(self) -> tuple[Dependency, ...]:
        """Every row's dependencies, in file order."""
        return tuple(link for row in self.rows for link in row.dependencies)

    @property
    def external(self) -> tuple[ExternalLink, ...]:
        """Every row's predecessors in other projects, in file order."""
        return tuple(link for row in self.rows for link in row.external)

    def network(self) -> Network:
        """The plan as a network for `schedule_network` and `simulate_schedule`."""
        return build_network(self.activities, self.dependencies)


def read_plan(source: Source, *, filename: str | None = None, sheet: str | None = None) -> PlanFile:
    """Read and check a plan file (the columns and rules are in the module docstring).

    `source` is a path or a binary file such as an upload; `filename` names it in problems;
    `sheet` picks a workbook's sheet (by default the first visible one). Raises
    ImportProblems listing every problem: those of the whole file first, then by row and
    column.
    """
    table = read_table(source, COLUMNS, sheet=sheet, filename=filename)
    if table.header_row is None:  # unreadable, empty, or without the headings
        raise ImportProblems(table.problems)
    rows, problems = _Check(table, table.header_row).run()
    if table.problems or problems:
        raise ImportProblems(in_file_order(table.problems, problems, list(table.headings.values())))
    return PlanFile(rows, table.header_row, table.ignored_headings)


# --- checking --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Estimate:
    optimistic: float
    most_likely: float
    pessimistic: float


@dataclass(frozen=True)
class _Resolved:
    """A predecessor entry read against the file's ids: the link, or why not."""

    predecessor: str | None
    kind: Link = Link.FINISH_TO_START
    lag: float = 0.0
    problem: str | None = None


class _Check:
    """The checks that need more than one cell: ids across rows, estimates within a row,
    predecessors against the file's ids, and loops across the whole plan."""

    def __init__(self, table: TableResult, header_row: int) -> None:
        self.table = table
        self.header_row = header_row
        self.problems: list[Problem] = []
        self.external: dict[int, list[ExternalLink]] = {}
        # the first row of each id, by its case-folded form: (row number, the id as written)
        self.first: dict[str, tuple[int, str]] = {}
        present = set(table.headings)
        self.points_present = [key for key in _POINTS if key in present]
        self.has_duration = "duration" in present
        self.estimate_heading = next(
            (heading for key, heading in table.headings.items() if key in _ESTIMATES), None
        )

    def heading(self, key: str) -> str:
        return self.table.heading(key, _LABELS[key])

    def add(self, row: int | None, key: str | None, message: str) -> None:
        self.problems.append(Problem(row, self.heading(key) if key else None, message))

    def run(self) -> tuple[tuple[PlanRow, ...], list[Problem]]:
        rows = self.table.rows
        if not rows:
            self.add(self.header_row, None, "there are no activities below the headings")
            return (), self.problems
        self._check_estimate_columns(rows)
        for row in rows:
            self._check_id(row)
        planned: list[PlanRow] = []
        links: list[Dependency] = []
        for row in rows:
            estimate = self._estimate(row)
            dependencies = self._dependencies(row)
            activity_id = row.values["id"]
            if not isinstance(activity_id, str) or not self._is_first(activity_id, row):
                continue  # a blank or repeated id: its problem is recorded
            links.extend(dependencies)
            if estimate is not None and not row.problems:
                planned.append(self._plan_row(row, activity_id, estimate, dependencies))
        self._check_loops(links)
        return tuple(planned), self.problems

    def _is_first(self, activity_id: str, row: ParsedRow) -> bool:
        return self.first[activity_id.casefold()][0] == row.number

    def _check_estimate_columns(self, rows: Sequence[ParsedRow]) -> None:
        if all(row.values["milestone"] is True for row in rows):
            return
        if not self.points_present and not self.has_duration:
            self.add(
                self.header_row,
                None,
                "there is no column of estimates: add “Duration” for single estimates, or "
                "“Optimistic”, “Most likely” and “Pessimistic” for three-point estimates",
            )
        elif self.points_present and len(self.points_present) < len(_POINTS):
            given = " and ".join(_quoted(self.heading(key)) for key in self.points_present)
            missing = " and ".join(
                _quoted(_LABELS[key]) for key in _POINTS if key not in self.points_present
            )
            self.add(
                self.header_row,
                None,
                f"the file has {given} but no {missing} column; add it, as a three-point "
                "estimate needs all three",
            )

    def _check_id(self, row: ParsedRow) -> None:
        activity_id = row.values["id"]
        if not isinstance(activity_id, str):
            return  # blank or unreadable: the reader has said so
        first = self.first.setdefault(activity_id.casefold(), (row.number, activity_id))
        if first[0] != row.number:
            self.add(
                row.number,
                "id",
                f"{_quoted(activity_id)} is also the id on row {first[0]}; give each activity "
                "its own id",
            )

    # --- estimates ---------------------------------------------------------------------------

    def _estimate(self, row: ParsedRow) -> _Estimate | None:
        """The row's durations, or None after adding its problems (or when the reader found
        some in its estimate cells)."""
        unreadable = {problem.column for problem in row.problems}
        if any(self.heading(key) in unreadable for key in (*_ESTIMATES, "milestone")):
            return None
        values = {key: row.values[key] for key in _ESTIMATES}
        given = {key: value for key, value in values.items() if isinstance(value, Decimal)}
        points = [key for key in _POINTS if key in given]
        if row.values["milestone"] is True:
            busy = [key for key, value in given.items() if value != 0]
            for key in busy:
                self.add(
                    row.number,
                    key,
                    "a milestone takes no time; leave this blank or write 0, or say no under "
                    f"{_quoted(self.heading('milestone'))}",
                )
            return None if busy else _Estimate(0.0, 0.0, 0.0)
        if "duration" in given and points:
            self.add(
                row.number,
                "duration",
                "give either a duration or the optimistic, most likely and pessimistic "
                "estimates, not both",
            )
            return None
        if "duration" in given:
            days = float(given["duration"])
            return _Estimate(days, days, days)
        if not points:
            if self.estimate_heading is not None:
                self.problems.append(
                    Problem(
                        row.number,
                        self.estimate_heading,
                        "give an estimate: a duration, or optimistic, most likely and "
                        "pessimistic durations, in working days (a milestone needs none)",
                    )
                )
            return None
        if len(points) < len(_POINTS):
            for key in _POINTS:
                if key not in given and key in self.points_present:
                    self.add(
                        row.number,
                        key,
                        f"give the {_WORDS[key]} duration too: a three-point estimate needs "
                        "all three",
                    )
            return None
        low, mode, high = (given[key] for key in _POINTS)
        in_order = True
        if low > mode:
            in_order = False
            self.add(
                row.number,
                "most_likely",
                f"the most likely duration {_days(mode)} is less than the optimistic "
                f"{_days(low)}; optimistic ≤ most likely ≤ pessimistic must hold",
            )
        if mode > high:
            in_order = False
            self.add(
                row.number,
                "pessimistic",
                f"the pessimistic duration {_days(high)} is less than the most likely "
                f"{_days(mode)}; optimistic ≤ most likely ≤ pessimistic must hold",
            )
        return _Estimate(float(low), float(mode), float(high)) if in_order else None

    # --- predecessors ------------------------------------------------------------------------

    def _dependencies(self, row: ParsedRow) -> tuple[Dependency, ...]:
        """The row's links that read, and problems for the entries that do not."""
        entries = row.values["predecessors"]
        if not isinstance(entries, tuple):
            return ()
        own = row.values["id"]
        successor = own if isinstance(own, str) else None
        links: list[Dependency] = []
        seen: set[tuple[str, Link]] = set()
        for entry in entries:
            outside = _EXTERNAL.fullmatch(str(entry).strip())
            if outside is not None:
                self._external(row.number, successor, str(entry), outside)
                continue
            resolved = self._resolve(str(entry))
            if resolved.problem is not None or resolved.predecessor is None:
                self.add(row.number, "predecessors", resolved.problem or "")
                continue
            predecessor = resolved.predecessor
            if successor is not None and predecessor.casefold() == successor.casefold():
                self.add(
                    row.number,
                    "predecessors",
                    f"{_quoted(str(entry))}: an activity cannot depend on itself; remove it",
                )
                continue
            if (predecessor, resolved.kind) in seen:
                self.add(
                    row.number,
                    "predecessors",
                    f"{predecessor} is listed twice as a {resolved.kind.value} predecessor; "
                    "give it once",
                )
                continue
            seen.add((predecessor, resolved.kind))
            if successor is not None:
                links.append(Dependency(predecessor, successor, resolved.kind, resolved.lag))
        return tuple(links)

    def _external(
        self, number: int, successor: str | None, entry: str, outside: re.Match[str]
    ) -> None:
        """A predecessor in another project: its project named, then a link that reads."""
        match = _LINK.fullmatch(outside["link"].strip())
        if not outside["project"] or match is None:
            self.add(
                number,
                "predecessors",
                f"{_quoted(entry)} does not read as a predecessor in another project: write "
                f"the project's name in square brackets, then the id, then optionally a link "
                f"type and a signed lag, like {_quoted('[Data centre exit] M3 FS+5')}",
            )
            return
        kind, lag = _kind_and_lag(match)
        if successor is not None:
            self.external.setdefault(number, []).append(
                ExternalLink(
                    row=number,
                    column=self.heading("predecessors"),
                    project=" ".join(outside["project"].split()),
                    predecessor=match["id"].strip(),
                    successor=successor,
                    kind=kind,
                    lag=lag,
                )
            )

    def _resolve(self, entry: str) -> _Resolved:
        """An entry as a link: exactly an id, else an id with a type and lag; an entry that
        does not read is a syntax problem, and so is one that starts with a known id followed
        by something that is not a link (`A XX+2`, `A FF 2`); else it names no activity."""
        exact = self.first.get(entry.casefold())
        if exact is not None:
            return _Resolved(exact[1])
        match = _LINK.fullmatch(entry)
        if match is not None:
            known = self.first.get(match["id"].casefold())
            if known is not None:
                return _Resolved(known[1], *_kind_and_lag(match))
        prefix = self._known_prefix(entry)
        if match is None or prefix is not None:
            example = f"{prefix or 'C'} FF+2"
            return _Resolved(
                None,
                problem=f"{_quoted(entry)} does not read as a predecessor: {_LINK_HELP} "
                f"{_quoted(example)}",
            )
        return _Resolved(None, problem=f"there is no activity {_quoted(match['id'])} in this file")

    def _known_prefix(self, entry: str) -> str | None:
        """The longest id in the file that `entry` starts with, followed by a space, a plus
        sign, or (after an id's last digit) a letter."""
        folded = entry.casefold()
        best: str | None = None
        for key, (_, activity_id) in self.first.items():
            if len(folded) <= len(key) or not folded.startswith(key):
                continue
            following = folded[len(key)]
            if (
                following.isspace()
                or following == "+"
                or (key[-1].isdigit() and following.isalpha())
            ) and (best is None or len(activity_id) > len(best)):
                best = activity_id
        return best

    # --- loops -------------------------------------------------------------------------------

    def _check_loops(self, links: list[Dependency]) -> None:
        """Every loop, by `build_network`: each one found is reported and its activities set
        aside, so the next run finds the next loop."""
        rows = {activity_id: number for number, activity_id in self.first.values()}
        remaining = set(rows)
        while True:
            try:
                build_network(
                    [Activity.single(a, 0) for a in rows if a in remaining],
                    [
                        link
                        for link in links
                        if link.predecessor in remaining and link.successor in remaining
                    ],
                )
            except PlanCycleError as error:
                loop = list(error.cycle[:-1])
                top = min(range(len(loop)), key=lambda position: rows[loop[position]])
                loop = loop[top:] + loop[:top]
                numbers = sorted(rows[activity_id] for activity_id in loop)
                self.add(
                    rows[loop[0]],
                    "predecessors",
                    "the dependencies go round in a loop: "
                    + " → ".join([*loop, loop[0]])
                    + f" (rows {_and(numbers)}); remove one of them so that the plan has a "
                    "start and an end",
                )
                remaining -= set(loop)
            else:
                return

    def _plan_row(
        self,
        row: ParsedRow,
        activity_id: str,
        estimate: _Estimate,
        dependencies: tuple[Dependency, ...],
    ) -> PlanRow:
        values = row.values
        name, owner, budget = values["name"], values["owner"], values["budget"]
        return PlanRow(
            row=row.number,
            id=activity_id,
            name=name if isinstance(name, str) else "",
            optimistic=estimate.optimistic,
            most_likely=estimate.most_likely,
            pessimistic=estimate.pessimistic,
            milestone=values["milestone"] is True,
            owner=owner if isinstance(owner, str) else None,
            budget=budget if isinstance(budget, int) else None,
            dependencies=dependencies,
            percent_complete=values["percent_complete"]
            if isinstance(values["percent_complete"], int)
            else None,
            external=tuple(self.external.get(row.number, ())),
        )


def _kind_and_lag(match: re.Match[str]) -> tuple[Link, float]:
    """The link type (FS when left out) and the signed lag of a predecessor entry."""
    lag = float(match["lag"] or 0)
    if match["sign"] and match["sign"] != "+":
        lag = -lag
    return Link((match["kind"] or Link.FINISH_TO_START.value).upper()), lag + 0.0


def _days(number: Decimal) -> str:
    """A number of days as the file wrote it, without trailing zeros."""
    return format(number.normalize(), "f")


def _and(numbers: Sequence[int]) -> str:
    texts = [str(number) for number in numbers]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1]


__all__ = [
    "COLUMNS",
    "ExternalLink",
    "PlanFile",
    "PlanRow",
    "parse_activity_id",
    "parse_budget",
    "parse_percent_complete",
    "parse_predecessor_list",
    "parse_working_days",
    "read_plan",
]
