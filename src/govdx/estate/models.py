"""The estate: devices, the software installed on them, the business applications they serve,
where each fact came from, and the support lifecycle of every product.

Matching, lifecycle status and reconciliation are computed by `govdx.domain.estate`; these
models hold what sources reported and what people decided, with its provenance. Installations
and per-source device observations are facts written in bulk by imports: they carry their
source, batch and dates instead of a per-row history. Everything a person changes keeps its
history.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from govdx.core.models import Record
from govdx.core.permissions import AccessRule
from govdx.domain.governance.access import Policy, Role
from govdx.estate.choices import (
    BatchOutcome,
    Criticality,
    DeviceKind,
    Hosting,
    ImportFormat,
    LifecycleSource,
    MatchMethod,
    SoftwareRole,
    SourceKind,
)

ADMIN = Role.ADMINISTRATOR
ESTATE_MANAGERS = frozenset({ADMIN, Role.ESTATE_MANAGER})
ESTATE_WRITERS = frozenset({ADMIN, Role.ESTATE_MANAGER, Role.DEPARTMENT_LEAD})
SUPPLIER_READERS = frozenset({Role.SUPPLIER_CONTACT})

REFERENCE_DATA = AccessRule(Policy(writers=ESTATE_MANAGERS))


# --- support lifecycles ------------------------------------------------------------------------


class LifecycleDataset(models.Model):
    """One load of lifecycle data: from a file or the live API, when, and what it held."""

    source = models.CharField(max_length=10, choices=LifecycleSource.choices)
    name = models.CharField(max_length=300, help_text="The file's name or the address fetched.")
    sha256 = models.CharField(max_length=64)
    schema_version = models.CharField(max_length=20, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)
    products = models.PositiveIntegerField(default=0)
    cycles = models.PositiveIntegerField(default=0)

    access = REFERENCE_DATA

    class Meta:
        ordering: ClassVar[list[str]] = ["-loaded_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.products} products)"

    def get_absolute_url(self) -> str:
        return reverse("estate:product_list")


class Product(Record):
    """A product with a support lifecycle: from endoflife.date, or added by a person (a
    supplement) when endoflife.date lacks it."""

    slug = models.SlugField(max_length=100, unique=True, help_text="The endoflife.date id.")
    label = models.CharField(max_length=200)
    category = models.CharField(max_length=50, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    identifiers = models.JSONField(default=list, blank=True, help_text="[[type, id], ...]")
    link = models.URLField(blank=True)
    is_supplement = models.BooleanField(
        default=False, help_text="Added by a person; a lifecycle-data load leaves it alone."
    )

    access = REFERENCE_DATA

    class Meta:
        ordering: ClassVar[list[str]] = ["label"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("estate:product_detail", args=[self.slug])


class ReleaseCycle(Record):
    """A release cycle of a product and its support dates. Each phase is a date when one is
    known, else a yes or no (`*_flag`), else unknown (both empty)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="cycles")
    name = models.CharField(max_length=100, help_text="The endoflife.date cycle id.")
    label = models.CharField(max_length=200, blank=True)
    codename = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(
        default=0, help_text="Order in the source, newest first."
    )
    release_date = models.DateField(null=True, blank=True)
    lts = models.BooleanField(default=False)
    eoas_date = models.DateField("end of active support", null=True, blank=True)
    eoas_flag = models.BooleanField(null=True, blank=True)
    eol_date = models.DateField("end of life", null=True, blank=True)
    eol_flag = models.BooleanField(null=True, blank=True)
    eoes_date = models.DateField("end of extended support", null=True, blank=True)
    eoes_flag = models.BooleanField(null=True, blank=True)
    latest = models.CharField(max_length=100, blank=True)
    latest_date = models.DateField(null=True, blank=True)

    access = REFERENCE_DATA

    class Meta:
        ordering: ClassVar[list[str]] = ["product__label", "position"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint("product", "name", name="estate_cycle_unique")
        ]

    def __str__(self) -> str:
        """The cycle as people say it: "Python 3.8"; a label that already names the product
        ("Windows Server 2012 R2 (LTSC)") stands alone."""
        label = self.label or self.name
        product_words = {word.lower() for word in self.product.label.split() if len(word) > 2}
        if any(word.lower() in product_words for word in label.split()):
            return label
        return f"{self.product.label} {label}"

    def get_absolute_url(self) -> str:
        return reverse("estate:cycle_detail", args=[self.product.slug, self.name])


# --- sources and imports -----------------------------------------------------------------------


class Source(Record):
    """Somewhere facts about the estate come from: a discovery tool, an agent fleet, SBOMs, a
    supplier's returns, a spreadsheet someone keeps."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(
        max_length=20, choices=SourceKind.choices, default=SourceKind.SPREADSHEET
    )
    supplier = models.ForeignKey(
        "org.Supplier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="estate_sources",
        help_text="The supplier whose estate this source reports, when it is outsourced.",
    )
    description = models.TextField(blank=True)

    access = AccessRule(
        Policy(writers=ESTATE_MANAGERS, supplier_readers=SUPPLIER_READERS),
        supplier_field="supplier",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("estate:source_detail", args=[self.pk])


class ImportBatch(models.Model):
    """One file given to `govdx estate import` (or the import page): what it held, what it
    changed, and every problem when it was refused."""

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="batches",
        help_text="Empty for a refused file whose source did not exist yet.",
    )  # fmt: skip
    source_name = models.CharField(max_length=200)
    filename = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    format = models.CharField(max_length=12, choices=ImportFormat.choices)
    observed_on = models.DateField()
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    outcome = models.CharField(max_length=10, choices=BatchOutcome.choices)
    rows = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)

    access = AccessRule(
        Policy(writers=ESTATE_MANAGERS, supplier_readers=SUPPLIER_READERS),
        supplier_field="source__supplier",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_outcome_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("estate:batch_detail", args=[self.pk])


# --- devices and software ----------------------------------------------------------------------


class Device(Record):
    """One device, however many sources report it: reconciled on serial, then asset tag, then
    host name without its domain. Its facts are the most recent observation's; each source's
    own account is kept in `DeviceObservation`."""

    identifier = models.CharField(max_length=200, help_text="The host name, else serial or tag.")
    hostname = models.CharField(max_length=255, blank=True)
    # The keys are indexed in Meta, not here: a field's own index would be copied to the
    # history table (where nothing looks a key up), with PostgreSQL's LIKE index besides.
    hostname_key = models.CharField(max_length=255, blank=True, editable=False)
    serial = models.CharField(max_length=100, blank=True)
    serial_key = models.CharField(max_length=100, blank=True, editable=False)
    asset_tag = models.CharField(max_length=100, blank=True)
    asset_tag_key = models.CharField(max_length=100, blank=True, editable=False)
    kind = models.CharField(max_length=20, choices=DeviceKind.choices, blank=True)
    manufacturer = models.CharField(max_length=200, blank=True)
    model = models.CharField(max_length=200, blank=True)
    os_name = models.CharField("operating system", max_length=255, blank=True)
    os_version = models.CharField("operating system version", max_length=100, blank=True)
    os_software = models.ForeignKey(
        "Software", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False, db_constraint=False,  # written by imports: see Installation
    )  # fmt: skip
    location = models.CharField(max_length=200, blank=True)
    department = models.ForeignKey(
        "org.Department", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="devices",
    )  # fmt: skip
    supplier = models.ForeignKey(
        "org.Supplier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="devices",
        help_text="The supplier operating it; empty when run in-house.",
    )
    purchase_date = models.DateField(null=True, blank=True)
    warranty_end = models.DateField(null=True, blank=True)
    first_seen = models.DateField(null=True, blank=True)
    last_seen = models.DateField(null=True, blank=True)

    access = AccessRule(
        Policy(writers=ESTATE_WRITERS, supplier_readers=SUPPLIER_READERS),
        department_field="department",
        supplier_field="supplier",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["identifier"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["hostname_key"], name="estate_device_hostname"),
            models.Index(fields=["serial_key"], name="estate_device_serial"),
            models.Index(fields=["asset_tag_key"], name="estate_device_asset_tag"),
        ]

    def __str__(self) -> str:
        return self.identifier

    def get_absolute_url(self) -> str:
        return reverse("estate:device_detail", args=[self.pk])


class DeviceObservation(models.Model):
    """What one source last said about a device, as it said it: conflicting facts are kept
    here with their source, while the device shows the most recent."""

    # Written by imports, a row per device and source: references kept by govdx, as for
    # Installation, and indexed by the unique constraint (device first) and the source.
    device = models.ForeignKey(
        Device, on_delete=models.CASCADE, related_name="observations",
        db_index=False, db_constraint=False,
    )  # fmt: skip
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="+",
        db_index=False, db_constraint=False,
    )  # fmt: skip
    observed_on = models.DateField()
    facts = models.JSONField(default=dict)

    access = AccessRule(
        Policy(writers=ESTATE_MANAGERS, supplier_readers=SUPPLIER_READERS),
        department_field="device__department",
        supplier_field="device__supplier",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-observed_on", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint("device", "source", name="estate_observation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.device} by {self.source} on {self.observed_on}"

    def get_absolute_url(self) -> str:
        return self.device.get_absolute_url()


class Software(models.Model):
    """A distinct (name, publisher, version) as sources report it, matched once to a product
    and release cycle; every installation of it shares the match."""

    role = models.CharField(
        max_length=10, choices=SoftwareRole.choices, default=SoftwareRole.SOFTWARE
    )
    name = models.CharField(max_length=400)
    publisher = models.CharField(max_length=300, blank=True)
    version = models.CharField(max_length=200, blank=True)
    purl = models.CharField(max_length=500, blank=True)
    cpe = models.CharField(max_length=500, blank=True)
    product = models.ForeignKey(
        Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="software"
    )
    cycle = models.ForeignKey(
        ReleaseCycle, on_delete=models.SET_NULL, null=True, blank=True, related_name="software"
    )
    match_method = models.CharField(max_length=10, choices=MatchMethod.choices, blank=True)
    match_rule = models.CharField(max_length=300, blank=True, help_text="What made the match.")
    match_note = models.CharField(max_length=300, blank=True)

    access = AccessRule(Policy(writers=ESTATE_MANAGERS, supplier_readers=SUPPLIER_READERS))

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "version"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "role", "name", "publisher", "version", name="estate_software_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}".strip()

    def get_absolute_url(self) -> str:
        return reverse("estate:software_detail", args=[self.pk])


class Installation(models.Model):
    """Software a source reported on a device: first and last seen, and when it went."""

    # A national estate holds millions of installations, and an import writes a million at a
    # time. PostgreSQL checks a foreign key constraint with one look-up per row written, which
    # costs more than writing the row: so the references are kept by govdx rather than by
    # constraints. The importer writes only ids it read or created in the same transaction,
    # and deleting a device, source or batch deletes its installations, while software still
    # installed cannot be deleted (Django's on_delete, tested). Indexes: the unique constraint
    # (device first) and the software index below, nothing more.
    device = models.ForeignKey(
        Device, on_delete=models.CASCADE, related_name="installations",
        db_index=False, db_constraint=False,
    )  # fmt: skip
    software = models.ForeignKey(
        Software, on_delete=models.PROTECT, related_name="installations",
        db_index=False, db_constraint=False,
    )  # fmt: skip
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="installations",
        db_index=False, db_constraint=False,
    )  # fmt: skip
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="installations",
        db_index=False, db_constraint=False,
        help_text="The last import that reported it.",
    )  # fmt: skip
    first_seen = models.DateField()
    last_seen = models.DateField()
    removed_on = models.DateField(
        null=True, blank=True, help_text="When the source stopped reporting it."
    )

    access = AccessRule(
        Policy(writers=ESTATE_MANAGERS, supplier_readers=SUPPLIER_READERS),
        department_field="device__department",
        supplier_field="device__supplier",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["device", "software"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint("device", "software", "source", name="estate_install_unique")
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["software", "removed_on"], name="estate_install_software")
        ]

    def __str__(self) -> str:
        return f"{self.software} on {self.device}"

    def get_absolute_url(self) -> str:
        return self.device.get_absolute_url()


class Mapping(Record):
    """A person's decision that a raw name (and publisher, and version when given) is a
    product and release cycle: made once, applied to every installation of it."""

    name = models.CharField(max_length=400)
    publisher = models.CharField(max_length=300, blank=True)
    version = models.CharField(
        max_length=200, blank=True, help_text="Leave empty to map every version of the name."
    )
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="mappings")
    cycle = models.ForeignKey(
        ReleaseCycle, on_delete=models.CASCADE, null=True, blank=True, related_name="mappings"
    )
    note = models.CharField(max_length=300, blank=True)

    access = REFERENCE_DATA

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "version"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint("name", "publisher", "version", name="estate_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version} → {self.cycle or self.product}".replace("  ", " ")

    def get_absolute_url(self) -> str:
        return reverse("estate:unmatched_list")


# --- business applications and supplier returns ------------------------------------------------


class Application(Record):
    """A business application: who owns it, how critical it is, where it is hosted, and the
    devices and software it runs on."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        "org.Person", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="applications_owned",
    )  # fmt: skip
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True,
        related_name="applications",
    )  # fmt: skip
    criticality = models.CharField(
        max_length=10, choices=Criticality.choices, default=Criticality.MEDIUM
    )
    hosting = models.CharField(max_length=20, choices=Hosting.choices, default=Hosting.ON_PREMISES)
    supplier = models.ForeignKey(
        "org.Supplier", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="applications",
    )  # fmt: skip
    devices = models.ManyToManyField(Device, blank=True, related_name="applications")
    software = models.ManyToManyField(Software, blank=True, related_name="applications")

    access = AccessRule(
        Policy(writers=ESTATE_WRITERS, supplier_readers=SUPPLIER_READERS),
        department_field="department",
        supplier_field="supplier",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("estate:application_detail", args=[self.pk])


class SupplierReturn(Record):
    """A return asked of an outsourced supplier: a workbook govdx made for them, due by a date,
    read back as an import batch."""

    supplier = models.ForeignKey(
        "org.Supplier", on_delete=models.PROTECT, related_name="estate_returns"
    )
    requested_on = models.DateField()
    due_on = models.DateField()
    received = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The import that read the return back.",
    )  # fmt: skip
    note = models.CharField(max_length=300, blank=True)

    access = AccessRule(
        Policy(writers=ESTATE_MANAGERS, supplier_readers=SUPPLIER_READERS),
        supplier_field="supplier",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-requested_on", "supplier__name"]

    def __str__(self) -> str:
        return f"{self.supplier} return due {self.due_on}"

    def get_absolute_url(self) -> str:
        return reverse("estate:return_list")


class EstateSettings(Record):
    """The estate's settings, one row: when a device counts as stale."""

    stale_after_days = models.PositiveIntegerField(
        default=90, help_text="A device no source has reported for this many days is stale."
    )

    access = AccessRule(Policy(writers=ESTATE_MANAGERS))

    def __str__(self) -> str:
        return "Estate settings"

    def get_absolute_url(self) -> str:
        return reverse("estate:home")


class EstateRisk(models.Model):
    """The technology risk `govdx estate sync-risks` keeps for an end-of-life release cycle:
    what the sync last wrote (so that it never overwrites what a person changed since) and the
    evidence it found."""

    cycle = models.OneToOneField(ReleaseCycle, on_delete=models.PROTECT, related_name="estate_risk")
    risk = models.OneToOneField("risk.Risk", on_delete=models.CASCADE, related_name="estate_risk")
    written = models.JSONField(default=dict, help_text="The values the last sync wrote.")
    evidence = models.JSONField(default=dict)
    synced_at = models.DateTimeField(auto_now=True)

    access = AccessRule(
        Policy(writers=ESTATE_MANAGERS, supplier_readers=SUPPLIER_READERS),
        department_field="risk__department",
        supplier_field="risk__supplier",
    )

    def __str__(self) -> str:
        return f"{self.risk.reference} for {self.cycle}"

    def get_absolute_url(self) -> str:
        return self.risk.get_absolute_url()
