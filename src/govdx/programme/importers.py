"""The programme's files out: the major-project return as an XLSX workbook.

The rows and their cells come from the planning kernel (`govdx.domain.planning.returns`) by
way of `selectors.major_project_return`; this module only lays them out: a styled header row,
column widths, money as numbers in a pounds format, percentages as numbers, dates as dates.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from govdx.domain.planning.returns import (
    COLUMNS,
    FinancialYear,
    MajorProjectReturnRow,
    return_cells,
)

MONEY_FORMAT = '"£"#,##0.00;-"£"#,##0.00'
PERCENT_FORMAT = '0.00"%"'
DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = PatternFill("solid", fgColor="1D70B8")
WIDTHS = {"Project": 36, "Department": 24, "Description": 48, "Variance narrative": 60}
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def return_filename(year: FinancialYear) -> str:
    return f"major-project-return-{year.short_label}.xlsx"


def write_major_project_return(
    rows: Sequence[MajorProjectReturnRow],
    target: Path | IO[bytes],
    *,
    year: FinancialYear,
    on: datetime.date,
) -> None:
    """Write the return's rows, one a project under a header row, to `target`."""
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = f"Return {year.short_label}"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(list(return_cells(row)))
    for index, heading in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(heading, 18)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if heading.endswith("(£)"):
                cell.number_format = MONEY_FORMAT
            elif heading.endswith("(%)"):
                cell.number_format = PERCENT_FORMAT
            elif isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, str):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    workbook.properties.title = f"Major-project return {year.label}"
    workbook.properties.description = f"Status date {on.isoformat()}."
    workbook.save(target)
