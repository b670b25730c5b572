"""Choice sets for the organisation: value, label and, where shown as a tag, a colour."""

from django.db import models


class DepartmentKind(models.TextChoices):
    DIRECTORATE = "directorate", "Directorate"
    DIVISION = "division", "Division"
    TEAM = "team", "Team"
    UNIT = "unit", "Unit"


class ContractStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


CONTRACT_STATUS_COLOURS = {
    ContractStatus.NOT_STARTED: "govuk-tag--grey",
    ContractStatus.ACTIVE: "govuk-tag--green",
    ContractStatus.ENDED: "govuk-tag--red",
}

CURRENCIES = [("GBP", "Pound sterling (GBP)"), ("EUR", "Euro (EUR)"), ("USD", "US dollar (USD)")]
