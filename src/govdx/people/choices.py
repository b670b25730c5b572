"""Choice sets for people and culture change: value, label and colour together."""

from django.db import models


class DegreeChoice(models.TextChoices):
    """How much a project changes a people group's work."""

    NONE = "none", "None"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


DEGREE_COLOURS: dict[str, str] = {
    DegreeChoice.NONE: "grey",
    DegreeChoice.LOW: "green",
    DegreeChoice.MEDIUM: "yellow",
    DegreeChoice.HIGH: "red",
}
"""The heat map's colour of each degree (a `govdx-heat--COLOUR` class)."""

DEGREE_RANK: dict[str, int] = {degree: rank for rank, degree in enumerate(DegreeChoice.values)}
"""none 0, low 1, medium 2, high 3: to find a group's highest degree of impact."""


class SkillLevelChoice(models.IntegerChoices):
    """The four levels of the capability framework, ranked (`govdx.domain.people.skills`)."""

    AWARENESS = 1, "Awareness"
    WORKING = 2, "Working"
    PRACTITIONER = 3, "Practitioner"
    EXPERT = 4, "Expert"


GAP_BAND_COLOURS: dict[str, str] = {
    "none": "green",
    "low": "yellow",
    "medium": "orange",
    "high": "red",
}
"""The skills gap heat map's colour of each band (how many people in a cell fall short)."""
