"""Choice sets for risk management: value, label and, where shown as a tag, a colour."""

from django.db import models


class RegisterKind(models.TextChoices):
    CORPORATE = "corporate", "Corporate"
    DEPARTMENT = "department", "Department"
    PROGRAMME = "programme", "Programme"
    PROJECT = "project", "Project"


class RiskKind(models.TextChoices):
    THREAT = "threat", "Risk (threat)"
    OPPORTUNITY = "opportunity", "Opportunity"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    MATERIALISED = "materialised", "Materialised as an issue"


class Treatment(models.TextChoices):
    TREAT = "treat", "Treat"
    TOLERATE = "tolerate", "Tolerate"
    TRANSFER = "transfer", "Transfer"
    TERMINATE = "terminate", "Terminate"


class ControlEffectiveness(models.TextChoices):
    EFFECTIVE = "effective", "Effective"
    PARTIAL = "partial", "Partially effective"
    INEFFECTIVE = "ineffective", "Ineffective"
    NOT_ASSESSED = "not_assessed", "Not assessed"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class AcceptanceState(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    REVOKED = "revoked", "Revoked"


class AppetiteLevelChoice(models.TextChoices):
    AVERSE = "averse", "Averse"
    MINIMAL = "minimal", "Minimal"
    CAUTIOUS = "cautious", "Cautious"
    OPEN = "open", "Open"
    EAGER = "eager", "Eager"


class StatementState(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    WITHDRAWN = "withdrawn", "Withdrawn"
