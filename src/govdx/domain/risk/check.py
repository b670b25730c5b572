"""The register check: which open risks sit outside appetite, are unmanaged, are late for
review or carry an expired acceptance, on a given day. `govdx risks check` prints it.

Method: the rules of `govdx risks check` (govdx issue 3), applied to open risks only:

- current score = current likelihood x impact, or inherent where no current is given;
- above appetite: current score > the tolerance of the risk's category;
- target outside appetite: target score > that tolerance (a risk with no target is not listed);
- unmanaged: above appetite with neither an open action that has an owner and a due date, nor
  an acceptance in force on the day (accepted, decided on or before it, expiring on or after it);
- overdue review: never reviewed, or last review + the cadence of the current score < the day;
- expired acceptance: an accepted acceptance whose expiry is before the day.

Every list is sorted by reference, numbers within references compared as numbers ("R2" before
"R10"). Each judged risk also gets a `RiskJudgement` with the figures behind every flag and a
sentence for each, so a page can show why.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from govdx.domain.errors import Invalid
from govdx.domain.risk.appetite import (
    DEFAULT_TOLERANCES,
    AppetiteLevel,
    AppetiteStatement,
    Tolerance,
    appetite_lookup,
)
from govdx.domain.risk.dates import add_months, format_day
from govdx.domain.risk.matrix import score_risk
from govdx.domain.risk.reviews import (
    DEFAULT_CADENCE,
    ReviewCadence,
    next_review_due,
    review_interval,
)

ACCEPTANCE_LONGEST_MONTHS = 12
"""An acceptance expires at most this many calendar months after the decision."""


class RiskStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    MATERIALISED = "materialised"


class AcceptanceState(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    REVOKED = "revoked"


class Flag(StrEnum):
    """The findings of the check, named as the `risks check` JSON names its lists."""

    ABOVE_APPETITE = "above_appetite"
    TARGET_OUTSIDE_APPETITE = "target_outside_appetite"
    UNMANAGED = "unmanaged"
    OVERDUE_REVIEW = "overdue_review"
    EXPIRED_ACCEPTANCE = "expired_acceptances"


Assessment = tuple[int, int]
"""(likelihood, impact)."""


@dataclass(frozen=True)
class ActionFacts:
    """An action against a risk, as far as the check needs it."""

    open: bool
    has_owner: bool
    due_on: datetime.date | None = None

    @property
    def manages(self) -> bool:
        """Open, with an owner and a due date: the kind of action that keeps a risk managed."""
        return self.open and self.has_owner and self.due_on is not None


@dataclass(frozen=True)
class AcceptanceFacts:
    """A formal acceptance of a risk above appetite, as far as the check needs it."""

    state: AcceptanceState
    decided_on: datetime.date | None = None
    expires_on: datetime.date | None = None


@dataclass(frozen=True)
class RiskFacts:
    """One risk of the register, as far as the check needs it."""

    reference: str
    category: str
    status: RiskStatus
    inherent: Assessment
    current: Assessment | None = None
    target: Assessment | None = None
    last_review: datetime.date | None = None
    actions: Sequence[ActionFacts] = ()
    acceptances: Sequence[AcceptanceFacts] = ()


@dataclass(frozen=True)
class Reason:
    """Why one flag holds, in a sentence a page can show."""

    flag: Flag
    message: str


@dataclass(frozen=True)
class RiskJudgement:
    """One open risk judged on `as_of`, with every figure behind its flags.

    `score_from` is "current" or "inherent" (used where no current assessment is given).
    `appetite` traces the tolerance to its statement when the lookup gave a `Tolerance`.
    `managing_action` and `acceptance_in_force` are what kept an above-appetite risk managed,
    if anything did. `review_due` is None for a risk never reviewed.
    """

    reference: str
    category: str
    as_of: datetime.date
    assessment: Assessment
    score_from: str
    current_score: int
    target_score: int | None
    tolerance: int
    appetite: Tolerance | None
    above_appetite: bool
    target_outside_appetite: bool
    unmanaged: bool
    managing_action: ActionFacts | None
    acceptance_in_force: AcceptanceFacts | None
    review_interval_days: int
    review_due: datetime.date | None
    overdue_review: bool
    expired_acceptances: tuple[AcceptanceFacts, ...]
    reasons: tuple[Reason, ...]

    @property
    def flags(self) -> tuple[Flag, ...]:
        return tuple(reason.flag for reason in self.reasons)


@dataclass(frozen=True)
class RegisterCheck:
    """The check of a register on `as_of`: each list holds risk references, sorted."""

    as_of: datetime.date
    risks: tuple[str, ...]
    above_appetite: tuple[str, ...]
    target_outside_appetite: tuple[str, ...]
    unmanaged: tuple[str, ...]
    overdue_review: tuple[str, ...]
    expired_acceptances: tuple[str, ...]
    judgements: tuple[RiskJudgement, ...]

    def as_dict(self) -> dict[str, str | list[str]]:
        """The `govdx risks check --json` object, keys in the order the contract lists them."""
        return {
            "as_of": self.as_of.isoformat(),
            "risks": list(self.risks),
            "above_appetite": list(self.above_appetite),
            "target_outside_appetite": list(self.target_outside_appetite),
            "unmanaged": list(self.unmanaged),
            "overdue_review": list(self.overdue_review),
            "expired_acceptances": list(self.expired_acceptances),
        }

    def judgement(self, reference: str) -> RiskJudgement:
        """The judgement of the risk with `reference`; KeyError when it was not judged."""
        for judgement in self.judgements:
            if judgement.reference == reference:
                return judgement
        raise KeyError(reference)


ToleranceLookup = Callable[[str], int | Tolerance]
"""category -> its tolerance: a plain number, or a `Tolerance` that says where it came from."""


# --- acceptances ---------------------------------------------------------------------------


def latest_acceptance_expiry(decided_on: datetime.date) -> datetime.date:
    """The last day an acceptance decided on `decided_on` may run to: 12 calendar months on
    (29 February 2024 gives 28 February 2025)."""
    return add_months(decided_on, ACCEPTANCE_LONGEST_MONTHS)


def acceptance_expiry_valid(decided_on: datetime.date, expires_on: datetime.date) -> bool:
    """True when the expiry is on or after the decision and at most 12 months after it."""
    return decided_on <= expires_on <= latest_acceptance_expiry(decided_on)


def validate_acceptance_expiry(decided_on: datetime.date, expires_on: datetime.date) -> None:
    """Raise `Invalid` saying which dates are allowed, unless `acceptance_expiry_valid`."""
    if acceptance_expiry_valid(decided_on, expires_on):
        return
    latest = latest_acceptance_expiry(decided_on)
    if expires_on < decided_on:
        message = (
            f"The acceptance cannot expire ({format_day(expires_on)}) before it is decided "
            f"({format_day(decided_on)}); choose a date from {format_day(decided_on)} to "
            f"{format_day(latest)}."
        )
    else:
        message = (
            f"An acceptance lasts at most {ACCEPTANCE_LONGEST_MONTHS} months: decided on "
            f"{format_day(decided_on)}, it must expire by {format_day(latest)}."
        )
    raise Invalid(message, {"expires_on": [message]})


def acceptance_in_force(acceptance: AcceptanceFacts, day: datetime.date) -> bool:
    """Accepted, decided on or before `day`, and expiring on or after it."""
    return (
        acceptance.state == AcceptanceState.ACCEPTED
        and acceptance.decided_on is not None
        and acceptance.decided_on <= day
        and acceptance.expires_on is not None
        and acceptance.expires_on >= day
    )


def acceptance_expired(acceptance: AcceptanceFacts, day: datetime.date) -> bool:
    """Accepted, with an expiry before `day`."""
    return (
        acceptance.state == AcceptanceState.ACCEPTED
        and acceptance.expires_on is not None
        and acceptance.expires_on < day
    )


# --- the check -----------------------------------------------------------------------------


def judge_risk(
    risk: RiskFacts,
    *,
    tolerance: int | Tolerance,
    as_of: datetime.date,
    cadence: ReviewCadence = DEFAULT_CADENCE,
) -> RiskJudgement:
    """Judge one risk on `as_of` against `tolerance` by the rules of the register check.

    The risk's status is not looked at here: `check_register` judges open risks only.
    """
    appetite = tolerance if isinstance(tolerance, Tolerance) else None
    highest = tolerance.highest_score if isinstance(tolerance, Tolerance) else tolerance
    if isinstance(highest, bool) or not isinstance(highest, int):
        raise Invalid(
            f"The tolerance for {risk.category} must be a whole number; {highest!r} was given."
        )
    score_from = "current" if risk.current is not None else "inherent"
    assessment = risk.current if risk.current is not None else risk.inherent
    current_score = _score(risk, assessment, score_from)
    target_score = _score(risk, risk.target, "target") if risk.target is not None else None
    above = current_score > highest
    target_outside = target_score is not None and target_score > highest
    managing_action = next((action for action in risk.actions if action.manages), None)
    in_force = next((a for a in risk.acceptances if acceptance_in_force(a, as_of)), None)
    unmanaged = above and managing_action is None and in_force is None
    interval = review_interval(current_score, cadence)
    review_due = next_review_due(risk.last_review, current_score, cadence)
    overdue = review_due is None or review_due < as_of
    expired = tuple(a for a in risk.acceptances if acceptance_expired(a, as_of))

    judged = (
        f"{score_from.capitalize()} score {current_score} ({assessment[0]} \u00d7 {assessment[1]})"
    )
    against = _against(highest, appetite, risk.category)
    reasons: list[Reason] = []
    if above:
        reasons.append(Reason(Flag.ABOVE_APPETITE, f"{judged} is above {against}."))
    if target_outside and risk.target is not None:
        likelihood, impact = risk.target
        reasons.append(
            Reason(
                Flag.TARGET_OUTSIDE_APPETITE,
                f"Target score {target_score} ({likelihood} \u00d7 {impact}) is above {against}.",
            )
        )
    if unmanaged:
        reasons.append(
            Reason(
                Flag.UNMANAGED,
                f"Above appetite with no open action that has an owner and a due date, and no "
                f"acceptance in force on {format_day(as_of)}.",
            )
        )
    if overdue:
        reasons.append(
            Reason(Flag.OVERDUE_REVIEW, _overdue_message(risk, score_from, current_score, interval))
        )
    reasons.extend(
        Reason(Flag.EXPIRED_ACCEPTANCE, _expired_message(acceptance, as_of))
        for acceptance in expired
    )
    return RiskJudgement(
        reference=risk.reference,
        category=risk.category,
        as_of=as_of,
        assessment=assessment,
        score_from=score_from,
        current_score=current_score,
        target_score=target_score,
        tolerance=highest,
        appetite=appetite,
        above_appetite=above,
        target_outside_appetite=target_outside,
        unmanaged=unmanaged,
        managing_action=managing_action,
        acceptance_in_force=in_force,
        review_interval_days=interval,
        review_due=review_due,
        overdue_review=overdue,
        expired_acceptances=expired,
        reasons=tuple(reasons),
    )


def check_register(
    risks: Iterable[RiskFacts],
    *,
    tolerance: ToleranceLookup | Sequence[AppetiteStatement],
    as_of: datetime.date,
    cadence: ReviewCadence = DEFAULT_CADENCE,
    level_tolerances: Mapping[AppetiteLevel, int] | None = None,
) -> RegisterCheck:
    """The register check on `as_of` (rules in the module docstring); open risks only.

    `tolerance` is either a lookup (category -> tolerance) or the appetite statements, from
    which the appetite in force on `as_of` is taken (`appetite_lookup`, with the
    organisation's `level_tolerances`). A reference given twice raises `Invalid`.
    """
    if callable(tolerance):
        lookup: ToleranceLookup = tolerance
    else:
        lookup = appetite_lookup(
            tolerance, as_of, level_tolerances=level_tolerances or DEFAULT_TOLERANCES
        )
    seen: set[str] = set()
    judgements: list[RiskJudgement] = []
    for risk in risks:
        if risk.reference in seen:
            raise Invalid(
                f"The risk reference {risk.reference} appears twice; each risk needs its own."
            )
        seen.add(risk.reference)
        if risk.status != RiskStatus.OPEN:
            continue
        judgements.append(
            judge_risk(risk, tolerance=lookup(risk.category), as_of=as_of, cadence=cadence)
        )
    judgements.sort(key=lambda judgement: reference_order(judgement.reference))

    def flagged(flag: Flag) -> tuple[str, ...]:
        return tuple(j.reference for j in judgements if flag in j.flags)

    return RegisterCheck(
        as_of=as_of,
        risks=tuple(judgement.reference for judgement in judgements),
        above_appetite=flagged(Flag.ABOVE_APPETITE),
        target_outside_appetite=flagged(Flag.TARGET_OUTSIDE_APPETITE),
        unmanaged=flagged(Flag.UNMANAGED),
        overdue_review=flagged(Flag.OVERDUE_REVIEW),
        expired_acceptances=flagged(Flag.EXPIRED_ACCEPTANCE),
        judgements=tuple(judgements),
    )


_DIGITS = re.compile(r"(\d+)")


def reference_order(reference: str) -> tuple[tuple[tuple[int, int | str], ...], str]:
    """A sort key putting references in the order people read them: "CR2" before "CR10",
    letters case-insensitively, ties broken by the exact text."""
    parts = tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in _DIGITS.split(reference)
        if part
    )
    return parts, reference


def _score(risk: RiskFacts, assessment: Assessment, which: str) -> int:
    try:
        likelihood, impact = assessment
        return score_risk(likelihood, impact)
    except (Invalid, ValueError, TypeError):
        raise Invalid(
            f"Risk {risk.reference}: the {which} assessment must be a likelihood and an "
            f"impact, whole numbers of 1 or more; {assessment!r} was given."
        ) from None


def _against(highest: int, appetite: Tolerance | None, category: str) -> str:
    if appetite is None:
        return f"the tolerance of {highest} for {category}"
    source = (
        f"statement effective {format_day(appetite.statement.effective_from)}"
        if appetite.statement is not None
        else "no approved statement in force"
    )
    return f"the tolerance of {highest} for {category} ({appetite.level.value} appetite, {source})"


def _overdue_message(risk: RiskFacts, score_from: str, score: int, interval: int) -> str:
    if risk.last_review is None:
        return "Never reviewed."
    due = risk.last_review + datetime.timedelta(days=interval)
    return (
        f"Last reviewed {format_day(risk.last_review)}; "
        f"{_article(score_from)} {score_from} score of {score} is "
        f"reviewed every {interval} days, so the review was due {format_day(due)}."
    )


def _expired_message(acceptance: AcceptanceFacts, as_of: datetime.date) -> str:
    decided = (
        f", decided {format_day(acceptance.decided_on)},"
        if acceptance.decided_on is not None
        else ""
    )
    expired = format_day(acceptance.expires_on) if acceptance.expires_on is not None else "?"
    return f"An acceptance{decided} expired on {expired}, before {format_day(as_of)}."


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
