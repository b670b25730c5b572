"""Risk management kernels: the matrix, appetite, review cadence, the register check and the
quantified exposure Monte Carlo. Plain Python and numpy; the caller passes the day and the seed.

    matrix = default_matrix()
    score = score_risk(parse_likelihood("Likely", matrix), parse_impact("severe", matrix))
    band_for(score, matrix).name                      # "Very high"
    tolerance_on("technology", statements, day)       # Tolerance(highest_score=10, ...)
    check_register(risks, tolerance=statements, as_of=day).as_dict()
    simulate_exposure(quantified, iterations=100_000, seed=1).var_99
"""

from .appetite import (
    DEFAULT_LEVEL,
    DEFAULT_TOLERANCES,
    LEVEL_DEFINITIONS,
    LEVEL_LABELS,
    AppetiteLevel,
    AppetiteStatement,
    Tolerance,
    appetite_lookup,
    parse_appetite_level,
    statement_in_force,
    tolerance_on,
)
from .check import (
    ACCEPTANCE_LONGEST_MONTHS,
    AcceptanceFacts,
    AcceptanceState,
    ActionFacts,
    Flag,
    Reason,
    RegisterCheck,
    RiskFacts,
    RiskJudgement,
    RiskStatus,
    ToleranceLookup,
    acceptance_expired,
    acceptance_expiry_valid,
    acceptance_in_force,
    check_register,
    judge_risk,
    latest_acceptance_expiry,
    reference_order,
    validate_acceptance_expiry,
)
from .exposure import (
    ExceedancePoint,
    ExposureResult,
    IntervalCost,
    QuantifiedRisk,
    ThreePointCost,
    expected_loss,
    simulate_exposure,
)
from .matrix import (
    DEFAULT_BANDS,
    Band,
    Matrix,
    band_for,
    default_matrix,
    parse_impact,
    parse_likelihood,
    score_risk,
)
from .reviews import (
    DEFAULT_CADENCE,
    ReviewCadence,
    is_review_overdue,
    next_review_due,
    review_interval,
)

__all__ = [
    "ACCEPTANCE_LONGEST_MONTHS",
    "DEFAULT_BANDS",
    "DEFAULT_CADENCE",
    "DEFAULT_LEVEL",
    "DEFAULT_TOLERANCES",
    "LEVEL_DEFINITIONS",
    "LEVEL_LABELS",
    "AcceptanceFacts",
    "AcceptanceState",
    "ActionFacts",
    "AppetiteLevel",
    "AppetiteStatement",
    "Band",
    "ExceedancePoint",
    "ExposureResult",
    "Flag",
    "IntervalCost",
    "Matrix",
    "QuantifiedRisk",
    "Reason",
    "RegisterCheck",
    "ReviewCadence",
    "RiskFacts",
    "RiskJudgement",
    "RiskStatus",
    "ThreePointCost",
    "Tolerance",
    "ToleranceLookup",
    "acceptance_expired",
    "acceptance_expiry_valid",
    "acceptance_in_force",
    "appetite_lookup",
    "band_for",
    "check_register",
    "default_matrix",
    "expected_loss",
    "is_review_overdue",
    "judge_risk",
    "latest_acceptance_expiry",
    "next_review_due",
    "parse_appetite_level",
    "parse_impact",
    "parse_likelihood",
    "reference_order",
    "review_interval",
    "score_risk",
    "simulate_exposure",
    "statement_in_force",
    "tolerance_on",
    "validate_acceptance_expiry",
]
