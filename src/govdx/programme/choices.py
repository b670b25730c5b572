"""Choice sets for the programme: value and label together."""

from django.db import models

from govdx.domain.planning import assurance
from govdx.domain.planning.benefits import BENEFIT_TYPE_LABELS, BenefitType
from govdx.domain.planning.network import Link


class LinkKind(models.TextChoices):
    """The four precedence links, with the codes plan files and scheduling tools write."""

    FINISH_TO_START = Link.FINISH_TO_START.value, "Finish to start (FS)"
    START_TO_START = Link.START_TO_START.value, "Start to start (SS)"
    FINISH_TO_FINISH = Link.FINISH_TO_FINISH.value, "Finish to finish (FF)"
    START_TO_FINISH = Link.START_TO_FINISH.value, "Start to finish (SF)"


class DistributionChoice(models.TextChoices):
    PERT = "pert", "Beta-PERT (the default)"
    TRIANGULAR = "triangular", "Triangular"


class ScaleChoice(models.TextChoices):
    """The two delivery confidence scales (`govdx.domain.planning.assurance.Scale`)."""

    FIVE_POINT = (
        assurance.Scale.FIVE_POINT.value,
        assurance.SCALE_LABELS[assurance.Scale.FIVE_POINT],
    )
    THREE_POINT = (
        assurance.Scale.THREE_POINT.value,
        assurance.SCALE_LABELS[assurance.Scale.THREE_POINT],
    )


class LevelChoice(models.TextChoices):
    """A delivery confidence level; the three-point scale uses green, amber and red only."""

    GREEN = assurance.Level.GREEN.value, "Green"
    AMBER_GREEN = assurance.Level.AMBER_GREEN.value, "Amber/green"
    AMBER = assurance.Level.AMBER.value, "Amber"
    AMBER_RED = assurance.Level.AMBER_RED.value, "Amber/red"
    RED = assurance.Level.RED.value, "Red"


class RatingSourceChoice(models.TextChoices):
    SENIOR_RESPONSIBLE_OWNER = (
        assurance.RatingSource.SENIOR_RESPONSIBLE_OWNER.value,
        assurance.SOURCE_LABELS[assurance.RatingSource.SENIOR_RESPONSIBLE_OWNER],
    )
    INDEPENDENT_ASSURANCE = (
        assurance.RatingSource.INDEPENDENT_ASSURANCE.value,
        assurance.SOURCE_LABELS[assurance.RatingSource.INDEPENDENT_ASSURANCE],
    )


GATE_CHOICES: list[tuple[int, str]] = [(gate.value, gate.label) for gate in assurance.Gate]
"""The six gate reviews, 0 to 5, as "Gate 0: strategic assessment"."""


class BenefitTypeChoice(models.TextChoices):
    """The three kinds of benefit (`govdx.domain.planning.benefits.BenefitType`)."""

    CASHABLE = BenefitType.CASHABLE.value, BENEFIT_TYPE_LABELS[BenefitType.CASHABLE]
    NON_CASHABLE = BenefitType.NON_CASHABLE.value, BENEFIT_TYPE_LABELS[BenefitType.NON_CASHABLE]
    SOCIETAL = BenefitType.SOCIETAL.value, BENEFIT_TYPE_LABELS[BenefitType.SOCIETAL]
