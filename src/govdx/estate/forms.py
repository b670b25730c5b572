"""Forms for the estate pages; choices are limited to what the user may use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q

from govdx.core.forms import PlainForm, RecordForm
from govdx.core.permissions import visible
from govdx.domain.estate.formats import InventoryFormat
from govdx.domain.estate.matching import Suggestion
from govdx.domain.estate.observations import DeviceFacts
from govdx.domain.estate.reconcile import DeviceKeys
from govdx.estate.choices import ImportFormat
from govdx.estate.importers import RETURN_DUE_DAYS
from govdx.estate.models import (
    Application,
    Device,
    EstateSettings,
    Product,
    ReleaseCycle,
    Software,
    Source,
)
from govdx.org.forms import ScopedRecordForm
from govdx.org.models import Supplier
from govdx.risk.forms import Radios

DATE = forms.DateInput()


class DeviceForm(ScopedRecordForm):
    """What people own of a device; the rest comes from the sources that report it."""

    department_fields = ("department",)

    class Meta:
        model = Device
        fields = ("kind", "department", "supplier", "location", "purchase_date", "warranty_end")
        widgets = {"purchase_date": DATE, "warranty_end": DATE}
        labels = {"supplier": "Operated by"}
        help_texts = {
            "supplier": "Leave empty for a device run in-house.",
            "location": "A later import that reports a location shows that one instead.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class SourceForm(RecordForm):
    class Meta:
        model = Source
        fields = ("name", "kind", "supplier", "description")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"supplier": "Reports the estate of"}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["supplier"]
        field.queryset = visible(user, Supplier.objects.order_by("name"))  # type: ignore[attr-defined]
        self.style_widgets()


def _lines(text: str) -> list[str]:
    """Non-empty lines, spaces trimmed, each once, in order."""
    seen: dict[str, None] = {}
    for line in text.splitlines():
        if line.strip():
            seen.setdefault(" ".join(line.split()), None)
    return list(seen)


class ApplicationForm(ScopedRecordForm):
    """An application with the devices it runs on and the software it depends on, named one a
    line: a list of many thousand devices would not fit a drop-down."""

    department_fields = ("department",)

    device_names = forms.CharField(
        label="Devices it runs on",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line: a host name, serial number or asset tag.",
    )
    software_names = forms.CharField(
        label="Software it depends on",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line, as the inventories name it; every version of the name is linked.",
    )

    class Meta:
        model = Application
        fields = ("name", "description", "owner", "department", "criticality", "hosting",
                  "supplier")  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.fields["device_names"].initial = "\n".join(
                d.identifier for d in self.instance.devices.order_by("identifier")
            )
            self.fields["software_names"].initial = "\n".join(
                self.instance.software.order_by("name").values_list("name", flat=True).distinct()
            )
        self.style_widgets()

    def clean_device_names(self) -> list[Device]:
        devices: list[Device] = []
        missing = []
        known = visible(self.user, Device.objects.all())
        for line in _lines(self.cleaned_data["device_names"]):
            keys = DeviceKeys.of(DeviceFacts(hostname=line, serial=line, asset_tag=line))
            query = Q(identifier__iexact=line)
            for field, key in (("hostname_key", keys.hostname), ("serial_key", keys.serial),
                               ("asset_tag_key", keys.asset_tag)):  # fmt: skip
                if key:  # an empty key would name every device without one
                    query |= Q(**{field: key})
            found = known.filter(query).order_by("pk").first()
            if found is None:
                missing.append(line)
            elif found not in devices:
                devices.append(found)
        if missing:
            raise forms.ValidationError(
                f"No device is known as {', '.join(missing)}: check the spelling, or import "
                "the inventory that reports it first."
            )
        return devices

    def clean_software_names(self) -> list[Software]:
        software: list[Software] = []
        missing = []
        for line in _lines(self.cleaned_data["software_names"]):
            found = list(Software.objects.filter(name__iexact=line))
            if not found:
                missing.append(line)
            software.extend(s for s in found if s not in software)
        if missing:
            raise forms.ValidationError(
                f"No inventory reports software called {', '.join(missing)}: write the name "
                "as the inventory does."
            )
        return software

    def changes(self) -> dict[str, Any]:
        data = super().changes()
        data["devices"] = data.pop("device_names", [])
        data["software"] = data.pop("software_names", [])
        return data


class EstateSettingsForm(RecordForm):
    class Meta:
        model = EstateSettings
        fields = ("stale_after_days",)
        labels = {"stale_after_days": "Days after which a device no source reports is stale"}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


# Supplements: products endoflife.date lacks, and their release cycles


class SupplementForm(RecordForm):
    """A product endoflife.date lacks: its short name, name, category and link."""

    link = forms.URLField(
        label="The maker's lifecycle page",
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text="Where the maker publishes its support dates, if anywhere.",
    )

    class Meta:
        model = Product
        fields = ("slug", "label", "category", "link")
        labels = {"slug": "Short name", "label": "Name"}
        help_texts = {
            "slug": "Lower-case letters, digits, dashes and underscores, such as "
            "“case-manager”: the product's address in govdx. Look for the product on "
            "endoflife.date first: one it has is mapped to, not added.",
            "label": "As people call it, such as “Case Manager”.",
            "category": "Such as “app”, “database” or “server-app”.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


PHASE_ANSWERS = {
    "eoas": ("End of active support", "After it, only security fixes come.",
             "Yes, it has ended, date not known", "No, not ended, no end announced"),
    "eol": ("End of life", "The end of security support.",
            "Yes, it is reached, date not known", "No, not reached, no date announced"),
    "eoes": ("End of extended support", "Support the maker sells after end of life.",
             "Yes, it has ended, or none is offered", "No, it is offered, no end announced"),
}  # fmt: skip
"""Each support phase: its label, its hint, and what yes and no without a date mean for it."""


@dataclass(frozen=True)
class PhaseFields:
    """A phase's question on the page: the answer's radios and the date shown under "On a
    date"."""

    answer: forms.BoundField
    date: forms.BoundField


class SupplementCycleForm(RecordForm):
    """A supplement's release cycle: its name, release date, and each support phase as a date,
    a yes or no without a date, or not known."""

    eoas = forms.DateField(label="Date of end of active support", required=False, widget=DATE)
    eol = forms.DateField(label="Date of end of life", required=False, widget=DATE)
    eoes = forms.DateField(label="Date of end of extended support", required=False, widget=DATE)

    class Meta:
        model = ReleaseCycle
        fields = ("name", "label", "release_date")
        widgets = {"release_date": DATE}
        labels = {"name": "Release cycle", "label": "Name to show", "release_date": "Released on"}
        help_texts = {
            "name": "As the maker numbers it, such as “4” or “2024.1”: a version that starts "
            "with it (4.2.1) belongs to it.",
            "label": "Leave empty to show the release cycle as it is numbered.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cycle = self.instance
        for phase, (label, hint, yes, no) in PHASE_ANSWERS.items():
            self.fields[f"{phase}_answer"] = forms.ChoiceField(
                label=label,
                help_text=hint,
                choices=[("date", "On a date"), ("yes", yes), ("no", no), ("unknown", "Not known")],
                widget=Radios,
                initial="unknown",
            )
            if cycle.pk is not None and not self.is_bound:
                day, flag = getattr(cycle, f"{phase}_date"), getattr(cycle, f"{phase}_flag")
                answer = "date" if day else {True: "yes", False: "no"}.get(flag, "unknown")
                self.fields[f"{phase}_answer"].initial = answer
                self.fields[phase].initial = day
        self.order_fields(
            ["name", "label", "release_date",
             *(f"{phase}{end}" for phase in PHASE_ANSWERS for end in ("_answer", ""))]
        )  # fmt: skip
        self.style_widgets()

    @property
    def phases(self) -> list[PhaseFields]:
        return [PhaseFields(self[f"{phase}_answer"], self[phase]) for phase in PHASE_ANSWERS]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("name", "label", "release_date")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for phase, (label, *_) in PHASE_ANSWERS.items():
            dated = data.get(f"{phase}_answer") == "date"
            if dated and not data.get(phase) and phase not in self.errors:
                message = f"Enter the date of {label.lower()}, or choose another answer."
                self.add_error(phase, message)
        return data

    def changes(self) -> dict[str, Any]:
        """What the service takes: each phase as a date, True, False or None."""
        data = self.cleaned_data
        values = {name: data[name] for name in ("name", "label", "release_date")}
        for phase in PHASE_ANSWERS:
            answer = data[f"{phase}_answer"]
            values[phase] = {"date": data[phase], "yes": True, "no": False}.get(answer)
        return values


# Mapping a name no rule matches, in two steps: the product, then its cycle


def product_choices(suggestions: list[Suggestion]) -> list[Any]:
    """Suggested products first, then every product."""
    everything = [(slug, label) for slug, label in Product.objects.values_list("slug", "label")]
    groups: list[Any] = [("", "Choose a product")]
    if suggestions:
        groups.append(("Suggested for this name", [(s.product, s.label) for s in suggestions]))
    groups.append(("Every product", everything))
    return groups


class MappingProductForm(PlainForm):
    """Step one: which product the name is."""

    product = forms.ChoiceField(label="Product")

    def __init__(self, *args: Any, suggestions: list[Suggestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = product_choices(suggestions)  # type: ignore[attr-defined]
        self.style_widgets()


class MappingForm(PlainForm):
    """Step two: which release cycle, for this version or every version, and why."""

    cycle = forms.ChoiceField(
        label="Release cycle",
        required=False,
        help_text="Leave it to each version to choose the cycle where the product's cycles "
        "follow its version numbers.",
    )
    every_version = forms.BooleanField(
        label="Map every version of the name",
        required=False,
        help_text="Otherwise only the version shown is mapped.",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=300,
        help_text="Why the name is this product, for whoever reads the mapping later.",
    )

    def __init__(self, *args: Any, product: Product, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.product = product
        self.cycles = {str(c.pk): c for c in product.cycles.order_by("position", "pk")}
        self.fields["cycle"].choices = [  # type: ignore[attr-defined]
            ("", "Each version's own cycle"),
            *((pk, c.label or c.name) for pk, c in self.cycles.items()),
        ]
        self.style_widgets()

    def clean_cycle(self) -> Any:
        return self.cycles.get(self.cleaned_data["cycle"])


# Imports and supplier returns


class ImportForm(PlainForm):
    """An inventory file to import from one source, as the command line takes it."""

    file = forms.FileField(
        label="Inventory file",
        help_text="CSV, Excel workbook, CycloneDX or SPDX JSON, or osquery results.",
    )
    source = forms.CharField(
        label="Source",
        max_length=200,
        help_text="Where the file comes from, e.g. “SCCM” or “Acme return”. A new name adds "
        "a source.",
    )
    supplier = forms.CharField(
        label="Supplier",
        max_length=200,
        required=False,
        help_text="For a supplier's return: the supplier whose estate it reports.",
    )
    observed = forms.DateField(
        label="Observed on",
        widget=DATE,
        help_text="The day the inventory was taken, for rows that do not say.",
    )
    format = forms.ChoiceField(
        label="Format",
        choices=[(InventoryFormat.AUTO.value, "Work it out from the file"), *ImportFormat.choices],
    )
    dry_run = forms.BooleanField(
        label="Dry run: check the file and report what would change, writing nothing",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class SupplierReturnForm(PlainForm):
    supplier = forms.ModelChoiceField(queryset=Supplier.objects.none(), label="Supplier")
    due_in_days = forms.IntegerField(
        label="Due in (days)", min_value=1, max_value=366, initial=RETURN_DUE_DAYS
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["supplier"]
        field.queryset = visible(user, Supplier.objects.order_by("name"))  # type: ignore[attr-defined]
        self.style_widgets()
