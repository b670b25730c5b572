"""Risks from the estate: how likely and how severe running an end-of-life release cycle is.

One technology risk per end-of-life release cycle still installed. Likelihood grows with
exposure: the number of devices running the cycle and how long it has been past its end of
life (the longer unpatched, the likelier a vulnerability is found and used). Impact follows
the criticality of the business applications that run on those devices, or that name the
software; with none known, it is minor, or moderate for a server estate.

    judge_exposure(devices=37, days_past_eol=420, criticalities=["high"], servers=12)
    # EstateRiskScore(likelihood=5, impact=4, ...)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

DEVICE_STEPS = ((1, 1), (5, 2), (20, 3), (100, 4))
"""(fewer than this many devices, likelihood) pairs; 100 devices or more is 5."""

LONG_PAST_EOL_DAYS = 365
"""A year past its end of life adds one to the likelihood (at most 5)."""

CRITICALITY_IMPACT = {"critical": 5, "high": 4, "medium": 3, "low": 2}


@dataclass(frozen=True)
class EstateRiskScore:
    """A likelihood and impact from 1 to 5, with the reasons a person reads on the risk."""

    likelihood: int
    impact: int
    likelihood_reason: str
    impact_reason: str


def likelihood_from_exposure(devices: int, days_past_eol: int | None) -> tuple[int, str]:
    """1 to 5 from the devices running the cycle, one more when long past its end of life."""
    likelihood = 5
    for limit, value in DEVICE_STEPS:
        if devices < limit:
            likelihood = value
            break
    reason = f"{devices} device{'' if devices == 1 else 's'} run it"
    if days_past_eol is not None and days_past_eol >= LONG_PAST_EOL_DAYS and likelihood < 5:
        likelihood += 1
        reason += f", {days_past_eol} days past its end of life"
    return max(likelihood, 1), reason


def impact_from_criticality(criticalities: Iterable[str], *, servers: int = 0) -> tuple[int, str]:
    """The impact of the most critical application affected; minor (2) with none known, or
    moderate (3) when servers run it."""
    known = [c for c in criticalities if c in CRITICALITY_IMPACT]
    if known:
        worst = max(known, key=lambda c: CRITICALITY_IMPACT[c])
        return CRITICALITY_IMPACT[worst], f"the most critical application affected is {worst}"
    if servers:
        return 3, "no application is linked, but servers run it"
    return 2, "no application is linked to the devices that run it"


def judge_exposure(
    *, devices: int, days_past_eol: int | None, criticalities: Iterable[str], servers: int = 0
) -> EstateRiskScore:
    """The likelihood and impact of running an end-of-life release cycle."""
    likelihood, why_likely = likelihood_from_exposure(devices, days_past_eol)
    impact, why_impact = impact_from_criticality(criticalities, servers=servers)
    return EstateRiskScore(likelihood, impact, why_likely, why_impact)
