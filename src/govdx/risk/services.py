"""Every write to the risk registers: validated, in one transaction, with who did it and why.

The rules (scores, tolerances, the twelve-month limit on acceptances) come from
`govdx.domain.risk`; these functions apply them to stored records.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.db import transaction
from django.forms.models import model_to_dict

from govdx.core.permissions import Action as Permission
from govdx.core.permissions import has_role, require
from govdx.core.services import record_create, record_delete, record_update
from govdx.domain.errors import Invalid, NotAllowed
from govdx.domain.risk import latest_acceptance_expiry, validate_acceptance_expiry
from govdx.risk.choices import AcceptanceState, StatementState
from govdx.risk.models import (
    APPROVERS,
    Acceptance,
    Action,
    AppetiteStatement,
    Control,
    Escalation,
    Register,
    Review,
    Risk,
    RiskCategory,
)

CATEGORIES_FILE = Path(__file__).parent / "data" / "orange_book_categories.json"


@transaction.atomic
def categories_load(*, user: Any, path: Path = CATEGORIES_FILE) -> int:
    """Load the reference categories by key; an existing category keeps its edited name.

    Idempotent: loading twice creates nothing the second time. Returns how many were created.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    created = 0
    for order, entry in enumerate(data["categories"], start=1):
        if RiskCategory.objects.filter(key=entry["key"]).exists():
            continue
        record_create(
            model=RiskCategory,
            data={
                "key": entry["key"],
                "name": entry["name"],
                "description": entry["description"],
                "order": order * 10,
            },
            user=user,
            reason=f"reference data: {data['name']} ({data['version']})",
        )
        created += 1
    return created


def category_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> RiskCategory:
    return record_create(model=RiskCategory, data=data, user=user, reason=reason)


def category_update(
    *, instance: RiskCategory, data: Mapping[str, Any], user: Any,
    expected_version: int | None, reason: str = "",
) -> RiskCategory:  # fmt: skip
    return record_update(
        instance=instance, data=data, user=user, expected_version=expected_version, reason=reason
    )


def register_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> Register:
    return record_create(model=Register, data=data, user=user, reason=reason)


def register_update(
    *, instance: Register, data: Mapping[str, Any], user: Any,
    expected_version: int | None, reason: str = "",
) -> Register:  # fmt: skip
    return record_update(
        instance=instance, data=data, user=user, expected_version=expected_version, reason=reason
    )


def register_delete(*, instance: Register, user: Any) -> None:
    record_delete(instance=instance, user=user)


def next_reference(prefix: str = "R") -> str:
    """One more than the highest reference of the form R-0001, never a deleted risk's again."""
    numbers = [0]
    for model in (Risk, Risk.history.model):  # type: ignore[attr-defined]  # simple_history
        for reference in model.objects.filter(reference__startswith=f"{prefix}-").values_list(
            "reference", flat=True
        ):
            tail = reference[len(prefix) + 1 :]
            if tail.isdigit():
                numbers.append(int(tail))
    return f"{prefix}-{max(numbers) + 1:04d}"


def risk_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> Risk:
    values = dict(data)
    if not values.get("reference"):
        values["reference"] = next_reference()
    return record_create(model=Risk, data=values, user=user, reason=reason)


def risk_update(
    *, instance: Risk, data: Mapping[str, Any], user: Any,
    expected_version: int | None, reason: str = "",
) -> Risk:  # fmt: skip
    return record_update(
        instance=instance, data=data, user=user, expected_version=expected_version, reason=reason
    )


def risk_delete(*, instance: Risk, user: Any) -> None:
    record_delete(instance=instance, user=user)


@transaction.atomic
def review_record(
    *,
    risk: Risk,
    reviewed_on: datetime.date,
    likelihood: int,
    impact: int,
    comment: str,
    reviewer: Any,
    user: Any,
) -> Review:
    """Record a review: it sets the risk's current scores and its last review date."""
    require(user, Permission.CHANGE, risk)
    if risk.last_reviewed_on is not None and reviewed_on < risk.last_reviewed_on:
        raise Invalid(
            f"The risk was last reviewed on {risk.last_reviewed_on.isoformat()}; a review "
            "cannot be dated before it.",
            {"reviewed_on": ["Give a date on or after the last review."]},
        )
    review = record_create(
        model=Review,
        data={
            "risk": risk,
            "reviewed_on": reviewed_on,
            "likelihood": likelihood,
            "impact": impact,
            "comment": comment,
            "reviewer": reviewer,
        },
        user=user,
    )
    record_update(
        instance=risk,
        data={
            "current_likelihood": likelihood,
            "current_impact": impact,
            "last_reviewed_on": reviewed_on,
        },
        user=user,
        expected_version=None,
        reason=f"review on {reviewed_on.isoformat()}",
    )
    return review


def control_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> Control:
    return record_create(model=Control, data=data, user=user, reason=reason)


def control_delete(*, instance: Control, user: Any) -> None:
    record_delete(instance=instance, user=user)


def action_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> Action:
    return record_create(model=Action, data=data, user=user, reason=reason)


def action_update(
    *, instance: Action, data: Mapping[str, Any], user: Any,
    expected_version: int | None, reason: str = "",
) -> Action:  # fmt: skip
    return record_update(
        instance=instance, data=data, user=user, expected_version=expected_version, reason=reason
    )


@transaction.atomic
def escalate(
    *, risk: Risk, to_register: Register, reason: str, on: datetime.date, user: Any
) -> Escalation:
    """Move a risk to a higher register, keeping where it came from, when and why."""
    if to_register.pk == risk.register_id:
        raise Invalid("The risk is already on that register.", {"to_register": ["Choose another."]})
    if not reason.strip():
        raise Invalid("Say why the risk is escalated.", {"reason": ["Give a reason."]})
    escalation = record_create(
        model=Escalation,
        data={"risk": risk, "from_register": risk.register, "to_register": to_register,
              "escalated_on": on, "reason": reason.strip()},
        user=user,
    )  # fmt: skip
    record_update(
        instance=risk,
        data={"register": to_register},
        user=user,
        expected_version=None,
        reason=f"escalated to {to_register}",
    )
    return escalation


def _require_approver(user: Any, what: str) -> None:
    if not has_role(user, APPROVERS):
        raise NotAllowed(f"Only a board member or an administrator may {what}.")


def statement_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> AppetiteStatement:
    """Draft an appetite statement; it counts only once approved."""
    return record_create(
        model=AppetiteStatement, data={**data, "state": StatementState.DRAFT}, user=user,
        reason=reason,
    )  # fmt: skip


@transaction.atomic
def statement_approve(
    *, statement: AppetiteStatement, user: Any, on: datetime.date
) -> AppetiteStatement:
    """The board approves a statement: from its effective date it sets the category's appetite."""
    _require_approver(user, "approve a risk appetite statement")
    if statement.state != StatementState.DRAFT:
        raise Invalid(f"This statement is {statement.get_state_display().lower()}, not a draft.")
    return record_update(
        instance=statement,
        data={"state": StatementState.APPROVED, "approved_by": user if user.pk else None,
              "approved_on": on},
        user=user,
        expected_version=None,
        authorised=True,
        reason="approved",
    )  # fmt: skip


@transaction.atomic
def acceptance_submit(*, risk: Risk, reason: str, user: Any, on: datetime.date) -> Acceptance:
    """Ask for a risk above appetite to be accepted."""
    require(user, Permission.ADD, Acceptance(risk=risk))
    if not reason.strip():
        raise Invalid("Say why the risk should be accepted.", {"reason": ["Give a reason."]})
    if risk.acceptances.filter(state=AcceptanceState.SUBMITTED).exists():
        raise Invalid("An acceptance of this risk is already waiting for a decision.")
    return record_create(
        model=Acceptance,
        data={"risk": risk, "reason": reason.strip(), "submitted_on": on,
              "submitted_by": user if getattr(user, "pk", None) else None},
        user=user,
    )  # fmt: skip


@transaction.atomic
def acceptance_decide(
    *,
    acceptance: Acceptance,
    accept: bool,
    note: str,
    on: datetime.date,
    expires_on: datetime.date | None,
    user: Any,
) -> Acceptance:
    """Accept or reject; an acceptance freezes the risk as it stands and lasts at most a year."""
    _require_approver(user, "accept a risk above appetite")
    if acceptance.state != AcceptanceState.SUBMITTED:
        raise Invalid(f"This acceptance is already {acceptance.get_state_display().lower()}.")
    data: dict[str, Any] = {
        "state": AcceptanceState.ACCEPTED if accept else AcceptanceState.REJECTED,
        "decided_on": on,
        "decided_by": user if getattr(user, "pk", None) else None,
        "decision_note": note.strip(),
    }
    if accept:
        expiry = expires_on or latest_acceptance_expiry(on)
        validate_acceptance_expiry(on, expiry)
        data["expires_on"] = expiry
        data["snapshot"] = risk_snapshot(acceptance.risk)
    return record_update(
        instance=acceptance,
        data=data,
        user=user,
        expected_version=None,
        authorised=True,
        reason="decided",
    )


@transaction.atomic
def acceptance_revoke(*, acceptance: Acceptance, note: str, user: Any) -> Acceptance:
    _require_approver(user, "revoke an acceptance")
    if acceptance.state != AcceptanceState.ACCEPTED:
        raise Invalid("Only an accepted risk can have its acceptance revoked.")
    return record_update(
        instance=acceptance,
        data={"state": AcceptanceState.REVOKED, "decision_note": note.strip()},
        user=user,
        expected_version=None,
        authorised=True,
        reason="revoked",
    )


def risk_snapshot(risk: Risk) -> dict[str, Any]:
    """The risk as it stands, for an acceptance to keep."""
    values = model_to_dict(risk)
    values["category"] = risk.category.name
    values["register"] = str(risk.register)
    values["owner"] = str(risk.owner) if risk.owner else None
    values["department"] = str(risk.department) if risk.department else None
    return json.loads(json.dumps(values, default=str))


def role_may_approve(user: Any) -> bool:
    return has_role(user, APPROVERS)


# --- appended: withdrawing a statement, and reminding owners -----------------------------------


@transaction.atomic
def statement_withdraw(
    *, statement: AppetiteStatement, user: Any, reason: str = "withdrawn"
) -> AppetiteStatement:
    """The board withdraws an approved statement; the appetite falls back to the statement in
    force before it (or cautious). Its history keeps what was approved and when."""
    _require_approver(user, "withdraw a risk appetite statement")
    if statement.state != StatementState.APPROVED:
        raise Invalid(f"This statement is {statement.get_state_display().lower()}, not approved.")
    return record_update(
        instance=statement,
        data={"state": StatementState.WITHDRAWN},
        user=user,
        expected_version=None,
        authorised=True,
        reason=reason,
    )


def reminders_send(
    *, as_of: datetime.date, user: Any, within_days: int | None = None
) -> dict[str, Any]:
    """Email each risk owner one message listing their reviews falling due (or overdue) and
    acceptances expiring within the window; returns what was sent, for `govdx risks remind`.

    Owners without an email address, or who have left, are listed rather than mailed. An owner
    already mailed on `as_of` is not mailed again that day, so a retried schedule is harmless.
    """
    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection

    from govdx.domain.governance.access import Role
    from govdx.domain.risk.dates import format_day
    from govdx.risk import selectors
    from govdx.risk.models import ReminderSent

    if not has_role(user, frozenset({Role.ADMINISTRATOR, Role.RISK_MANAGER})):
        raise NotAllowed("Only a risk manager or an administrator may send risk reminders.")
    due = selectors.reminders_due(
        as_of=as_of,
        within_days=within_days if within_days is not None else selectors.REMINDER_WINDOW_DAYS,
    )
    messages = []
    recipients: list[str] = []
    unreachable: list[str] = []
    already: list[str] = []
    mailed_today = set(ReminderSent.objects.filter(day=as_of).values_list("person_id", flat=True))
    sent_log = []
    for group in due.owners:
        person = group.owner
        if not person.email or not person.is_active:
            unreachable.append(person.full_name)
            continue
        if person.pk in mailed_today:
            already.append(person.email)
            continue
        count = len(group.references)
        lines = [f"Dear {person.full_name},", "",
                 f"{'This risk' if count == 1 else f'These {count} risks'} you own "
                 f"{'needs' if count == 1 else 'need'} your attention by {format_day(due.until)}:",
                 ""]  # fmt: skip
        lines += [f"- {r.reference} {r.title}: {r.message}." for r in group.reminders]
        lines += [
            "",
            "Record the review, or renew the acceptance, on the risk's page in govdx.",
            "",
            "govdx sends this reminder each day while something falls due within "
            f"{(due.until - due.as_of).days} days.",
        ]
        messages.append(
            EmailMessage(
                subject=f"{count} risk{'' if count == 1 else 's'} to review or renew by "
                f"{format_day(due.until)}",
                body="\n".join(lines),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[person.email],
            )
        )
        recipients.append(person.email)
        sent_log.append(
            ReminderSent(person=person, day=as_of, references=", ".join(group.references))
        )
    if messages:
        with transaction.atomic():
            # Log first, inside the transaction: a run racing this one fails on the unique
            # constraint instead of mailing the same owners again.
            ReminderSent.objects.bulk_create(sent_log)
            with get_connection() as connection:
                connection.send_messages(messages)
    reminders = [r for group in due.owners for r in group.reminders] + list(due.unowned)
    return {
        "as_of": as_of.isoformat(),
        "until": due.until.isoformat(),
        "emails_sent": len(messages),
        "risks": len({r.reference for r in reminders}),
        "reviews_due": sum(r.what == "review" for r in reminders),
        "acceptances_expiring": sum(r.what == "acceptance" for r in reminders),
        "recipients": recipients,
        "already_reminded_today": already,
        "owners_not_emailed": unreachable,
        "risks_without_owner": list(dict.fromkeys(r.reference for r in due.unowned)),
    }


# --- appended for the exposure page: the board sets its loss tolerance ----------------------


def loss_tolerance_create(
    *, amount: int, probability: Any, effective_from: datetime.date, user: Any
) -> Any:
    """The board's line on the loss exceedance curve: at most `probability` (0 to 1) of losing
    more than `amount` (minor units) in a year, from `effective_from`. Approvers only."""
    from govdx.risk.models import LossTolerance

    _require_approver(user, "set the board's loss tolerance")
    return record_create(
        model=LossTolerance,
        data={"amount": amount, "probability": probability, "effective_from": effective_from},
        user=user,
    )


# --- appended for the configuration pages: the matrix, and a risk's links -------------------


@transaction.atomic
def matrix_save(
    *, effective_from: datetime.date, definition: Mapping[str, Any], user: Any, reason: str = ""
) -> Any:
    """Save the risk matrix in force from `effective_from`, checked by the domain's `Matrix`.

    A new date is a new version; the same date replaces that version's definition, its history
    keeping what it was. Earlier versions still judge the registers of their days.
    """
    from govdx.risk.models import RiskMatrix
    from govdx.risk.selectors import matrix_from_definition

    require(user, Permission.ADD, RiskMatrix)
    stored = json.loads(json.dumps(dict(definition)))
    matrix_from_definition(stored)  # raises Invalid saying what to fix
    existing = RiskMatrix.objects.filter(effective_from=effective_from).first()
    if existing is not None:
        return record_update(
            instance=existing,
            data={"definition": stored},
            user=user,
            expected_version=None,
            reason=reason or "matrix replaced",
        )
    return record_create(
        model=RiskMatrix,
        data={"effective_from": effective_from, "definition": stored},
        user=user,
        reason=reason,
    )


@transaction.atomic
def risk_link_add(*, risk: Risk, target: Any, user: Any, note: str = "") -> Any:
    """Link a risk to another record (a supplier, a contract...); the same record only once."""
    from django.contrib.contenttypes.models import ContentType

    from govdx.core.permissions import can
    from govdx.risk.models import RiskLink

    require(user, Permission.CHANGE, risk)
    if target is None or target.pk is None or not can(user, Permission.VIEW, target):
        raise Invalid("Choose a record you may see.", {"target": ["Choose a record."]})
    target_type = ContentType.objects.get_for_model(type(target))
    if RiskLink.objects.filter(risk=risk, target_type=target_type, target_id=target.pk).exists():
        message = f"{risk.reference} is already linked to {target}."
        raise Invalid(message, {"target": [message]})
    return record_create(
        model=RiskLink,
        data={"risk": risk, "target_type": target_type, "target_id": target.pk,
              "note": note.strip()},
        user=user,
    )  # fmt: skip


@transaction.atomic
def risk_link_remove(*, link: Any, user: Any) -> None:
    """Remove a risk's link; the risk's history and the link's keep that it was there."""
    require(user, Permission.CHANGE, link.risk)
    record_delete(instance=link, user=user)
