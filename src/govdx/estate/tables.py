"""The estate tables: columns, headings and how each sorts."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from govdx.core.tables import Column, Table
from govdx.estate import selectors

STATUS_LABELS = {
    "supported": "Supported",
    "security_only": "Security only",
    "extended_support": "Extended support",
    "end_of_life": "End of life",
    "unknown": "Unknown",
    selectors.NOT_MATCHED: "Not matched",
}
STATUS_COLOURS = {
    "supported": "green",
    "security_only": "yellow",
    "extended_support": "orange",
    "end_of_life": "red",
    "unknown": "grey",
    selectors.NOT_MATCHED: "grey",
}


def status_tag(status: str) -> SafeString:
    """A lifecycle status as a tag: named in words, never shown by colour alone."""
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STATUS_COLOURS.get(status, "grey"),
        STATUS_LABELS.get(status, status),
    )


def _operating_system(device: Any) -> str:
    return f"{device.os_name} {device.os_version}".strip()


def _os_status(device: Any) -> SafeString:
    return status_tag(getattr(device, "os_status", selectors.NOT_MATCHED))


def _stale(device: Any) -> SafeString | str:
    if getattr(device, "is_stale", False):
        return format_html('<strong class="govuk-tag govuk-tag--grey">{}</strong>', "Stale")
    return ""


class DeviceTable(Table):
    """Devices with the lifecycle status of their operating system today and whether any
    source has reported them lately."""

    caption = "Devices"
    default_sort = "identifier"
    columns = (
        Column("identifier", "Device", order_by="identifier", link=True),
        Column("kind", "Kind", order_by="kind"),
        Column("department", "Department", order_by="department__name"),
        Column("supplier", "Operated by", order_by="supplier__name"),
        Column("os", "Operating system", order_by="os_name,os_version", render=_operating_system),
        Column("os_status", "Operating system's lifecycle", render=_os_status),
        Column("last_seen", "Last seen", order_by="last_seen"),
        Column("stale", "Stale", render=_stale),
    )

    def __init__(self, queryset: models.QuerySet[Any], request: HttpRequest) -> None:
        super().__init__(queryset, request)
        today = timezone.localdate()
        threshold = selectors.stale_before(today)
        devices = list(self.page.object_list)  # evaluated once; the rows reuse these objects
        for device in devices:
            software = device.os_software
            cycle = software.cycle if software is not None else None
            device.os_status = selectors.software_status(cycle, today)
            device.is_stale = device.last_seen is None or device.last_seen < threshold


def _in_house(obj: Any) -> str:
    return str(obj.supplier) if obj.supplier_id else "In-house"


class ProductTable(Table):
    caption = "Products"
    default_sort = "label"
    columns = (
        Column("label", "Product", order_by="label", link=True),
        Column("category", "Category", order_by="category"),
        Column("cycle_count", "Release cycles", order_by="cycle_count", numeric=True),
        Column("installation_count", "Installations", order_by="installation_count", numeric=True),
    )


class SourceTable(Table):
    caption = "Sources"
    default_sort = "name"
    columns = (
        Column("name", "Source", order_by="name", link=True),
        Column("kind", "Kind", order_by="kind"),
        Column("supplier", "Estate of", order_by="supplier__name", render=_in_house),
        Column("device_count", "Devices reported", order_by="device_count", numeric=True),
        Column("last_import", "Last import", order_by="last_import"),
    )


def _outcome(batch: Any) -> SafeString:
    colour = "green" if batch.outcome == "imported" else "red"
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, batch.get_outcome_display()
    )


def _changes(batch: Any) -> str:
    if batch.outcome != "imported":
        count = len(batch.problems)
        return f"{count} problem{'s' if count != 1 else ''}"
    devices = batch.counts.get("devices", {})
    installations = batch.counts.get("installations", {})
    return (
        f"{devices.get('created', 0)} devices new, {devices.get('updated', 0)} updated; "
        f"{installations.get('created', 0)} installations new, "
        f"{installations.get('removed', 0)} gone"
    )


class BatchTable(Table):
    caption = "Imports"
    default_sort = "-imported_at"
    columns = (
        Column("imported_at", "Imported", order_by="imported_at", link=True),
        Column("filename", "File", order_by="filename"),
        Column("source_name", "Source", order_by="source_name"),
        Column("format", "Format", order_by="format"),
        Column("observed_on", "Observed", order_by="observed_on"),
        Column("outcome", "Outcome", order_by="outcome", render=_outcome),
        Column("rows", "Rows", order_by="rows", numeric=True),
        Column("changes", "What changed", render=_changes),
    )


class ApplicationTable(Table):
    caption = "Applications"
    default_sort = "name"
    columns = (
        Column("name", "Application", order_by="name", link=True),
        Column("criticality", "Criticality", order_by="criticality"),
        Column("hosting", "Hosting", order_by="hosting"),
        Column("department", "Department", order_by="department__name"),
        Column("owner", "Owner", order_by="owner__full_name"),
        Column("supplier", "Supplier", order_by="supplier__name"),
        Column("device_count", "Devices", order_by="device_count", numeric=True),
    )


def _received(supplier_return: Any) -> SafeString | str:
    batch = supplier_return.received
    if batch is None:
        return ""
    return format_html(
        '<a class="govuk-link" href="{}">{}</a>', batch.get_absolute_url(), batch.filename
    )


def _return_state(supplier_return: Any) -> SafeString:
    if supplier_return.received_id is not None:
        return format_html('<strong class="govuk-tag govuk-tag--green">{}</strong>', "Received")
    if supplier_return.due_on < timezone.localdate():
        return format_html('<strong class="govuk-tag govuk-tag--red">{}</strong>', "Overdue")
    return format_html('<strong class="govuk-tag govuk-tag--blue">{}</strong>', "Awaited")


class SupplierReturnTable(Table):
    caption = "Supplier returns"
    default_sort = "-requested_on"
    columns = (
        Column("supplier", "Supplier", order_by="supplier__name"),
        Column("requested_on", "Asked for", order_by="requested_on"),
        Column("due_on", "Due by", order_by="due_on"),
        Column("state", "State", render=_return_state),
        Column("received", "Received as", render=_received),
        Column("note", "Note"),
    )
