"""People and culture change kernels: readiness on the ADKAR model (`adkar`) and the survey
file it is read from (`readiness_file`). Plain Python; no Django, no clock, no I/O beyond the
file a caller hands over.

    survey = read_readiness_survey("readiness.xlsx")
    report = report_readiness("Before training", survey.responses)
    report.as_dict()                                    # govdx people readiness report --json
    judge_gate(ReadinessGate("Revenues", Decimal("0.7")), report).met
"""

from .adkar import (
    BARRIER_HIGHEST_SCORE,
    ELEMENTS,
    HIGHEST_SCORE,
    LOWEST_SCORE,
    Element,
    GateJudgement,
    GroupReadiness,
    ReadinessGate,
    ReadinessReport,
    Response,
    barrier_point,
    judge_gate,
    report_readiness,
)
from .readiness_file import COLUMNS, SurveyFile, SurveyRow, parse_score, read_readiness_survey

__all__ = [
    "BARRIER_HIGHEST_SCORE",
    "COLUMNS",
    "ELEMENTS",
    "HIGHEST_SCORE",
    "LOWEST_SCORE",
    "Element",
    "GateJudgement",
    "GroupReadiness",
    "ReadinessGate",
    "ReadinessReport",
    "Response",
    "SurveyFile",
    "SurveyRow",
    "barrier_point",
    "judge_gate",
    "parse_score",
    "read_readiness_survey",
    "report_readiness",
]
