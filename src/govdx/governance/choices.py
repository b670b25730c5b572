"""Choice sets for governance: value and label together."""

from django.db import models


class BoardKind(models.TextChoices):
    TRANSFORMATION = "transformation", "Transformation board"
    DESIGN_AUTHORITY = "design_authority", "Design authority"
    DEPARTMENTAL = "departmental", "Departmental board"


class MemberRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    DEPUTY_CHAIR = "deputy_chair", "Deputy chair"
    MEMBER = "member", "Member"
    SECRETARY = "secretary", "Secretary"
    ADVISER = "adviser", "Adviser (not voting)"


class PaperKind(models.TextChoices):
    AGENDA = "agenda", "Agenda"
    PAPER = "paper", "Paper"
    MINUTES = "minutes", "Minutes"
