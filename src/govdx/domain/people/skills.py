"""Skills against a capability framework: the four skill levels, a person's gap against what
their role needs, and the gap per department as a heat map.

Method: the government digital and data capability framework (Central Digital and Data
Office) describes each role by the skills it needs, each at one of four levels, in order:
awareness, working, practitioner, expert. Levels are ranked 1 to 4 in that order, so a gap is
a number of levels:

- a skill's gap is the level the role needs less the level the person was assessed at, never
  below 0; a skill never assessed counts as assessed at 0, so its gap is the whole level needed;
- a person meets a skill when its gap is 0; a skill their role does not need is not a gap.

Per department and skill (the heat map's cell): how many people there hold a role needing the
skill, how many of them fall short, and the mean gap of those people, rounded to 2 places
half to even from the exact sum. The cell's band says how many fall short: none, low (under a
third), medium (under two thirds) or high.

    gaps = skill_gaps({"User research": Level.PRACTITIONER}, {"User research": Level.WORKING})
    gaps[0].gap                                  # 1
    map_gaps([StaffSkills("Finance", required, assessed), ...]).cell("Finance", "User research")
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from enum import IntEnum
from fractions import Fraction

_MEAN_PLACES = Decimal("0.01")


class Level(IntEnum):
    """A skill level of the capability framework, ranked in order."""

    AWARENESS = 1
    WORKING = 2
    PRACTITIONER = 3
    EXPERT = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()

    @property
    def key(self) -> str:
        """How files and the API write the level: "awareness", "working", ..."""
        return self.name.lower()


LEVELS: tuple[Level, ...] = tuple(Level)
"""The four levels, lowest first."""


def level_named(name: str) -> Level | None:
    """The level called `name`, ignoring case and spaces; None when no level is."""
    key = "".join(name.split()).casefold()
    return next((level for level in LEVELS if level.key == key), None)


@dataclass(frozen=True)
class SkillGap:
    """One skill a role needs: the level needed and the level assessed (None: not assessed)."""

    skill: str
    required: Level
    assessed: Level | None

    @property
    def gap(self) -> int:
        """Levels short of the level needed; 0 when met or exceeded."""
        return max(0, int(self.required) - int(self.assessed or 0))

    @property
    def met(self) -> bool:
        return self.gap == 0


def skill_gaps(
    required: Mapping[str, Level], assessed: Mapping[str, Level]
) -> tuple[SkillGap, ...]:
    """A person's gap in each skill their role needs (`required`, skill to level), given their
    assessed levels (`assessed`, skill to level), in the order of `required`. Skills assessed
    but not needed are not gaps and are left out."""
    return tuple(SkillGap(skill, level, assessed.get(skill)) for skill, level in required.items())


@dataclass(frozen=True)
class StaffSkills:
    """One person, for the heat map: their department, what their role needs and their levels."""

    department: str
    required: Mapping[str, Level]
    assessed: Mapping[str, Level]


@dataclass(frozen=True)
class GapCell:
    """One department's gap in one skill: people whose role needs it, how many fall short, and
    the total of their gaps (in levels)."""

    department: str
    skill: str
    people: int
    short: int
    total_gap: int

    @property
    def mean_gap(self) -> Decimal:
        """The mean gap of the people needing the skill, to 2 places (half to even)."""
        if not self.people:
            return Decimal("0.00")
        exact = Fraction(self.total_gap, self.people)
        return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
            _MEAN_PLACES, rounding=ROUND_HALF_EVEN
        )

    @property
    def band(self) -> str:
        """none, low (under a third short), medium (under two thirds) or high."""
        share = Fraction(self.short, self.people) if self.people else Fraction(0)
        if share == 0:
            return "none"
        if share < Fraction(1, 3):
            return "low"
        if share < Fraction(2, 3):
            return "medium"
        return "high"

    @property
    def text(self) -> str:
        """The cell as words, so that it never rests on colour alone."""
        return f"{self.short} of {self.people} short, mean gap {self.mean_gap}"

    def as_dict(self) -> dict[str, object]:
        return {
            "people": self.people,
            "short": self.short,
            "mean_gap": float(self.mean_gap),
            "band": self.band,
        }


@dataclass(frozen=True)
class GapMap:
    """Departments in rows, skills in columns (each sorted by name ignoring case)."""

    departments: tuple[str, ...]
    skills: tuple[str, ...]
    cells: dict[tuple[str, str], GapCell] = field(hash=False)

    def cell(self, department: str, skill: str) -> GapCell | None:
        """The department's gap in the skill; None where no one there needs it."""
        return self.cells.get((department, skill))

    def rows(self) -> list[tuple[str, list[GapCell | None]]]:
        return [(d, [self.cell(d, s) for s in self.skills]) for d in self.departments]

    def as_dict(self) -> dict[str, dict[str, dict[str, object]]]:
        """{department: {skill: cell}}, leaving out the skills no one there needs."""
        return {
            department: {
                skill: cell.as_dict()
                for skill in self.skills
                if (cell := self.cell(department, skill))
            }
            for department in self.departments
        }


def map_gaps(staff: Iterable[StaffSkills]) -> GapMap:
    """The gap per department and skill over `staff` (the method is in the module docstring).
    A department or skill that no one's role needs is left out."""
    tallies: dict[tuple[str, str], list[int]] = {}
    for person in staff:
        for gap in skill_gaps(person.required, person.assessed):
            tally = tallies.setdefault((person.department, gap.skill), [0, 0, 0])
            tally[0] += 1
            tally[1] += 0 if gap.met else 1
            tally[2] += gap.gap
    cells = {
        key: GapCell(key[0], key[1], people, short, total)
        for key, (people, short, total) in tallies.items()
    }
    departments = tuple(sorted({d for d, _ in cells}, key=str.casefold))
    skills = tuple(sorted({s for _, s in cells}, key=str.casefold))
    return GapMap(departments, skills, cells)


__all__ = [
    "LEVELS",
    "GapCell",
    "GapMap",
    "Level",
    "SkillGap",
    "StaffSkills",
    "level_named",
    "map_gaps",
    "skill_gaps",
]
