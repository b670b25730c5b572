"""Risk registers and risk appetite in and out of spreadsheets, all or nothing.

`import_register` reads a register as public bodies keep them: title rows above the headings,
headings in their own words ("Risk Ref", "Residual Likelihood", "Further Actions Required"),
likelihood and impact as numbers or labels, real dates or day-first text. Score columns are
cross-checked against likelihood x impact, not trusted. Every row is checked first; then the
whole file is written in one transaction, or nothing is. Importing the same file again
changes nothing.

How rows become records (the decisions, so a user can predict them):

- A row matches an existing risk by its reference, ignoring case. A row without a reference
  matches the one risk of its register with the same title, if there is exactly one; otherwise
  it is a new risk and gets the next free reference R-0001, R-0002...
- A column present in the file is authoritative: a blank cell clears the field (a blank status
  is open). A column absent from the file leaves the field as it is.
- The register: `--register NAME` puts every row there (created when missing: a department
  register when all rows name one directorate, else the corporate register if there is none
  yet). Otherwise a "Register" column names an existing register per row; otherwise an
  existing risk stays on its register and a new one goes to its directorate's register (created
  as "<Directorate> risk register" when missing), or to the corporate register when the row
  names no directorate.
- Risk owner and action owner: a person, by full name ignoring case, or by email. A name that
  matches nobody, or more than one person, is a problem of its row naming the person.
- Directorate: a department by name (a top-level one first) or by code.
- Category: by name or key, ignoring case. An organisation with no categories yet starts from
  the Orange Book's thirteen. An unknown category is a problem unless `create_categories`.
- "Existing Controls" and "Further Actions Required": one control or action per line (bullets
  and numbers stripped), matched by wording, created when new, never duplicated and never
  deleted by an import. "Action Owner" and "Action Due Date" give one value for every action
  of the row, or one per line ("-" for none). Only open actions are exported.
- "Accepted By" with "Acceptance Expiry" (both, or neither) records an accepted acceptance,
  decided on "Date Accepted" or else on the import day (or the expiry, if earlier); an accepted
  acceptance of the risk with the same expiry is the same acceptance.
- "Date Last Reviewed" sets the risk's last review date; it does not invent a review record.

`export_register` writes the same layout (export then import changes nothing) with a heat map
sheet. `import_appetite` reads `category, level[, tolerance]` and records the board's approved
statements.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from govdx.core.permissions import SYSTEM, require
from govdx.core.permissions import Action as Permission
from govdx.domain.errors import Conflict, Invalid, NotAllowed, NotFound
from govdx.domain.risk import (
    Matrix,
    band_for,
    default_matrix,
    parse_appetite_level,
    parse_impact,
    parse_likelihood,
    reference_order,
    score_risk,
)
from govdx.domain.risk.dates import format_day
from govdx.domain.tabular import (
    Cell,
    Column,
    ImportProblems,
    ParsedRow,
    ParseError,
    Problem,
    TableResult,
    choice,
    parse_date,
    parse_integer,
    parse_money,
    parse_text,
    read_table,
)
from govdx.domain.tabular.parsers import cell_to_text, normalise_label
from govdx.org.models import Department, Organisation, Person
from govdx.risk import selectors, services
from govdx.risk.choices import (
    AcceptanceState,
    ActionStatus,
    RegisterKind,
    RiskKind,
    RiskStatus,
    StatementState,
    Treatment,
)
from govdx.risk.models import (
    Acceptance,
    Action,
    AppetiteStatement,
    Register,
    Risk,
    RiskCategory,
)

CORPORATE_REGISTER_NAME = "Corporate risk register"
NONE_WORDS = frozenset({"-", "\u2013", "\u2014", "na", "n/a", "none", "tbc", "tba"})


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


# --- cell parsers ----------------------------------------------------------------------------

_BULLET = re.compile(
    r"^\s*(?:[\u2022\u00b7\u25aa\u25cf\u25e6]\s*|[-*\u2013\u2014]+\s+|\(?\d{1,2}[.)]\s+)"
)
_PART_LABEL = re.compile(r"\b(cause|event|consequence|effect)s?\s*:", re.IGNORECASE)


def _raw_lines(cell: Cell) -> list[str]:
    text = cell if isinstance(cell, str) else cell_to_text(cell)
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _collapse(text: str | None) -> str:
    return " ".join((text or "").split())


def parse_lines(cell: Cell) -> tuple[str, ...] | None:
    """One item a line: bullets ("-", "•") and numbers ("1.", "2)") stripped, blanks dropped."""
    lines = [_collapse(_BULLET.sub("", line, count=1)) for line in _raw_lines(cell)]
    kept = tuple(line for line in lines if line)
    return kept or None


def parse_name_lines(cell: Cell) -> tuple[str | None, ...] | None:
    """One name a line; "-", "n/a", "none" or "tbc" for a line with no one."""
    lines = [_collapse(line) for line in _raw_lines(cell)]
    kept = tuple(None if line.casefold() in NONE_WORDS else line for line in lines if line)
    return kept or None


def parse_date_lines(cell: Cell) -> tuple[datetime.date | None, ...] | None:
    """A date cell, or day-first dates one a line ("-" for an action with no due date)."""
    if not isinstance(cell, str):
        day = parse_date(cell)
        return (day,) if day is not None else None
    days: list[datetime.date | None] = []
    for line in _raw_lines(cell):
        text = _collapse(line)
        if not text:
            continue
        days.append(None if text.casefold() in NONE_WORDS else parse_date(text))
    return tuple(days) or None


def parse_description(cell: Cell) -> tuple[str | None, str | None, str | None] | None:
    """(cause, event, consequence) from one description cell: labelled parts ("Cause: ...
    Event: ... Consequence: ...") where the text has them, else the whole text as the event.
    """
    text = _collapse(cell if isinstance(cell, str) else cell_to_text(cell))
    if not text:
        return None
    marks = list(_PART_LABEL.finditer(text))
    if not marks:
        return (None, text, None)
    parts: dict[str, str] = {}
    lead = text[: marks[0].start()].strip(" .;,")
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following is not None else len(text)
        name = mark[1].casefold()
        name = "consequence" if name == "effect" else name
        piece = text[mark.end() : end].strip(" ;,")
        if piece:
            parts[name] = f"{parts[name]} {piece}" if name in parts else piece
    if lead:
        parts["event"] = f"{lead} {parts['event']}" if "event" in parts else lead
    return (parts.get("cause"), parts.get("event"), parts.get("consequence"))


def parse_probability(cell: Cell) -> Decimal | None:
    """A chance in the year: 0.25, "0.25" or "25%"."""
    text = cell_to_text(cell)
    if not text:
        return None
    help_text = "write a probability from 0 to 1, like 0.25, or a percentage like 25%"
    percent = text.endswith("%")
    try:
        number = Decimal(text.rstrip("%").strip().replace(",", ""))
    except InvalidOperation:
        raise ParseError(f"\u201c{text}\u201d is not a probability; {help_text}") from None
    if percent:
        number /= 100
    if not number.is_finite() or not 0 <= number <= 1:
        raise ParseError(f"\u201c{text}\u201d is not a probability; {help_text}")
    return number.quantize(Decimal("0.0001"))


def _level_parser(scale: str, matrix: Matrix) -> Callable[[Cell], int | None]:
    parse = parse_likelihood if scale == "likelihood" else parse_impact

    def parse_level(cell: Cell) -> int | None:
        if cell is None:
            return None
        if not isinstance(cell, int | float | str) or isinstance(cell, bool):
            raise ParseError(
                f"\u201c{cell_to_text(cell)}\u201d is not a {scale}; write a whole number "
                f"from 1 to {matrix.size} or a label"
            )
        try:
            return parse(cell, matrix)
        except Invalid as error:
            raise ParseError(error.message.rstrip(".")) from None

    return parse_level


def _score_parser(matrix: Matrix) -> Callable[[Cell], int | str | None]:
    bands = {normalise_label(band.name): band.name for band in matrix.bands}

    def parse_score(cell: Cell) -> int | str | None:
        text = cell_to_text(cell)
        if not text:
            return None
        if normalise_label(text) in bands:
            return bands[normalise_label(text)]
        try:
            return parse_integer(cell)
        except ParseError:
            names = ", ".join(band.name for band in matrix.bands)
            raise ParseError(
                f"\u201c{text}\u201d is not a score; write likelihood \u00d7 impact as a whole "
                f"number, or a band: {names}"
            ) from None

    return parse_score


def _choice_of(options: dict[str, str]) -> Callable[[Cell], str | None]:
    return choice(options)


STATUS_WORDS = {
    "open": RiskStatus.OPEN.value,
    "live": RiskStatus.OPEN.value,
    "active": RiskStatus.OPEN.value,
    "closed": RiskStatus.CLOSED.value,
    "materialised": RiskStatus.MATERIALISED.value,
    "materialized": RiskStatus.MATERIALISED.value,
    "materialised as an issue": RiskStatus.MATERIALISED.value,
    "issue": RiskStatus.MATERIALISED.value,
}
TREATMENT_WORDS = {
    "treat": Treatment.TREAT.value,
    "reduce": Treatment.TREAT.value,
    "tolerate": Treatment.TOLERATE.value,
    "accept": Treatment.TOLERATE.value,
    "transfer": Treatment.TRANSFER.value,
    "share": Treatment.TRANSFER.value,
    "terminate": Treatment.TERMINATE.value,
    "avoid": Treatment.TERMINATE.value,
}
KIND_WORDS = {
    "threat": RiskKind.THREAT.value,
    "risk": RiskKind.THREAT.value,
    "risk (threat)": RiskKind.THREAT.value,
    "opportunity": RiskKind.OPPORTUNITY.value,
}


# --- the register's columns ------------------------------------------------------------------

STAGES = {
    "inherent": ("Inherent", ("Gross", "Original", "Initial", "Untreated", "Pre-mitigation")),
    "current": ("Current", ("Residual", "Net", "Controlled")),
    "target": ("Target", ("Desired", "Planned")),
}
MEASURES = {
    "likelihood": ("Likelihood", ("Probability", "L")),
    "impact": ("Impact", ("Severity", "I")),
}


def _stage_headings(stage: str, names: Iterable[str]) -> tuple[str, ...]:
    label, others = STAGES[stage]
    headings: list[str] = []
    for prefix in (label, *others):
        for name in names:
            headings += [f"{prefix} {name}", f"{prefix} Risk {name}", f"{name} ({prefix})"]
    return tuple(headings)


COST_COLUMNS = (
    ("cost_low", "Cost Low", ("Low Cost", "Minimum Cost", "Best Case Cost")),
    ("cost_likely", "Cost Most Likely", ("Most Likely Cost", "Likely Cost")),
    ("cost_high", "Cost High", ("High Cost", "Maximum Cost", "Worst Case Cost")),
    ("cost_p5", "Cost 5th Percentile", ("Cost P5", "P5 Cost")),
    ("cost_p95", "Cost 95th Percentile", ("Cost P95", "P95 Cost")),
)


def register_columns(matrix: Matrix) -> tuple[Column, ...]:
    """The columns a register may have, each with the headings accepted for it."""
    columns = [
        Column("register", "Register", synonyms=("Risk Register", "Register Name")),
        Column(
            "reference",
            "Risk Ref",
            synonyms=(
                "Ref",
                "Reference",
                "Risk Reference",
                "Risk ID",
                "ID",
                "Risk No",
                "Risk Number",
                "Ref No",
                "Risk Ref No",
            ),
        ),
        Column(
            "title",
            "Risk Title",
            synonyms=("Title", "Risk", "Risk Name", "Short Title", "Risk Summary"),
            required=True,
        ),
        Column(
            "description",
            "Description (Cause, Event, Consequence)",
            synonyms=("Description", "Risk Description", "Cause, Event, Consequence"),
            parser=parse_description,
        ),
        Column("cause", "Cause", synonyms=("Causes", "Risk Cause")),
        Column("event", "Event", synonyms=("Risk Event",)),
        Column("consequence", "Consequence", synonyms=("Consequences", "Effect", "Effects")),
        Column(
            "category",
            "Category",
            synonyms=("Risk Category", "Risk Type", "Category of Risk", "Orange Book Category"),
            required=True,
        ),
        Column(
            "owner",
            "Risk Owner",
            synonyms=(
                "Owner",
                "Risk Lead",
                "Lead Officer",
                "Responsible Officer",
                "Accountable Officer",
            ),
        ),
        Column(
            "directorate",
            "Directorate",
            synonyms=("Department", "Service Area", "Division", "Directorate/Service"),
        ),
        Column(
            "status",
            "Status",
            synonyms=("Risk Status", "Open/Closed"),
            parser=_choice_of(STATUS_WORDS),
        ),
        Column(
            "kind",
            "Threat or Opportunity",
            synonyms=("Risk or Opportunity", "Threat/Opportunity"),
            parser=_choice_of(KIND_WORDS),
        ),
        Column(
            "identified_on",
            "Date Identified",
            synonyms=(
                "Date Raised",
                "Date Added",
                "Date Opened",
                "Date Logged",
                "Raised On",
                "Identified On",
            ),
            parser=parse_date,
        ),
    ]
    for stage in STAGES:
        label = STAGES[stage][0]
        for measure, (name, others) in MEASURES.items():
            columns.append(
                Column(
                    f"{stage}_{measure}",
                    f"{label} {name}",
                    synonyms=tuple(
                        h for h in _stage_headings(stage, (name, *others)) if h != f"{label} {name}"
                    ),
                    parser=_level_parser(measure, matrix),
                    required=stage == "inherent",
                )
            )
        columns.append(
            Column(
                f"{stage}_score",
                f"{label} Score",
                synonyms=tuple(
                    h
                    for h in _stage_headings(stage, ("Score", "Rating", "Total"))
                    if h != f"{label} Score"
                ),
                parser=_score_parser(matrix),
            )
        )
    columns += [
        Column(
            "controls",
            "Existing Controls",
            synonyms=(
                "Controls",
                "Current Controls",
                "Controls in Place",
                "Existing Controls in Place",
                "Mitigating Controls",
                "Key Controls",
            ),
            parser=parse_lines,
        ),
        Column(
            "treatment",
            "Treatment",
            synonyms=("Risk Response", "Response", "Treatment Option", "Risk Treatment"),
            parser=_choice_of(TREATMENT_WORDS),
        ),
        Column(
            "actions",
            "Further Actions Required",
            synonyms=(
                "Further Actions",
                "Further Action Required",
                "Actions",
                "Actions Required",
                "Planned Actions",
                "Mitigating Actions",
                "Further Mitigating Actions",
                "Action Plan",
            ),
            parser=parse_lines,
        ),
        Column(
            "action_owner",
            "Action Owner",
            synonyms=("Action Owners", "Action Lead", "Action By", "Actionee"),
            parser=parse_name_lines,
        ),
        Column(
            "action_due",
            "Action Due Date",
            synonyms=(
                "Due Date",
                "Action Due",
                "Target Date",
                "Action Target Date",
                "Date Due",
                "Completion Date",
                "Action Deadline",
            ),
            parser=parse_date_lines,
        ),
        Column(
            "last_reviewed",
            "Date Last Reviewed",
            synonyms=(
                "Last Reviewed",
                "Last Review Date",
                "Date Reviewed",
                "Reviewed On",
                "Last Review",
                "Date of Last Review",
            ),
            parser=parse_date,
        ),
        Column(
            "accepted_by",
            "Accepted By",
            synonyms=("Risk Accepted By", "Acceptance Approved By", "Acceptance By"),
        ),
        Column(
            "accepted_on",
            "Date Accepted",
            synonyms=("Acceptance Date", "Accepted On", "Date of Acceptance"),
            parser=parse_date,
        ),
        Column(
            "acceptance_expiry",
            "Acceptance Expiry",
            synonyms=(
                "Acceptance Expiry Date",
                "Acceptance Expires",
                "Accepted Until",
                "Acceptance End Date",
            ),
            parser=parse_date,
        ),
        Column(
            "probability",
            "Annual Probability",
            synonyms=("Probability per Year", "Annual Likelihood", "Chance per Year"),
            parser=parse_probability,
        ),
    ]
    columns += [
        Column(key, label, synonyms=synonyms, parser=parse_money)
        for key, label, synonyms in COST_COLUMNS
    ]
    return tuple(columns)


LABELS = {column.key: column.label for column in register_columns(default_matrix())}

# Model field -> column key, to place a validation error on the file's heading.
FIELD_COLUMNS = {
    "reference": "reference",
    "title": "title",
    "cause": "cause",
    "event": "event",
    "consequence": "consequence",
    "category": "category",
    "owner": "owner",
    "department": "directorate",
    "register": "register",
    "status": "status",
    "kind": "kind",
    "identified_on": "identified_on",
    "treatment": "treatment",
    "last_reviewed_on": "last_reviewed",
    "probability": "probability",
    "cost_low": "cost_low",
    "cost_likely": "cost_likely",
    "cost_high": "cost_high",
    "cost_p5": "cost_p5",
    "cost_p95": "cost_p95",
    "expires_on": "acceptance_expiry",
    "decided_on": "accepted_on",
    "submitted_on": "accepted_on",
    **{f"{s}_{m}": f"{s}_{m}" for s in STAGES for m in MEASURES},
}

# The columns an export writes, in order; the importer reads every one of them.
EXPORT_KEYS = (
    "register", "reference", "title", "cause", "event", "consequence", "category", "owner",
    "directorate", "status", "kind", "identified_on",
    "inherent_likelihood", "inherent_impact", "inherent_score", "controls",
    "current_likelihood", "current_impact", "current_score", "treatment",
    "actions", "action_owner", "action_due",
    "target_likelihood", "target_impact", "target_score", "last_reviewed",
    "accepted_by", "accepted_on", "acceptance_expiry",
    "probability", "cost_low", "cost_likely", "cost_high", "cost_p5", "cost_p95",
)  # fmt: skip


# --- results ---------------------------------------------------------------------------------


@dataclass
class RegisterImportResult:
    """What an import did, or would do on a dry run; references listed by outcome."""

    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    registers_created: list[str] = field(default_factory=list)
    categories_created: list[str] = field(default_factory=list)
    ignored_headings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, int]:
        """The `govdx risks import --json` object: exactly these keys."""
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
        }

    def notes(self) -> list[str]:
        lines = []
        if self.registers_created:
            lines.append("New registers: " + ", ".join(self.registers_created))
        if self.categories_created:
            lines.append("New categories: " + ", ".join(self.categories_created))
        if self.ignored_headings:
            lines.append("Columns not used: " + ", ".join(self.ignored_headings))
        return lines

    def summary(self, *, dry_run: bool = False) -> str:
        verb = "would be" if dry_run else "were"
        lines = [
            f"{self.rows} risks read: {len(self.created)} {verb} created, "
            f"{len(self.updated)} updated, {len(self.unchanged)} unchanged."
        ]
        if self.updated:
            lines.append("Updated: " + ", ".join(self.updated))
        lines += self.notes()
        if dry_run:
            lines.append("Dry run: nothing was written.")
        return "\n".join(lines)


@dataclass
class AppetiteImportResult:
    rows: int = 0
    approved: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    categories_created: list[str] = field(default_factory=list)
    effective_from: datetime.date | None = None
    ignored_headings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "approved": len(self.approved),
            "unchanged": len(self.unchanged),
            "categories_created": list(self.categories_created),
        }

    def summary(self, *, dry_run: bool = False) -> str:
        verb = "would be" if dry_run else "were"
        day = format_day(self.effective_from) if self.effective_from else "today"
        lines = [
            f"{self.rows} categories read: {len(self.approved)} appetite statements {verb} "
            f"approved from {day}, {len(self.unchanged)} unchanged."
        ]
        if self.approved:
            lines.append("New statements: " + ", ".join(self.approved))
        if self.categories_created:
            lines.append("New categories: " + ", ".join(self.categories_created))
        if self.ignored_headings:
            lines.append("Columns not used: " + ", ".join(self.ignored_headings))
        if dry_run:
            lines.append("Dry run: nothing was written.")
        return "\n".join(lines)


# --- shared look-ups -------------------------------------------------------------------------


def _name_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _item_key(text: str) -> str:
    """Wording of a control or action, compared ignoring case, spacing and a leading bullet."""
    return _collapse(_BULLET.sub("", _collapse(text), count=1)).casefold()


class _Categories:
    """The organisation's categories by name or key; new ones made on request."""

    def __init__(self, actor: Any, reason: str) -> None:
        self.actor, self.reason = actor, reason
        if not RiskCategory.objects.exists():
            services.categories_load(user=actor)
        self.by_label: dict[str, RiskCategory] = {}
        for category in RiskCategory.objects.order_by("order", "pk"):
            self.by_label.setdefault(normalise_label(category.name), category)
            self.by_label.setdefault(normalise_label(category.key), category)
        self.created: list[str] = []

    def find(self, name: str) -> RiskCategory | None:
        return self.by_label.get(normalise_label(name))

    def create(self, name: str) -> RiskCategory:
        taken = set(RiskCategory.objects.values_list("key", flat=True))
        base = slugify(name)[:36].strip("-") or "category"
        key, number = base, 2
        while key in taken:
            key, number = f"{base}-{number}", number + 1
        highest = RiskCategory.objects.aggregate(highest=Max("order"))["highest"] or 0
        category = services.category_create(
            data={"key": key, "name": name, "order": min(highest + 10, 32000)},
            user=self.actor,
            reason=self.reason,
        )
        self.by_label[normalise_label(name)] = category
        self.by_label.setdefault(normalise_label(key), category)
        self.created.append(name)
        return category

    def known(self) -> str:
        names = sorted({c.name for c in self.by_label.values()}, key=str.casefold)
        return ", ".join(names)


class _People:
    """People by full name (ignoring case and spacing) or by email."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[Person]] = {}
        self.by_email: dict[str, Person] = {}
        for person in Person.objects.order_by("-is_active", "pk"):
            self.by_name.setdefault(_name_key(person.full_name), []).append(person)
            if person.email:
                self.by_email[person.email.lower()] = person

    def find(self, text: str) -> tuple[Person | None, str | None]:
        """(the person, None) or (None, what is wrong)."""
        if "@" in text:
            person = self.by_email.get(text.strip().lower())
            if person is None:
                return None, f"no one on the staff list has the email {text}"
            return person, None
        matches = self.by_name.get(_name_key(text), [])
        active = [p for p in matches if p.is_active] or matches
        if not active:
            return None, (
                f"no one called \u201c{text}\u201d is on the staff list; correct the name, "
                "give their email, or add them with govdx org import"
            )
        if len(active) > 1:
            return None, (
                f"{len(active)} people are called \u201c{text}\u201d; give the email of the "
                "one you mean"
            )
        return active[0], None

    def label(self, person: Person | None) -> str:
        """How an export names a person so that the import finds them again."""
        if person is None:
            return ""
        if len(self.by_name.get(_name_key(person.full_name), [])) > 1 and person.email:
            return person.email
        return person.full_name


class _Departments:
    def __init__(self) -> None:
        self.by_name: dict[str, list[Department]] = {}
        self.by_code: dict[str, Department] = {}
        for department in Department.objects.order_by("pk"):
            self.by_name.setdefault(_name_key(department.name), []).append(department)
            self.by_code[department.code.casefold()] = department

    def find(self, text: str) -> tuple[Department | None, str | None]:
        matches = self.by_name.get(_name_key(text), [])
        if len(matches) > 1:
            top = [d for d in matches if d.parent_id is None]
            matches = top if len(top) == 1 else matches
        if len(matches) == 1:
            return matches[0], None
        if not matches and text.strip().casefold() in self.by_code:
            return self.by_code[text.strip().casefold()], None
        if matches:
            codes = ", ".join(d.code for d in matches)
            return None, (
                f"{len(matches)} departments are called \u201c{text}\u201d; write the code of "
                f"the one you mean ({codes})"
            )
        return None, f"there is no department called \u201c{text}\u201d"

    def label(self, department: Department | None) -> str:
        if department is None:
            return ""
        if len(self.by_name.get(_name_key(department.name), [])) > 1:
            top = [d for d in self.by_name[_name_key(department.name)] if d.parent_id is None]
            if top != [department]:
                return department.code
        return department.name


class _Registers:
    """Registers by name; the corporate and directorate registers found or made on demand."""

    def __init__(self, actor: Any, reason: str) -> None:
        self.actor, self.reason = actor, reason
        self.by_name = {_name_key(r.name): r for r in Register.objects.order_by("pk")}
        self.created: list[str] = []

    def find(self, name: str) -> Register | None:
        return self.by_name.get(_name_key(name))

    def forget_rolled_back(self) -> None:
        """After a row's savepoint rolled back: drop registers made inside it."""
        self.by_name = {_name_key(r.name): r for r in Register.objects.order_by("pk")}
        self.created = [name for name in self.created if _name_key(name) in self.by_name]

    def home(self, department: Department | None, *, create: bool) -> Register | None:
        """Where a new risk goes by default: its directorate's register, else the corporate
        one; made when missing if `create`."""
        if department is None:
            register = Register.objects.filter(kind=RegisterKind.CORPORATE).order_by("pk").first()
            if register is None and create:
                register = self.make(CORPORATE_REGISTER_NAME, RegisterKind.CORPORATE, None)
            return register
        register = (
            Register.objects.filter(kind=RegisterKind.DEPARTMENT, department=department)
            .order_by("pk")
            .first()
        )
        name = f"{department.name} risk register"
        register = register or self.find(name)
        if register is None and create:
            register = self.make(name, RegisterKind.DEPARTMENT, department)
        return register

    def make(self, name: str, kind: str, department: Department | None) -> Register:
        parent = None
        if kind != RegisterKind.CORPORATE:
            parent = Register.objects.filter(kind=RegisterKind.CORPORATE).order_by("pk").first()
        register = services.register_create(
            data={"name": name, "kind": kind, "department": department, "parent": parent},
            user=self.actor,
            reason=self.reason,
        )
        self.by_name[_name_key(name)] = register
        self.created.append(name)
        return register


# --- importing a register --------------------------------------------------------------------


@dataclass
class _Context:
    table: TableResult
    actor: Any
    source: str
    today: datetime.date
    present: frozenset[str]
    categories: _Categories
    people: _People
    departments: _Departments
    registers: _Registers
    create_categories: bool
    chosen_register: Register | None
    result: RegisterImportResult
    taken_references: set[str]
    generated: int = 0

    @property
    def reason(self) -> str:
        return f"imported from {self.source}"

    def heading(self, key: str) -> str:
        if key in self.table.headings:
            return self.table.headings[key]
        if key in {"cause", "event", "consequence"} and "description" in self.table.headings:
            return self.table.headings["description"]
        return LABELS.get(key, key)


def import_register(
    path: Path | Any,
    *,
    user: Any,
    register: str | None = None,
    dry_run: bool = False,
    create_categories: bool = False,
    filename: str | None = None,
    today: datetime.date | None = None,
    sheet: str | None = None,
) -> RegisterImportResult:
    """Check the whole register file, then write it in one transaction, or nothing.

    Raises ImportProblems listing every problem as (row, column, message); nothing is written
    then. The rules are in the module docstring.
    """
    actor, today, name = _start_import(path, user, Risk, filename=filename, today=today)
    matrix = selectors.matrix_on(today)
    table = read_table(path, register_columns(matrix), sheet=sheet, filename=name)
    checked = _check_rows(table, matrix)
    problems = [*table.problems, *checked]
    if table.header_row is None:  # the file could not be read at all
        raise ImportProblems(problems)
    result = RegisterImportResult(rows=len(table.rows), ignored_headings=table.ignored_headings)
    _write_all_or_nothing(
        problems,
        lambda: _write_register(
            table, actor, result, source=name, today=today, register=register,
            create_categories=create_categories, skip={p.row for p in checked},
        ),
        dry_run=dry_run,
    )  # fmt: skip
    return result


def _start_import(
    path: Path | Any,
    user: Any,
    model: type[Risk | AppetiteStatement],
    *,
    filename: str | None,
    today: datetime.date | None,
) -> tuple[Any, datetime.date, str]:
    """(actor, today, the file's name) for an import the user may make of a file that exists."""
    actor = user or SYSTEM
    require(actor, Permission.ADD, model)
    today = today or datetime.date.today()  # noqa: DTZ011  # the caller passes the local day
    name = filename or (path.name if isinstance(path, Path) else "upload")
    if isinstance(path, Path) and not path.is_file():
        raise ImportProblems([Problem(None, None, f"There is no file at {path}.")])
    return actor, today, name


def _write_all_or_nothing(
    problems: list[Problem], write: Callable[[], list[Problem]], *, dry_run: bool
) -> None:
    """Run `write` in one transaction; roll it all back on any problem (raised, in file order)
    or on a dry run."""
    try:
        with transaction.atomic():
            problems += write()
            if problems:
                raise ImportProblems(_in_file_order(problems))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass


def _in_file_order(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: -1 if p.row is None else p.row)


def _check_rows(table: TableResult, matrix: Matrix) -> list[Problem]:
    """What can be checked without the database: repeats, pairs and the score columns."""
    problems: list[Problem] = []
    references: dict[str, int] = {}
    untitled: dict[str, int] = {}

    def heading(key: str) -> str:
        return table.heading(key, LABELS.get(key, key))

    for row in table.rows:
        values: Mapping[str, Any] = row.values
        bad = {problem.column for problem in row.problems}
        reference = values.get("reference")
        if reference:
            marker = str(reference).casefold()
            if marker in references:
                problems.append(
                    Problem(
                        row.number,
                        heading("reference"),
                        f"{reference} is also on row {references[marker]}; each risk needs its "
                        "own reference",
                    )
                )
            else:
                references[marker] = row.number
        elif values.get("title"):
            marker = _name_key(str(values["title"]))
            if marker in untitled:
                problems.append(
                    Problem(
                        row.number,
                        heading("reference"),
                        f"the risk on row {untitled[marker]} has the same title and neither has "
                        "a reference; give each a reference",
                    )
                )
            else:
                untitled[marker] = row.number
        for stage in STAGES:
            problems += _check_stage(row, stage, matrix, bad, heading)
        problems += _check_pairs(row, bad, heading)
    return problems


def _check_stage(
    row: ParsedRow, stage: str, matrix: Matrix, bad: set[str | None], heading: Callable[[str], str]
) -> list[Problem]:
    values: Mapping[str, Any] = row.values
    likelihood_key, impact_key, score_key = (f"{stage}_likelihood", f"{stage}_impact",
                                             f"{stage}_score")  # fmt: skip
    if {heading(likelihood_key), heading(impact_key), heading(score_key)} & bad:
        return []
    likelihood, impact, given = (values.get(k) for k in (likelihood_key, impact_key, score_key))
    problems = []
    if stage != "inherent" and (likelihood is None) != (impact is None):
        missing = impact_key if impact is None else likelihood_key
        problems.append(
            Problem(
                row.number,
                heading(missing),
                f"give the {stage} {missing.split('_')[1]} too, or neither the {stage} "
                "likelihood nor impact",
            )
        )
        return problems
    if given is None:
        return problems
    if likelihood is None or impact is None:
        if stage != "inherent":
            problems.append(
                Problem(
                    row.number,
                    heading(score_key),
                    f"a score is given with no {stage} likelihood and impact; give them, or "
                    "leave the score blank",
                )
            )
        return problems
    assert isinstance(likelihood, int) and isinstance(impact, int)  # noqa: S101  # parsed ints
    score = score_risk(likelihood, impact, matrix)
    if isinstance(given, str):
        band = band_for(score, matrix).name
        if band != given:
            problems.append(
                Problem(
                    row.number,
                    heading(score_key),
                    f"the file says \u201c{given}\u201d, but {likelihood} \u00d7 {impact} = "
                    f"{score} is {band}; correct the score or the likelihood and impact",
                )
            )
    elif given != score:
        problems.append(
            Problem(
                row.number,
                heading(score_key),
                f"the file says {given}, but {heading(likelihood_key)} \u00d7 "
                f"{heading(impact_key)} is {likelihood} \u00d7 {impact} = {score}; correct the "
                "score or the likelihood and impact",
            )
        )
    return problems


def _check_pairs(
    row: ParsedRow, bad: set[str | None], heading: Callable[[str], str]
) -> list[Problem]:
    values: Mapping[str, Any] = row.values
    problems = []
    accepted_by, expiry = values.get("accepted_by"), values.get("acceptance_expiry")
    if not {heading("accepted_by"), heading("acceptance_expiry")} & bad:
        if accepted_by and expiry is None:
            problems.append(
                Problem(
                    row.number,
                    heading("acceptance_expiry"),
                    "give the date the acceptance expires, at most 12 months after it was accepted",
                )
            )
        if expiry is not None and not accepted_by:
            problems.append(
                Problem(row.number, heading("accepted_by"), "say who accepted the risk")
            )
    if values.get("accepted_on") is not None and not accepted_by and expiry is None:
        problems.append(
            Problem(
                row.number,
                heading("accepted_by"),
                "a date accepted is given; say who accepted the risk and when it expires",
            )
        )
    actions = values.get("actions") or ()
    for key, what in (("action_owner", "owner"), ("action_due", "due date")):
        given = values.get(key) or ()
        if not given or heading(key) in bad:
            continue
        if not actions:
            problems.append(
                Problem(
                    row.number,
                    heading(key),
                    f"an action {what} is given but no action under {heading('actions')}",
                )
            )
        elif len(given) not in (1, len(actions)):
            problems.append(
                Problem(
                    row.number,
                    heading(key),
                    f"{len(given)} lines for {len(actions)} actions; give one {what} for all "
                    f"of them, or one a line for each",
                )
            )
    return problems


def _write_register(
    table: TableResult,
    actor: Any,
    result: RegisterImportResult,
    *,
    source: str,
    today: datetime.date,
    register: str | None,
    create_categories: bool,
    skip: set[int | None],
) -> list[Problem]:
    """Resolve every row and write those without problems (not those numbered in `skip`);
    returns the problems found on the way (the caller rolls back if there are any)."""
    reason = f"imported from {source}"
    registers = _Registers(actor, reason)
    problems: list[Problem] = []
    chosen = None
    if register:
        chosen = registers.find(register)
        if chosen is None:
            chosen, problem = _make_named_register(register, table, registers)
            if problem:
                problems.append(problem)
    context = _Context(
        table=table,
        actor=actor,
        source=source,
        today=today,
        present=frozenset(table.headings),
        categories=_Categories(actor, reason),
        people=_People(),
        departments=_Departments(),
        registers=registers,
        create_categories=create_categories,
        chosen_register=chosen,
        result=result,
        taken_references={
            str(r.values["reference"]).casefold() for r in table.rows if r.values.get("reference")
        },
    )
    blocked = bool(register) and chosen is None
    for row in table.rows:
        row_problems = list(row.problems)
        resolved = _resolve(row, context, row_problems)
        if row_problems or blocked or row.number in skip:
            problems += row_problems[len(row.problems) :]
            continue
        try:
            with transaction.atomic():
                _write_row(row, resolved, context)
        except (Invalid, NotAllowed, Conflict) as error:
            problems.append(_problem_from(error, row.number, context))
            registers.forget_rolled_back()
    result.registers_created = list(registers.created)
    result.categories_created = list(context.categories.created)
    return problems


def _make_named_register(
    name: str, table: TableResult, registers: _Registers
) -> tuple[Register | None, Problem | None]:
    """The register `--register` names, made when missing (see the module docstring)."""
    directorates = {
        _name_key(str(r.values["directorate"])) for r in table.rows if r.values.get("directorate")
    }
    departments = _Departments()
    if len(directorates) == 1 and all(r.values.get("directorate") for r in table.rows):
        department, _ = departments.find(str(table.rows[0].values["directorate"]))
        if department is not None:
            return registers.make(name.strip(), RegisterKind.DEPARTMENT, department), None
    if not Register.objects.filter(kind=RegisterKind.CORPORATE).exists():
        return registers.make(name.strip(), RegisterKind.CORPORATE, None), None
    names = ", ".join(r.name for r in Register.objects.order_by("name"))
    return None, Problem(
        None,
        None,
        f"There is no register called \u201c{name}\u201d, and the rows name more than one "
        f"directorate, so it cannot be made as a directorate's register. Registers: {names}.",
    )


@dataclass
class _Resolved:
    category: RiskCategory | None = None
    owner: Person | None = None
    department: Department | None = None
    register: Register | None = None
    action_owners: tuple[Person | None, ...] = ()


def _resolve(row: ParsedRow, context: _Context, problems: list[Problem]) -> _Resolved:
    """Find the category, people, department and register a row names."""
    values: Mapping[str, Any] = row.values
    resolved = _Resolved()
    category_name = values.get("category")
    if category_name:
        resolved.category = context.categories.find(str(category_name))
        if resolved.category is None:
            if context.create_categories:
                resolved.category = context.categories.create(str(category_name))
            else:
                problems.append(
                    Problem(
                        row.number,
                        context.heading("category"),
                        f"the organisation has no category \u201c{category_name}\u201d; use "
                        f"one of {context.categories.known()}, or import with "
                        "--create-categories to add it",
                    )
                )
    owner = values.get("owner")
    if owner:
        resolved.owner, message = context.people.find(str(owner))
        if message:
            problems.append(Problem(row.number, context.heading("owner"), message))
    owners: list[Person | None] = []
    for text in values.get("action_owner") or ():
        person = None
        if text:
            person, message = context.people.find(text)
            if message:
                problems.append(Problem(row.number, context.heading("action_owner"), message))
        owners.append(person)
    resolved.action_owners = tuple(owners)
    directorate = values.get("directorate")
    if directorate:
        resolved.department, message = context.departments.find(str(directorate))
        if message:
            problems.append(Problem(row.number, context.heading("directorate"), message))
    register_name = values.get("register")
    if context.chosen_register is not None:
        resolved.register = context.chosen_register
    elif register_name:
        resolved.register = context.registers.find(str(register_name))
        if resolved.register is None:
            problems.append(
                Problem(
                    row.number,
                    context.heading("register"),
                    f"there is no register called \u201c{register_name}\u201d; correct the "
                    "name, or import with --register to put every row on one register",
                )
            )
    return resolved


def _problem_from(error: Invalid | NotAllowed | Conflict, row: int, context: _Context) -> Problem:
    fields = getattr(error, "field_errors", {}) or {}
    field_name = next(iter(fields), None)
    key = FIELD_COLUMNS.get(field_name or "")
    column = context.heading(key) if key else getattr(error, "column", None)
    if isinstance(error, NotAllowed):
        return Problem(row, column, f"you may not add or change this risk: {error.message}")
    message = " ".join(fields[field_name]) if field_name and fields[field_name] else error.message
    return Problem(row, column, message)


class _RowError(Invalid):
    """A service refused part of a row; `column` says which column it came from."""

    def __init__(self, error: Invalid, column: str) -> None:
        super().__init__(error.message, error.field_errors)
        self.column = column


def _risk_data(row: ParsedRow, resolved: _Resolved, context: _Context) -> dict[str, Any]:
    """The risk's fields that the file's columns set (absent columns are left alone)."""
    values: Mapping[str, Any] = row.values
    present = context.present
    data: dict[str, Any] = {"title": values["title"], "category": resolved.category}
    description = values.get("description") if "description" in present else None
    parts = dict(zip(("cause", "event", "consequence"), description or (None,) * 3, strict=True))
    for part in ("cause", "event", "consequence"):
        if part in present and values.get(part):
            data[part] = values[part]
        elif part in present or "description" in present:
            data[part] = parts[part] or ""
    if "owner" in present:
        data["owner"] = resolved.owner
    if "directorate" in present:
        data["department"] = resolved.department
    if "status" in present:
        data["status"] = values.get("status") or RiskStatus.OPEN
    if "kind" in present:
        data["kind"] = values.get("kind") or RiskKind.THREAT
    if values.get("identified_on"):
        data["identified_on"] = values["identified_on"]
    for stage in STAGES:
        for measure in MEASURES:
            key = f"{stage}_{measure}"
            if key in present:
                data[key] = values.get(key)
    if "treatment" in present:
        data["treatment"] = values.get("treatment") or ""
    if "last_reviewed" in present:
        data["last_reviewed_on"] = values.get("last_reviewed")
    for key in ("probability", "cost_low", "cost_likely", "cost_high", "cost_p5", "cost_p95"):
        if key in present:
            data[key] = values.get(key)
    return data


TEXT_FIELDS = frozenset({"title", "cause", "event", "consequence", "treatment"})


def _changes(risk: Risk, data: dict[str, Any]) -> dict[str, Any]:
    """The part of `data` that differs from the stored risk (text compared ignoring spacing)."""
    changed: dict[str, Any] = {}
    for name, value in data.items():
        stored = getattr(risk, name)
        if name in TEXT_FIELDS:
            same = _collapse(stored) == _collapse(value)
        elif name in {"category", "owner", "department", "register"}:
            same = getattr(risk, f"{name}_id") == (value.pk if value is not None else None)
        else:
            same = stored == value
        if not same:
            changed[name] = value
    return changed


def _find_risk(row: ParsedRow, register: Register | None) -> Risk | None:
    reference = row.values.get("reference")
    if reference:
        return (
            Risk.objects.filter(reference=reference).first()
            or Risk.objects.filter(reference__iexact=reference).order_by("pk").first()
        )
    if register is None:
        return None
    matches = list(Risk.objects.filter(register=register, title__iexact=row.values["title"])[:2])
    return matches[0] if len(matches) == 1 else None


def _next_reference(context: _Context) -> str:
    taken = {r.casefold() for r in Risk.objects.values_list("reference", flat=True)}
    taken |= context.taken_references
    number = context.generated + 1
    while f"r-{number:04d}" in taken:
        number += 1
    context.generated = number
    context.taken_references.add(f"r-{number:04d}")
    return f"R-{number:04d}"


def _write_row(row: ParsedRow, resolved: _Resolved, context: _Context) -> None:
    values: Mapping[str, Any] = row.values
    register = resolved.register
    home = register or context.registers.home(resolved.department, create=False)
    risk = _find_risk(row, home)
    data = _risk_data(row, resolved, context)
    if risk is None:
        register = register or context.registers.home(resolved.department, create=True)
        assert register is not None  # noqa: S101  # made when missing
        data["register"] = register
        if data.get("department") is None:
            data["department"] = register.department
        data["reference"] = values.get("reference") or _next_reference(context)
        risk = services.risk_create(data=data, user=context.actor, reason=context.reason)
        _write_children(risk, row, resolved, context)
        context.result.created.append(risk.reference)
        return
    if register is not None:
        data["register"] = register
    changed = _changes(risk, data)
    if changed:
        risk = services.risk_update(
            instance=risk,
            data=changed,
            user=context.actor,
            expected_version=None,
            reason=context.reason,
        )
    children_changed = _write_children(risk, row, resolved, context)
    outcome = context.result.updated if changed or children_changed else context.result.unchanged
    outcome.append(risk.reference)


def _write_children(risk: Risk, row: ParsedRow, resolved: _Resolved, context: _Context) -> bool:
    """Controls, actions and the acceptance of a row; True when anything was written."""
    changed = False
    for writer, column in (
        (_write_controls, "controls"),
        (_write_actions, "actions"),
        (_write_acceptance, "accepted_by"),
    ):
        try:
            changed = writer(risk, row, resolved, context) or changed
        except Invalid as error:
            raise _RowError(error, context.heading(column)) from error
    return changed


def _write_controls(risk: Risk, row: ParsedRow, resolved: _Resolved, context: _Context) -> bool:
    lines: Sequence[str] = row.values.get("controls") or ()  # type: ignore[assignment]  # parse_lines
    existing = {_item_key(control.description) for control in risk.controls.all()}
    changed = False
    for line in lines:
        if _item_key(line) in existing:
            continue
        services.control_create(
            data={"risk": risk, "description": line},
            user=context.actor,
            reason=context.reason,
        )
        existing.add(_item_key(line))
        changed = True
    return changed


def _write_actions(risk: Risk, row: ParsedRow, resolved: _Resolved, context: _Context) -> bool:
    values: Mapping[str, Any] = row.values
    lines = values.get("actions") or ()
    owners = resolved.action_owners
    dues = values.get("action_due") or ()
    owner_given = "action_owner" in context.present
    due_given = "action_due" in context.present
    existing: dict[str, Action] = {}
    for stored in risk.actions.all().order_by("pk"):
        existing.setdefault(_item_key(stored.description), stored)
    changed = False
    for index, line in enumerate(lines):
        owner = _nth(owners, index, len(lines))
        due = _nth(dues, index, len(lines))
        action = existing.get(_item_key(line))
        if action is None:
            existing[_item_key(line)] = services.action_create(
                data={"risk": risk, "description": line, "owner": owner, "due_on": due},
                user=context.actor,
                reason=context.reason,
            )
            changed = True
            continue
        update: dict[str, Any] = {}
        if owner_given and action.owner_id != (owner.pk if owner else None):
            update["owner"] = owner
        if due_given and action.due_on != due:
            update["due_on"] = due
        if update:
            services.action_update(
                instance=action,
                data=update,
                user=context.actor,
                expected_version=None,
                reason=context.reason,
            )
            changed = True
    return changed


def _nth(items: Sequence[Any], index: int, count: int) -> Any:
    if not items:
        return None
    return items[index] if len(items) == count else items[0]


def _write_acceptance(risk: Risk, row: ParsedRow, resolved: _Resolved, context: _Context) -> bool:
    values: Mapping[str, Any] = row.values
    accepted_by, expiry = values.get("accepted_by"), values.get("acceptance_expiry")
    if not accepted_by or expiry is None:
        return False
    if risk.acceptances.filter(state=AcceptanceState.ACCEPTED, expires_on=expiry).exists():
        return False
    decided_on = values.get("accepted_on") or min(context.today, expiry)
    acceptance = services.acceptance_submit(
        risk=risk,
        reason=f"Accepted above appetite by {accepted_by}, as recorded in {context.source}.",
        user=context.actor,
        on=decided_on,
    )
    services.acceptance_decide(
        acceptance=acceptance,
        accept=True,
        note=f"Accepted by {accepted_by}.",
        on=decided_on,
        expires_on=expiry,
        user=context.actor,
    )
    return True


# --- exporting a register --------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    path: Path
    risks: int
    registers: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"file": str(self.path), "risks": self.risks, "registers": list(self.registers)}


_ACCEPTED_BY_NOTE = re.compile(r"Accepted by (.+?)\.?\Z", re.DOTALL)


def _accepted_by(acceptance: Acceptance, people: _People) -> str:
    """Who accepted: the deciding user's person, else the name an import wrote in the note."""
    user = acceptance.decided_by
    if user is not None:
        person = getattr(user, "person", None)
        if person is not None:
            return people.label(person)
        return user.get_full_name() or user.get_username()
    match = _ACCEPTED_BY_NOTE.match(acceptance.decision_note.strip())
    return match[1] if match else "the board"


def _lines_or_one(values: Sequence[Any], write: Callable[[Any], str]) -> Any:
    """One value when all agree (kept as a real cell value), else one a line."""
    if not values:
        return None
    if all(value == values[0] for value in values):
        return values[0]
    return "\n".join(write(value) for value in values)


def export_register(
    path: Path, *, register: str | None = None, today: datetime.date | None = None
) -> ExportResult:
    """Write the register (all registers, or the one named) in the layout the importer reads,
    with a heat map sheet. Raises NotFound for a register that does not exist."""
    today = today or datetime.date.today()  # noqa: DTZ011  # the caller passes the local day
    risks = Risk.objects.select_related(
        "register", "category", "owner", "department"
    ).prefetch_related(
        "controls",
        Prefetch("actions", queryset=Action.objects.select_related("owner")),
        Prefetch("acceptances", queryset=Acceptance.objects.select_related("decided_by__person")),
    )
    if register:
        chosen = Register.objects.filter(name__iexact=register.strip()).first()
        if chosen is None:
            names = ", ".join(r.name for r in Register.objects.order_by("name")) or "none yet"
            raise NotFound(
                f"There is no register called \u201c{register}\u201d; registers: {names}."
            )
        risks = risks.filter(register=chosen)
    rows = sorted(risks, key=lambda risk: reference_order(risk.reference))
    people, departments = _People(), _Departments()
    matrix = selectors.matrix_on(today)

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Risk register"
    organisation = Organisation.objects.order_by("pk").first()
    heading = f"{organisation.name} risk register" if organisation else "Risk register"
    sheet.append([heading + (f": {register}" if register else "")])
    sheet.append([f"Exported from govdx on {format_day(today)}. Import it again with "
                  "`govdx risks import`; score columns are checked against likelihood \u00d7 "
                  "impact."])  # fmt: skip
    sheet.append([])
    sheet.append([LABELS[key] for key in EXPORT_KEYS])
    header_row = sheet.max_row
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for risk in rows:
        sheet.append([_export_value(risk, key, people, departments) for key in EXPORT_KEYS])
    _format_register_sheet(sheet, header_row)
    _heat_map_sheet(workbook.create_sheet("Heat map"), rows, matrix, today)
    workbook.save(path)
    registers = tuple(sorted({risk.register.name for risk in rows}))
    return ExportResult(path=path, risks=len(rows), registers=registers)


def _export_value(risk: Risk, key: str, people: _People, departments: _Departments) -> Any:
    if key in {"reference", "title", "cause", "event", "consequence"}:
        return _collapse(getattr(risk, key)) or None
    if key == "register":
        return risk.register.name
    if key == "category":
        return risk.category.name
    if key == "owner":
        return people.label(risk.owner) or None
    if key == "directorate":
        return departments.label(risk.department) or None
    if key == "status":
        return risk.get_status_display()
    if key == "kind":
        return "Opportunity" if risk.kind == RiskKind.OPPORTUNITY else "Threat"
    if key == "treatment":
        return risk.get_treatment_display() or None
    if key == "identified_on":
        return risk.identified_on
    if key == "last_reviewed":
        return risk.last_reviewed_on
    if key.endswith(("_likelihood", "_impact")):
        return getattr(risk, key)
    if key.endswith("_score"):
        stage = key.removesuffix("_score")
        likelihood = getattr(risk, f"{stage}_likelihood")
        impact = getattr(risk, f"{stage}_impact")
        return likelihood * impact if likelihood and impact else None
    if key == "controls":
        return "\n".join(_collapse(c.description) for c in risk.controls.all()) or None
    actions = [a for a in risk.actions.all() if a.status == ActionStatus.OPEN]
    actions.sort(key=lambda a: (a.due_on or datetime.date.max, a.pk))
    if key == "actions":
        return "\n".join(_collapse(a.description) for a in actions) or None
    if key == "action_owner":
        labels = [people.label(a.owner) for a in actions]
        return _lines_or_one(labels, lambda label: label or "-") or None
    if key == "action_due":
        return _lines_or_one(
            [a.due_on for a in actions], lambda day: day.strftime("%d/%m/%Y") if day else "-"
        )
    if key in {"accepted_by", "accepted_on", "acceptance_expiry"}:
        accepted = [a for a in risk.acceptances.all() if a.state == AcceptanceState.ACCEPTED]
        if not accepted:
            return None
        latest = max(accepted, key=lambda a: (a.decided_on or datetime.date.min, a.pk))
        if key == "accepted_by":
            return _accepted_by(latest, people)
        return latest.decided_on if key == "accepted_on" else latest.expires_on
    if key == "probability":
        return float(risk.probability) if risk.probability is not None else None
    if key.startswith("cost_"):
        amount = getattr(risk, key)
        return amount / 100 if amount is not None else None
    raise KeyError(key)


def _format_register_sheet(sheet: Any, header_row: int) -> None:
    wide = {
        "title": 40,
        "cause": 40,
        "event": 40,
        "consequence": 40,
        "controls": 50,
        "actions": 50,
        "register": 28,
        "category": 20,
        "owner": 22,
        "directorate": 22,
    }
    formats = {"identified_on": "dd/mm/yyyy", "last_reviewed": "dd/mm/yyyy",
               "accepted_on": "dd/mm/yyyy", "acceptance_expiry": "dd/mm/yyyy",
               "action_due": "dd/mm/yyyy", "probability": "0.0%"}  # fmt: skip
    for index, key in enumerate(EXPORT_KEYS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = wide.get(key, 14)
        number_format = formats.get(key, "#,##0.00" if key.startswith("cost_") else None)
        for (cell,) in sheet.iter_rows(min_row=header_row + 1, min_col=index, max_col=index):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if number_format and not isinstance(cell.value, str):
                cell.number_format = number_format
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    sheet.auto_filter.ref = (
        f"A{header_row}:{get_column_letter(len(EXPORT_KEYS))}{max(sheet.max_row, header_row)}"
    )


def _heat_map_sheet(
    sheet: Any, risks: Sequence[Risk], matrix: Matrix, today: datetime.date
) -> None:
    """Counts of open risks in each cell of the matrix, current and inherent, labelled."""
    sheet.column_dimensions["A"].width = 24
    for stage, title in (
        ("current", "Open risks by current likelihood and impact (inherent where no current)"),
        ("inherent", "Open risks by inherent likelihood and impact"),
    ):
        sheet.append([title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        sheet.append(
            ["Likelihood \u2193 / Impact \u2192"]
            + [f"{i} {matrix.impact_label(i).capitalize()}" for i in range(1, matrix.size + 1)]
            + ["Total"]
        )
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, horizontal="center")
        total = 0
        for row in selectors.heat_map(risks, matrix=matrix, stage=stage):
            likelihood = row[0]["likelihood"]
            counts = [len(cell["references"]) for cell in row]
            total += sum(counts)
            label = f"{likelihood} {matrix.likelihood_label(likelihood).capitalize()}"
            sheet.append([label, *counts, sum(counts)])
            for cell, data in zip(sheet[sheet.max_row][1:], row, strict=False):
                colour = data["band"].hex.lstrip("#").upper()
                cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
                dark = colour not in {"FFDD00", "F47738"}
                cell.font = Font(bold=True, color="FFFFFF" if dark else "0B0C0C")
                cell.alignment = Alignment(horizontal="center")
        sheet.append(["Total", *[""] * matrix.size, total])
        sheet.append([])
    sheet.append(["Bands"])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for band in matrix.bands:
        sheet.append([band.name, f"scores {band.lowest} to {band.highest}", band.meaning])
    sheet.append([])
    sheet.append([f"As at {format_day(today)}; closed and materialised risks are not counted."])


# --- importing the appetite ------------------------------------------------------------------


def _appetite_level(cell: Cell) -> str | None:
    text = cell_to_text(cell)
    if not text:
        return None
    try:
        return parse_appetite_level(text).value
    except Invalid as error:
        raise ParseError(error.message.rstrip(".")) from None


APPETITE_COLUMNS = (
    Column(
        "category",
        "Category",
        synonyms=("Risk Category", "Category Name", "Risk Type"),
        required=True,
    ),
    Column(
        "level",
        "Level",
        synonyms=("Appetite", "Appetite Level", "Risk Appetite", "Risk Appetite Level"),
        parser=_appetite_level,
        required=True,
    ),
    Column(
        "tolerance",
        "Tolerance",
        synonyms=("Tolerance Score", "Risk Tolerance", "Highest Score Accepted", "Maximum Score"),
        parser=parse_integer,
    ),
    Column(
        "statement",
        "Statement",
        synonyms=("Appetite Statement", "Risk Appetite Statement", "Rationale"),
        parser=parse_text,
    ),
)


def import_appetite(
    path: Path | Any,
    *,
    user: Any,
    effective_from: datetime.date,
    dry_run: bool = False,
    filename: str | None = None,
    today: datetime.date | None = None,
    sheet: str | None = None,
) -> AppetiteImportResult:
    """Record the board's appetite per category, approved and in force from `effective_from`.

    Creates the categories the file names. A category whose statement in force on that day
    already says the same (level, tolerance and, when the file gives it, the wording) is left
    alone, so importing the same appetite again changes nothing. An approved statement for the
    category effective the same day is withdrawn in favour of the new one.
    """
    actor, today, name = _start_import(
        path, user, AppetiteStatement, filename=filename, today=today
    )
    table = read_table(path, APPETITE_COLUMNS, sheet=sheet, filename=name)
    matrix = selectors.matrix_on(effective_from)
    problems = list(table.problems)
    for row in table.rows:
        tolerance = row.values.get("tolerance")
        if isinstance(tolerance, int) and not 1 <= tolerance <= matrix.highest_score:
            problems.append(
                Problem(
                    row.number,
                    table.heading("tolerance", "Tolerance"),
                    f"{tolerance} is not a score on the matrix; a tolerance is the highest "
                    f"current score accepted, from 1 to {matrix.highest_score}",
                )
            )
    if table.header_row is None:
        raise ImportProblems(problems)
    result = AppetiteImportResult(
        rows=len(table.rows), effective_from=effective_from, ignored_headings=table.ignored_headings
    )
    _write_all_or_nothing(
        problems,
        lambda: _write_appetite(table, actor, result, name, effective_from, today),
        dry_run=dry_run,
    )
    return result


def _write_appetite(
    table: TableResult,
    actor: Any,
    result: AppetiteImportResult,
    source: str,
    effective_from: datetime.date,
    today: datetime.date,
) -> list[Problem]:
    reason = f"imported from {source}"
    categories = _Categories(actor, reason)
    problems: list[Problem] = []
    seen: dict[int, int] = {}
    has_statement = "statement" in table.headings
    for row in table.rows:
        if row.problems:
            continue
        values: Mapping[str, Any] = row.values
        category = categories.find(str(values["category"]))
        try:
            with transaction.atomic():
                if category is None:
                    category = categories.create(str(values["category"]))
                if category.pk in seen:
                    problems.append(
                        Problem(
                            row.number,
                            table.heading("category", "Category"),
                            f"{category.name} is also on row {seen[category.pk]}; give each "
                            "category once",
                        )
                    )
                    continue
                seen[category.pk] = row.number
                written = _write_statement(
                    category, values, actor, reason, effective_from, today, has_statement
                )
        except (Invalid, NotAllowed) as error:
            problems.append(Problem(row.number, table.heading("level", "Level"), error.message))
            continue
        (result.approved if written else result.unchanged).append(category.name)
    result.categories_created = list(categories.created)
    return problems


def _write_statement(
    category: RiskCategory,
    values: Mapping[str, Any],
    actor: Any,
    reason: str,
    effective_from: datetime.date,
    today: datetime.date,
    has_statement: bool,
) -> bool:
    """Approve a new statement unless the one in force already says the same; True if new."""
    level, tolerance = values["level"], values.get("tolerance")
    wording = values.get("statement") or ""
    in_force = (
        AppetiteStatement.objects.filter(
            category=category, state=StatementState.APPROVED, effective_from__lte=effective_from
        )
        .order_by("-effective_from", "-pk")
        .first()
    )
    if (
        in_force is not None
        and in_force.level == level
        and in_force.tolerance == tolerance
        and (not has_statement or _collapse(in_force.statement) == _collapse(wording))
    ):
        return False
    same_day = AppetiteStatement.objects.filter(
        category=category, state=StatementState.APPROVED, effective_from=effective_from
    )
    for earlier in same_day:
        services.statement_withdraw(statement=earlier, user=actor, reason=f"superseded: {reason}")
    if not has_statement and in_force is not None and in_force.level == level:
        wording = in_force.statement
    statement = services.statement_create(
        data={
            "category": category,
            "level": level,
            "tolerance": tolerance,
            "statement": wording,
            "effective_from": effective_from,
        },
        user=actor,
        reason=reason,
    )
    services.statement_approve(statement=statement, user=actor, on=today)
    return True
