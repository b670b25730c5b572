"""Choice sets for the programme: value and label together."""

from django.db import models

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
