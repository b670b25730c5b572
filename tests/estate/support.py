"""Helpers for estate tests: the real endoflife.date data (all of it, or the products a test
needs, which loads in a tenth of the time) and inventory files written as real CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings

PRODUCTS_FULL = "endoflife/products-full.json"

COMMON_PRODUCTS = (
    "windows", "windows-server", "mssqlserver", "oracle-jdk", "java", "python", "centos",
    "esxi", "ubuntu", "rhel", "debian", "office", "visual-studio", "postgresql", "tomcat",
    "nodejs", "log4j", "eclipse-temurin", "dotnet", "dotnetfx", "firefox", "chrome",
)  # fmt: skip


def lifecycle_file() -> Path:
    """The offline copy of the endoflife.date API; fails plainly when it is not there."""
    path = Path(settings.SHARED_DATA_DIR) / PRODUCTS_FULL
    assert path.is_file(), (
        f"The lifecycle data is missing: expected {PRODUCTS_FULL} under the shared data folder "
        "(set GOVDX_SHARED_DATA to the folder that holds endoflife/)."
    )
    return path


def lifecycle_subset(folder: Path, products: Iterable[str] = COMMON_PRODUCTS) -> Path:
    """A file of the same shape holding only `products`, cut from the real data."""
    document: dict[str, Any] = json.loads(lifecycle_file().read_bytes())
    wanted = set(products)
    document["result"] = [p for p in document["result"] if p["name"] in wanted]
    document["total"] = len(document["result"])
    path = folder / "products-subset.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def load_lifecycle(folder: Path, products: Iterable[str] = COMMON_PRODUCTS) -> Any:
    from govdx.estate.services import lifecycle_data_load

    return lifecycle_data_load(path=lifecycle_subset(folder, products), user=None)


def write_csv(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def samples() -> Path:
    path = Path(settings.SHARED_DATA_DIR) / "samples"
    assert path.is_dir(), "The sample inventories are missing from the shared data folder."
    return path
