"""Inventories into the estate, all or nothing, streamed so that a national body's million rows
never sit in memory at once.

`import_inventory` reads any format `govdx.domain.estate.formats` knows (CSV, XLSX, CycloneDX,
SPDX, osquery), reconciles every device with those already known (serial, then asset tag,
then host name without its domain) and records each installation with its source, batch and
dates. The decisions, so that a user can predict them:

- A file with any problem is refused whole: every problem is listed (row or element first),
  nothing in the estate changes, and the refused attempt is kept in the import history.
- A device's facts are the most recent observation's: a file observed before the device was
  last seen adds its account to the device's sources but does not change what the device
  shows. A blank fact never erases a known one.
- Each source keeps its own account of each device (`DeviceObservation`), so facts that
  conflict between sources stay visible with where they came from.
- The operating system is matched like software and counts as the device's; the device's
  operating supplier is the source's supplier, for sources that report a supplier's estate.
- An installation is one piece of software on one device as one source reports it. Seen
  again on a later date, it is updated (its last-seen date moves); seen again on the same date,
  unchanged. A snapshot (every format but an osquery differential log) that reports software
  for a device marks the software the same source reported there before, but not now, as
  removed on the observed date; a differential log's `removed` rows do the same one by one.
- Software is matched once per distinct (name, publisher, version); the match is stored with
  the rule that made it and shared by every installation of it.
- A department is named by its name or code, ignoring case; one the organisation does not
  have is a problem of its row.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from govdx.core.permissions import SYSTEM, Action, require
from govdx.domain.estate.formats import InventoryFormat, detect_format, read_inventory
from govdx.domain.estate.observations import Change, DeviceFacts, Observation, SoftwareFacts
from govdx.domain.estate.reconcile import DeviceIndex, DeviceKeys, facts_dict, merge_facts
from govdx.domain.tabular.problems import ImportProblems, Problem
from govdx.estate import selectors
from govdx.estate.choices import BatchOutcome, SoftwareRole, SourceKind
from govdx.estate.models import (
    Device,
    DeviceObservation,
    ImportBatch,
    Installation,
    Software,
    Source,
)
from govdx.org.models import Supplier

CHUNK_ROWS = 5_000
"""Observations handled together: one round of queries per chunk, whatever the file's size."""

MAX_PROBLEMS = 1_000

_REMEMBERED = 50_000

_SEEN, _ADDED, _REMOVED = 0, 1, 2  # how an installation's report changed it, as stored
"""Devices and pieces of software whose reported facts are remembered at once."""

DEVICE_FIELDS = (
    "hostname",
    "serial",
    "asset_tag",
    "kind",
    "manufacturer",
    "model",
    "os_name",
    "os_version",
    "location",
)


@dataclass
class EstateImportResult:
    """What an import did (or, refused, would have done): the `--json` contract."""

    rows: int = 0
    devices_created: int = 0
    devices_updated: int = 0
    installations_created: int = 0
    installations_updated: int = 0
    installations_unchanged: int = 0
    installations_removed: int = 0
    problems: list[Problem] = field(default_factory=list)
    batch: ImportBatch | None = None
    format: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "devices": {"created": self.devices_created, "updated": self.devices_updated},
            "installations": {
                "created": self.installations_created,
                "updated": self.installations_updated,
                "unchanged": self.installations_unchanged,
                "removed": self.installations_removed,
            },
            "problems": [str(problem) for problem in self.problems],
        }


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def import_inventory(
    source: Path | IO[bytes],
    *,
    source_name: str,
    fmt: str = InventoryFormat.AUTO,
    supplier_name: str | None = None,
    observed: datetime.date | None = None,
    user: Any = None,
    filename: str | None = None,
    dry_run: bool = False,
    today: datetime.date | None = None,
    hostname: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> EstateImportResult:
    """Import one inventory file from `source_name` (created when new, with its supplier).

    `hostname` names the device for a file that does not say which device it describes (an
    OBOM whose metadata names only the operating system, osqueryi output without system_info).
    `progress`, when given, is told the rows read so far after each chunk (for a progress bar).
    Raises ImportProblems, listing every problem, when the file cannot be imported; nothing is
    written then but the refused batch in the import history.
    """
    actor = user or SYSTEM
    require(actor, Action.ADD, ImportBatch)
    source_name = " ".join(source_name.split())
    if not source_name:
        raise ImportProblems([Problem(None, None, "Name the source the file comes from.")])
    name = filename or (source.name if isinstance(source, Path) else "upload")
    if isinstance(source, Path) and not source.is_file():
        raise ImportProblems([Problem(None, None, f"There is no file at {source}.")])
    binary = source.open("rb") if isinstance(source, Path) else source
    day = observed or today or datetime.date.today()  # noqa: DTZ011  # the caller's day
    digest = ""
    try:
        digest, head = _digest(binary)
        resolved = (
            InventoryFormat(fmt) if fmt != InventoryFormat.AUTO else detect_format(name, head)
        )
        result = EstateImportResult(format=resolved.value)
        try:
            with transaction.atomic():
                writer = _Writer(
                    actor=actor,
                    source_name=source_name,
                    supplier_name=supplier_name,
                    filename=name,
                    digest=digest,
                    fmt=resolved,
                    observed=day,
                    result=result,
                )
                observations = read_inventory(
                    binary, resolved, filename=name, observed=day, hostname=hostname
                )
                writer.write(observations, progress)
                if result.problems:
                    raise ImportProblems(result.problems)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            result.batch = None
    except ImportProblems as error:
        if not dry_run:
            _record_refusal(source_name, name, digest, fmt, day, actor, list(error.problems))
        raise
    finally:
        if isinstance(source, Path):
            binary.close()
    return result


def _digest(binary: IO[bytes]) -> tuple[str, bytes]:
    """The file's SHA-256 and its first bytes, read in blocks; leaves the file at its start."""
    start = binary.tell()
    digest = hashlib.sha256()
    head = b""
    while block := binary.read(1 << 20):
        if not head:
            head = block[:4096]
        digest.update(block)
    binary.seek(start)
    return digest.hexdigest(), head


def _record_refusal(
    source_name: str,
    filename: str,
    digest: str,
    fmt: str,
    observed: datetime.date,
    actor: Any,
    problems: list[Problem],
) -> None:
    """Keep a refused file in the import history, with every problem, outside the rolled-back
    transaction."""
    ImportBatch.objects.create(
        source=Source.objects.filter(name__iexact=source_name).first(),
        source_name=source_name,
        filename=filename,
        sha256=digest,
        format=fmt if fmt != InventoryFormat.AUTO else "",
        observed_on=observed,
        imported_by=actor if getattr(actor, "pk", None) else None,
        outcome=BatchOutcome.REFUSED,
        problems=[str(problem) for problem in problems[:MAX_PROBLEMS]],
    )


def _chunks(items: Iterable[Observation], size: int) -> Iterator[list[Observation]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


SoftwareKey = tuple[str, str, str, str]  # role, name, publisher, version


class _Writer:
    """Writes one file's observations, chunk by chunk, inside the caller's transaction."""

    def __init__(
        self,
        *,
        actor: Any,
        source_name: str,
        supplier_name: str | None,
        filename: str,
        digest: str,
        fmt: InventoryFormat,
        observed: datetime.date,
        result: EstateImportResult,
    ) -> None:
        self.observed = observed
        self.result = result
        self.actor = actor
        self.source = _source_for(source_name, supplier_name, fmt, actor)
        self.batch = ImportBatch.objects.create(
            source=self.source,
            source_name=self.source.name,
            filename=filename,
            sha256=digest,
            format=fmt.value,
            observed_on=observed,
            imported_by=actor if getattr(actor, "pk", None) else None,
            outcome=BatchOutcome.IMPORTED,
        )
        result.batch = self.batch
        self.index = DeviceIndex()
        for pk, serial, tag, host in Device.objects.values_list(
            "id", "serial_key", "asset_tag_key", "hostname_key"
        ).iterator(chunk_size=20_000):
            self.index.add(pk, DeviceKeys(serial, tag, host))
        self.departments = selectors.department_lookup()
        self.software: dict[SoftwareKey, int] = {}
        self.matcher = selectors.matcher()
        self.ids = selectors.LifecycleIds()
        self.described: dict[DeviceFacts, tuple[DeviceKeys, dict[str, str]]] = {}
        # Readers hand the rows of one device the same DeviceFacts (and of one piece of
        # software the same SoftwareFacts), so what was worked out for an object is found by
        # its identity first; each entry holds its object, so the id cannot be reused.
        self.described_object: dict[int, tuple[DeviceFacts, DeviceKeys, dict[str, str]]] = {}
        self.software_object: dict[int, tuple[SoftwareFacts, SoftwareKey]] = {}
        self.known_departments: set[str] = set()
        self.keys_of: dict[int, tuple[dict[str, str], DeviceKeys]] = {}  # by facts dict
        self.updated_devices: set[int] = set()
        self.swept_devices: set[int] = set()
        self.pair_codes = array("q")  # device << 32 | software, a row each
        self.pair_days = array("i")  # the day it was seen, as an ordinal
        self.pair_changes = array("b")  # _SEEN, _ADDED or _REMOVED
        self.reported: np.ndarray[Any, Any] = np.zeros(0, dtype=np.int64)
        self.created_devices: set[int] = set()
        self.differential = False

    # --- the whole file ------------------------------------------------------------------------

    def write(
        self, observations: Iterable[Observation], progress: Callable[[int], None] | None = None
    ) -> None:
        analysed_at = CHUNK_ROWS
        for chunk in _chunks(observations, CHUNK_ROWS):
            self.result.rows += len(chunk)
            good = self._without_problems(chunk)
            if not self.result.problems:
                self._write_chunk(good)
                if self.result.rows >= analysed_at:  # at 5,000 rows, 20,000, 80,000...
                    _analyse()
                    analysed_at *= 4
            if progress is not None:
                progress(self.result.rows)
        if self.result.problems:
            return
        self._settle_installations()
        if not self.differential:
            self._sweep_removed()
        self._receive_return()
        self.result.devices_updated = len(self.updated_devices)
        self.batch.rows = self.result.rows
        self.batch.counts = self.result.as_dict() | {"rows": self.result.rows}
        del self.batch.counts["problems"]
        self.batch.save(update_fields=["rows", "counts"])

    def _described(self, facts: DeviceFacts) -> tuple[DeviceKeys, dict[str, str]]:
        """The keys and facts of a device as reported, worked out once for the rows that
        repeat them (every installation row of a device does)."""
        entry = self.described_object.get(id(facts))
        if entry is not None and entry[0] is facts:
            return entry[1], entry[2]
        found = self.described.get(facts)
        if found is None:
            if len(self.described) > _REMEMBERED:
                self.described.clear()
            found = self.described[facts] = (DeviceKeys.of(facts), facts_dict(facts))
            if len(self.keys_of) > _REMEMBERED:
                self.keys_of.clear()
            self.keys_of[id(found[1])] = (found[1], found[0])
        if len(self.described_object) > _REMEMBERED:
            self.described_object.clear()
        self.described_object[id(facts)] = (facts, *found)
        return found

    def _without_problems(self, chunk: list[Observation]) -> list[Observation]:
        """The chunk's observations with no problem, the others' problems kept in the result.
        The next row of a device already found sound needs no checking again."""
        good: list[Observation] = []
        sound: DeviceFacts | None = None
        for obs in chunk:
            if obs.device is sound and not obs.problems:
                good.append(obs)
            elif not self._problems_of(obs):
                good.append(obs)
                sound = obs.device
        return good

    def _problems_of(self, obs: Observation) -> bool:
        problems = list(obs.problems)
        if not problems and self._described(obs.device)[0].empty:
            problems.append(
                _placed(obs, "no host name, serial number or asset tag says which device this is")
            )
        department = obs.device.department
        if department and department not in self.known_departments:
            if department.strip().lower() in self.departments:
                self.known_departments.add(department)
            else:
                problems.append(
                    _placed(
                        obs,
                        f"there is no department “{department}”: add it under "
                        "Organisation, or use the name or code of one that exists",
                    )
                )
        room = MAX_PROBLEMS - len(self.result.problems)
        if room > 0:
            self.result.problems.extend(problems[:room])
        return bool(problems)

    def _receive_return(self) -> None:
        """A file from a supplier's source answers the oldest return still asked of it."""
        from govdx.core.services import record_update
        from govdx.estate.models import SupplierReturn

        if self.source.supplier_id is None:
            return
        asked = (
            SupplierReturn.objects.filter(
                supplier_id=self.source.supplier_id, received__isnull=True
            )
            .order_by("requested_on", "pk")
            .first()
        )
        if asked is not None:
            record_update(
                instance=asked,
                data={"received": self.batch},
                user=self.actor,
                expected_version=None,
                reason=f"returned as {self.batch.filename}",
            )

    # --- one chunk -----------------------------------------------------------------------------

    def _write_chunk(self, chunk: list[Observation]) -> None:
        if not chunk:
            return
        device_of = self._devices_for(chunk)
        software_of = self._ensure_software(chunk)
        self._write_installations(chunk, device_of, software_of)

    def _devices_for(self, chunk: list[Observation]) -> list[int]:
        """Each observation's device id, creating new devices and updating known ones."""
        pending = DeviceIndex()
        new_facts: dict[int, dict[str, str]] = {}
        new_seen: dict[int, datetime.date] = {}
        known_facts: dict[int, tuple[datetime.date, dict[str, str]]] = {}
        ids: list[int] = []
        last: DeviceFacts | None = None
        for obs in chunk:
            if obs.device is last:  # the next row of the same device: nothing new to learn
                ids.append(ids[-1])
                continue
            last = obs.device
            keys, facts = self._described(obs.device)
            seen = obs.device.last_seen or self.observed
            device = self.index.find(keys)
            if device is None:
                temporary = pending.find(keys)
                if temporary is None:
                    temporary = -(len(new_facts) + 1)
                    new_facts[temporary], new_seen[temporary] = facts, seen
                    pending.add(temporary, keys)
                elif new_facts[temporary] is not facts:
                    pending.add(temporary, keys)
                    new_facts[temporary] = merge_facts(new_facts[temporary], facts)
                    new_seen[temporary] = max(new_seen[temporary], seen)
                ids.append(temporary)
                continue
            previous = known_facts.get(device)
            if previous is None:
                known_facts[device] = (seen, facts)
            elif seen >= previous[0] and previous[1] is not facts:
                known_facts[device] = (seen, merge_facts(previous[1], facts))
            ids.append(device)
        real = self._create_devices(new_facts, new_seen, pending)
        self._update_devices(known_facts)
        self._observe(known_facts, {real[t]: (new_seen[t], f) for t, f in new_facts.items()})
        return [real.get(pk, pk) for pk in ids]

    def _device_values(self, facts: dict[str, str]) -> dict[str, Any]:
        values: dict[str, Any] = {name: facts.get(name, "") for name in DEVICE_FIELDS}
        entry = self.keys_of.get(id(facts))
        if entry is not None and entry[0] is facts:
            keys = entry[1]
        else:  # facts merged from several rows
            keys = DeviceKeys.of(
                DeviceFacts(
                    hostname=facts.get("hostname"),
                    serial=facts.get("serial"),
                    asset_tag=facts.get("asset_tag"),
                )
            )
        values["serial_key"] = keys.serial
        values["asset_tag_key"] = keys.asset_tag
        values["hostname_key"] = keys.hostname
        if facts.get("department"):
            values["department_id"] = self.departments[facts["department"].strip().lower()]
        if self.source.supplier_id is not None:
            values["supplier_id"] = self.source.supplier_id
        if os_name := facts.get("os_name"):
            key = (SoftwareRole.OPERATING_SYSTEM.value, os_name, "", facts.get("os_version", ""))
            values["os_software_id"] = self.software.get(key) or self._software_id(
                key, SoftwareFacts(name=os_name, version=facts.get("os_version"))
            )
        return values

    def _create_devices(
        self,
        new_facts: dict[int, dict[str, str]],
        new_seen: dict[int, datetime.date],
        pending: DeviceIndex,
    ) -> dict[int, int]:
        if not new_facts:
            return {}
        now = timezone.now()
        rows = []
        named = DEVICE_INSERT_COLUMNS[:-3]
        for temporary, facts in new_facts.items():
            values = self._device_values(facts)
            values["identifier"] = _identifier(facts)
            values["first_seen"] = values["last_seen"] = new_seen[temporary]
            rows.append((*[values.get(name, DEVICE_DEFAULTS.get(name)) for name in named], now,
                         now, 1))  # fmt: skip
        ids = _insert_returning_ids(Device, DEVICE_INSERT_COLUMNS, rows)
        real: dict[int, int] = {}
        key_at = [
            DEVICE_INSERT_COLUMNS.index(k) for k in ("serial_key", "asset_tag_key", "hostname_key")
        ]
        for temporary, pk, row in zip(new_facts, ids, rows, strict=True):
            real[temporary] = pk
            self.created_devices.add(pk)
            self.index.add(pk, DeviceKeys(*(row[at] for at in key_at)))
        self._record_history(ids, "+")
        self.result.devices_created += len(ids)
        return real

    def _record_history(self, devices: list[int], kind: str) -> None:
        """Each device's history row for what this import did to it (created "+", changed
        "~"), as simple_history writes for a person's change, with the file as the reason.
        Copied by the database from the device rows just written, since an import changes
        thousands of devices at once."""
        if not devices:
            return
        quote = connection.ops.quote_name
        copied = ", ".join(quote(f.column) for f in Device._meta.concrete_fields)
        history = quote(Device.history.model._meta.db_table)
        when = connection.ops.adapt_datetimefield_value(timezone.now())
        reason = f"imported from {self.batch.filename}"[:100]
        user = self.batch.imported_by_id
        postgres = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            for start in range(0, len(devices), 5_000):
                part = devices[start : start + 5_000]
                # One array parameter on PostgreSQL; SQLite takes the ids one by one.
                ids = "= ANY(%s)" if postgres else f"IN ({', '.join(['%s'] * len(part))})"
                cursor.execute(
                    f"INSERT INTO {history} ({copied}, history_date, history_change_reason, "  # noqa: S608  # our own tables and columns
                    f"history_type, history_user_id) SELECT {copied}, %s, %s, %s, %s "
                    f"FROM {quote(Device._meta.db_table)} WHERE id {ids}",
                    [when, reason, kind, user, *([part] if postgres else part)],
                )

    def _update_devices(self, known: dict[int, tuple[datetime.date, dict[str, str]]]) -> None:
        if not known:
            return
        columns = (
            *DEVICE_FIELDS,
            "serial_key",
            "asset_tag_key",
            "hostname_key",
            "department_id",
            "supplier_id",
            "os_software_id",
            "last_seen",
            "identifier",
        )
        changed: list[Device] = []
        for device in Device.objects.filter(pk__in=list(known)).only(*columns):
            seen, facts = known[device.pk]
            values: dict[str, Any] = {}
            if device.last_seen is None or seen >= device.last_seen:
                current = {name: getattr(device, name) for name in DEVICE_FIELDS}
                merged = merge_facts({k: str(v) for k, v in current.items() if v}, facts)
                values = self._device_values(merged)
                values["identifier"] = _identifier(merged)
                values["last_seen"] = seen
            dirty = [name for name, value in values.items() if getattr(device, name) != value]
            if dirty:
                for name in dirty:
                    setattr(device, name, values[name])
                changed.append(device)
        if changed:
            fields = sorted(set(columns))
            Device.objects.bulk_update(changed, fields, batch_size=1000)
            self.updated_devices.update(device.pk for device in changed)
            self._record_history([device.pk for device in changed], "~")

    def _observe(
        self,
        known: dict[int, tuple[datetime.date, dict[str, str]]],
        created: dict[int, tuple[datetime.date, dict[str, str]]],
    ) -> None:
        """Keep this source's own account of each device it reported."""
        accounts = {**known, **created}
        existing = {
            o.device_id: o
            for o in DeviceObservation.objects.filter(
                source=self.source, device_id__in=list(known)
            ).only("id", "device_id", "facts", "observed_on", "batch_id")
        }
        new: list[tuple[Any, ...]] = []
        changed = []
        source, batch = self.source.pk, self.batch.pk
        for device, (seen, facts) in accounts.items():
            observation = existing.get(device)
            if observation is None:
                new.append((device, source, batch, seen, json.dumps(facts)))
            elif seen >= observation.observed_on and (
                observation.facts != facts or observation.observed_on != seen
            ):
                observation.facts, observation.observed_on = facts, seen
                observation.batch = self.batch
                changed.append(observation)
        _insert_returning_ids(DeviceObservation, OBSERVATION_COLUMNS, new)
        DeviceObservation.objects.bulk_update(
            changed, ["facts", "observed_on", "batch"], batch_size=1000
        )

    # --- software and installations ------------------------------------------------------------

    def _ensure_software(self, chunk: list[Observation]) -> list[int | None]:
        """Each observation's software id (None for a device-only row), creating and matching
        the software not seen before."""
        keys: list[SoftwareKey | None] = []
        wanted: dict[SoftwareKey, SoftwareFacts] = {}
        remembered = self.software_object
        for obs in chunk:
            piece = obs.software
            if piece is None:
                keys.append(None)
                continue
            entry = remembered.get(id(piece))
            if entry is None or entry[0] is not piece:
                if len(remembered) > _REMEMBERED:
                    remembered.clear()
                entry = remembered[id(piece)] = (piece, _software_key(piece))
            key = entry[1]
            keys.append(key)
            if key not in self.software:
                wanted.setdefault(key, obs.software)
        if wanted:
            for pk, role, name, publisher, version in Software.objects.filter(
                name__in=list({key[1] for key in wanted})
            ).values_list("id", "role", "name", "publisher", "version"):
                self.software[(role, name, publisher, version)] = pk
            missing = [(key, facts) for key, facts in wanted.items() if key not in self.software]
            created = Software.objects.bulk_create(
                [self._new_software(key, facts) for key, facts in missing], batch_size=1000
            )
            for (key, _), software in zip(missing, created, strict=True):
                self.software[key] = software.pk
        known = self.software
        return [None if key is None else known[key] for key in keys]

    def _software_id(self, key: SoftwareKey, facts: SoftwareFacts) -> int:
        """The id of one software row, created (and matched) when new: for operating systems,
        which arrive one device at a time."""
        pk = self.software.get(key)
        if pk is None:
            software = Software.objects.filter(
                role=key[0], name=key[1], publisher=key[2], version=key[3]
            ).first() or self._new_software(key, facts)
            if software.pk is None:
                software.save()
            pk = self.software[key] = software.pk
        return pk

    def _new_software(self, key: SoftwareKey, facts: SoftwareFacts) -> Software:
        role = key[0]
        software = Software(
            role=role,
            name=key[1],
            publisher=key[2],
            version=key[3],
            purl=facts.purl or "",
            cpe=facts.cpe or "",
        )
        selectors.apply_match(software, self.matcher.match(facts, role=_match_role(role)), self.ids)
        return software

    def _write_installations(
        self, chunk: list[Observation], device_of: list[int], software_of: list[int | None]
    ) -> None:
        """Note each installation the chunk reports, as an 8-byte code of its device and
        software, its day and how it changed: they are written once the whole file is read
        (`_settle_installations`), by one comparison with what the source reported before."""
        codes, days, changes = self.pair_codes, self.pair_days, self.pair_changes
        observed, snapshot, added = self.observed, Change.SEEN, Change.ADDED
        swept = self.swept_devices
        facts: DeviceFacts | None = None
        ordinal = 0
        for obs, device, software in zip(chunk, device_of, software_of, strict=True):
            if software is None:
                continue
            if obs.device is not facts:
                facts = obs.device
                ordinal = (facts.last_seen or observed).toordinal()
            change = obs.change
            if change is snapshot:
                swept.add(device)
                changes.append(_SEEN)
            else:
                self.differential = True
                changes.append(_ADDED if change is added else _REMOVED)
            codes.append((device << 32) | software)
            days.append(ordinal)

    def _settle_installations(self) -> None:
        """Write what the file reported: each installation's latest report (the latest day;
        on one day, the last in the file) against this source's installations before it.
        New ones are inserted, those seen later or back again updated, those a differential
        log says went marked removed, and the rest left untouched (counted unchanged)."""
        if not self.pair_codes:
            return
        codes = np.frombuffer(self.pair_codes, dtype=np.int64)
        days = np.frombuffer(self.pair_days, dtype=np.int32)
        changes = np.frombuffer(self.pair_changes, dtype=np.int8)
        order = np.lexsort((np.arange(len(codes)), days, codes))
        codes, days, changes = codes[order], days[order], changes[order]
        latest = np.ones(len(codes), dtype=bool)
        latest[:-1] = codes[1:] != codes[:-1]
        codes, days, changes = codes[latest], days[latest], changes[latest]
        self.reported = codes  # sorted, each once: what the sweep keeps
        before = self._installed_before(codes)
        at = np.minimum(np.searchsorted(before[:, 0], codes), max(len(before) - 1, 0))
        known = (before[at, 0] == codes) if len(before) else np.zeros(len(codes), dtype=bool)
        fresh = ~known & (changes != _REMOVED)  # removed before govdx knew of it: nothing
        self._insert_new(codes[fresh], days[fresh])
        self.result.installations_created += int(fresh.sum())
        pk, last_seen, removed_on = before[at[known], 1], before[at[known], 2], before[at[known], 3]
        day, change = days[known], changes[known]
        gone = change == _REMOVED
        removing = gone & (removed_on == 0)
        back = ~gone & ((removed_on != 0) | (day > last_seen))
        self.result.installations_removed += int(removing.sum())
        self.result.installations_updated += int(back.sum())
        self.result.installations_unchanged += int((~gone & ~back).sum())
        # One update per (last seen, removed on) pair of days: gone ones keep their last-seen
        # day and are removed on the day reported; those back or seen later are current.
        updates: dict[tuple[int, int], list[int]] = defaultdict(list)
        settled = np.where(removing, last_seen, np.maximum(day, last_seen))
        removed_day = np.where(removing, day, 0)
        changing = removing | back
        for row, seen, removed in zip(
            pk[changing].tolist(),
            settled[changing].tolist(),
            removed_day[changing].tolist(),
            strict=True,
        ):
            updates[(seen, removed)].append(row)
        for (seen, removed), rows in updates.items():
            for start in range(0, len(rows), 5_000):
                Installation.objects.filter(pk__in=rows[start : start + 5_000]).update(
                    last_seen=datetime.date.fromordinal(seen),
                    removed_on=datetime.date.fromordinal(removed) if removed else None,
                    batch=self.batch,
                )

    def _installed_before(self, codes: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """This source's installations on the devices reported that it knew before this
        import, as rows of (code, id, last seen, removed on; days as ordinals, 0 for none),
        sorted by code."""
        devices = sorted(set(np.unique(codes >> 32).tolist()) - self.created_devices)
        found: list[tuple[int, int, int, int]] = []
        for start in range(0, len(devices), 5_000):
            found.extend(
                ((device << 32) | software, pk, seen.toordinal(),
                 removed.toordinal() if removed else 0)
                for pk, device, software, seen, removed in Installation.objects.filter(
                    source=self.source, device_id__in=devices[start : start + 5_000]
                ).values_list("id", "device_id", "software_id", "last_seen", "removed_on")
            )  # fmt: skip
        rows = np.array(found, dtype=np.int64).reshape(-1, 4)
        return rows[np.argsort(rows[:, 0], kind="stable")]

    def _insert_new(self, codes: np.ndarray[Any, Any], days: np.ndarray[Any, Any]) -> None:
        source, batch = self.source.pk, self.batch.pk
        dates = {int(o): datetime.date.fromordinal(int(o)) for o in np.unique(days).tolist()}
        for start in range(0, len(codes), 100_000):
            part = codes[start : start + 100_000]
            _insert_installations(
                [
                    (device, software, source, batch, dates[day], dates[day])
                    for device, software, day in zip(
                        (part >> 32).tolist(),
                        (part & 0xFFFFFFFF).tolist(),
                        days[start : start + 100_000].tolist(),
                        strict=True,
                    )
                ]
            )

    def _sweep_removed(self) -> None:
        """Software this source reported before on a device it now reported in full, but not
        this time, has gone. What this file reported is kept as one 8-byte code a pair, so
        that unchanged installations need no write at all."""
        devices = sorted(self.swept_devices - self.created_devices)  # new ones had nothing
        if not devices:
            return
        seen = self.reported
        for start in range(0, len(devices), 5_000):
            rows = np.array(
                Installation.objects.filter(
                    source=self.source,
                    device_id__in=devices[start : start + 5_000],
                    removed_on__isnull=True,
                ).values_list("id", "device_id", "software_id"),
                dtype=np.int64,
            ).reshape(-1, 3)
            if not len(rows):
                continue
            codes = (rows[:, 1] << 32) | rows[:, 2]
            # Found in the sorted codes by binary search, which costs less than np.isin's
            # sort of both arrays for each block of devices.
            at = np.minimum(np.searchsorted(seen, codes), max(len(seen) - 1, 0))
            reported = seen[at] == codes if len(seen) else np.zeros(len(codes), dtype=bool)
            gone = rows[~reported, 0].tolist()
            for part in range(0, len(gone), 5_000):
                self.result.installations_removed += Installation.objects.filter(
                    pk__in=gone[part : part + 5_000]
                ).update(removed_on=self.observed, batch=self.batch)


DEVICE_INSERT_COLUMNS = (
    "identifier",
    "hostname",
    "hostname_key",
    "serial",
    "serial_key",
    "asset_tag",
    "asset_tag_key",
    "kind",
    "manufacturer",
    "model",
    "os_name",
    "os_version",
    "os_software_id",
    "location",
    "department_id",
    "supplier_id",
    "first_seen",
    "last_seen",
    "created_at",
    "updated_at",
    "version",
)
OBSERVATION_COLUMNS = ("device_id", "source_id", "batch_id", "observed_on", "facts")
DEVICE_DEFAULTS: dict[str, Any] = dict.fromkeys(
    (
        "hostname",
        "hostname_key",
        "serial",
        "serial_key",
        "asset_tag",
        "asset_tag_key",
        "kind",
        "manufacturer",
        "model",
        "os_name",
        "os_version",
        "location",
    ),
    "",
)


def _analyse() -> None:
    """Let PostgreSQL's planner see how the estate's tables have grown inside this import's
    transaction: planned for empty tables, its look-ups per chunk would scan them whole."""
    if connection.vendor != "postgresql":
        return
    tables = (Device, DeviceObservation, Installation, Software)
    names = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {names}")


def _insert_returning_ids(
    model: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> list[int]:
    """Insert plain rows and return their ids in order (RETURNING, on SQLite 3.35+ and
    PostgreSQL), without building a model object for each."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(name) for name in columns)
    if connection.vendor == "postgresql" and rows:
        return _copy_with_ids(model, table, names, rows)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = max(1, 10_000 // len(columns))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(batch))} "  # noqa: S608  # our own table and columns
                "RETURNING id",
                [value for row in batch for value in row],
            )
            ids.extend(row[0] for row in cursor.fetchall())
    return ids


def _copy_with_ids(model: Any, table: str, names: str, rows: list[tuple[Any, ...]]) -> list[int]:
    """On PostgreSQL: take the ids from the table's own sequence, then COPY the rows with them,
    which costs a tenth of an INSERT ... RETURNING of the same rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, len(rows)],
        )
        ids = [int(row[0]) for row in cursor.fetchall()]
    _copy(table, f"id, {names}", ((pk, *row) for pk, row in zip(ids, rows, strict=True)))
    return ids


def _copy(table: str, names: str, rows: Iterable[tuple[Any, ...]]) -> None:
    """COPY rows into a PostgreSQL table through the driver, in the open transaction."""
    connection.ensure_connection()
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _insert_installations(
    rows: list[tuple[int, int, int, int, datetime.date, datetime.date]],
) -> None:
    """Insert new installations as plain rows, by COPY on PostgreSQL and the driver's own
    executemany on SQLite: the ORM's per-object work costs more than the database's for the
    millions of rows a national inventory holds."""
    if not rows:
        return
    table = connection.ops.quote_name(Installation._meta.db_table)
    columns = "device_id, software_id, source_id, batch_id, first_seen, last_seen"
    # Days as the ISO text both databases read, each written once: a driver's own date
    # adapter is a Python call per value, which costs more than the insert.
    days = {day: day.isoformat() for day in {row[4] for row in rows} | {row[5] for row in rows}}
    if connection.vendor == "postgresql":
        # COPY's text format, written here for rows of whole numbers and days (nothing to
        # escape): a third of the time the driver takes to write the same rows one by one.
        connection.ensure_connection()
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for start in range(0, len(rows), 10_000):
                copy.write(
                    "".join(
                        [
                            f"{device}\t{software}\t{source}\t{batch}\t{days[first]}\t{days[last]}\n"
                            for device, software, source, batch, first, last in rows[
                                start : start + 10_000
                            ]
                        ]
                    )
                )
        return
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    text = [
        (device, software, source, batch, days[first], days[last])
        for device, software, source, batch, first, last in rows
    ]
    try:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (?, ?, ?, ?, ?, ?)", text)  # noqa: S608  # our own table
    finally:
        cursor.close()


def _placed(obs: Observation, message: str) -> Problem:
    """A problem of the importer's own, placed where the reader placed the observation."""
    number = obs.place.removeprefix("row ")
    if number.isdigit():
        return Problem(int(number), None, message)
    return Problem(None, None, message, element=obs.place)


def _identifier(facts: dict[str, str]) -> str:
    return facts.get("hostname") or facts.get("serial") or facts.get("asset_tag") or "unknown"


def _software_key(facts: SoftwareFacts) -> SoftwareKey:
    return (
        SoftwareRole.SOFTWARE.value,
        facts.name.strip(),
        (facts.publisher or "").strip(),
        (facts.version or "").strip(),
    )


def _match_role(role: str) -> str:
    return "os" if role == SoftwareRole.OPERATING_SYSTEM else "software"


def _source_for(name: str, supplier_name: str | None, fmt: InventoryFormat, actor: Any) -> Source:
    """The source called `name` (any case), created when new; with `supplier_name`, the supplier
    (created when new) is the source's."""
    from govdx.core.services import record_create, record_update

    supplier = None
    if supplier_name:
        supplier_name = " ".join(supplier_name.split())
        supplier = Supplier.objects.filter(name__iexact=supplier_name).first()
        if supplier is None:
            supplier = record_create(
                model=Supplier,
                data={"name": supplier_name},
                user=actor,
                reason="named by an estate import",
            )
    source = Source.objects.filter(name__iexact=name).first()
    if source is None:
        kind = {
            InventoryFormat.CYCLONEDX: SourceKind.SBOM,
            InventoryFormat.SPDX: SourceKind.SBOM,
            InventoryFormat.OSQUERY: SourceKind.AGENT,
        }.get(fmt, SourceKind.SUPPLIER_RETURN if supplier else SourceKind.SPREADSHEET)
        return record_create(
            model=Source,
            data={"name": name, "kind": kind, "supplier": supplier},
            user=actor,
            reason="named by an estate import",
        )
    if supplier is not None and source.supplier_id != supplier.pk:
        if source.supplier_id is not None:
            raise ImportProblems(
                [
                    Problem(
                        None,
                        None,
                        f"The source “{source.name}” reports "
                        f"{source.supplier}'s estate, not {supplier}'s: name another "
                        "source.",
                    )
                ]
            )
        source = record_update(
            instance=source,
            data={"supplier": supplier},
            user=actor,
            expected_version=None,
            reason="named by an estate import",
        )
    return source


# --- supplier returns ----------------------------------------------------------------------------

RETURN_HEADINGS = (
    "Device Name",
    "Serial Number",
    "Asset Tag",
    "Device Type",
    "Manufacturer",
    "Model",
    "Operating System",
    "OS Version",
    "Location",
    "Department",
    "Software",
    "Publisher",
    "Version",
    "Last Seen",
)
RETURN_DUE_DAYS = 30


def supplier_return_template(
    *,
    supplier_name: str,
    path: Path,
    user: Any = None,
    today: datetime.date | None = None,
    due_in_days: int = RETURN_DUE_DAYS,
) -> Any:
    """Write the workbook a supplier fills in to return the estate it runs for the
    organisation, prefilled with what govdx knows of it, and record the return as asked for.

    govdx sends it nowhere: the supplier manager sends it, and imports what comes back with
    `govdx estate import FILE --source NAME --supplier NAME`, which marks the return received.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from govdx.core.services import record_create
    from govdx.estate.models import SupplierReturn
    from govdx.org.models import Organisation

    actor = user or SYSTEM
    require(actor, Action.ADD, SupplierReturn)
    supplier = Supplier.objects.filter(name__iexact=" ".join(supplier_name.split())).first()
    if supplier is None:
        names = ", ".join(Supplier.objects.order_by("name").values_list("name", flat=True)[:10])
        raise ImportProblems(
            [
                Problem(
                    None,
                    None,
                    f"There is no supplier “{supplier_name}”. Suppliers: {names or 'none yet'}.",
                )
            ]
        )
    if due_in_days < 1:
        raise ImportProblems([Problem(None, None, "A return must be due at least a day later.")])
    today = today or datetime.date.today()  # noqa: DTZ011  # the caller passes the local day
    due = today + datetime.timedelta(days=due_in_days)
    organisation = Organisation.objects.first()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Estate return"
    sheet.append([f"{supplier.name}: estate return for {organisation or 'the organisation'}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [
            f"Asked for on {today:%d/%m/%Y}; please return by {due:%d/%m/%Y}. One row per "
            "piece of software on each device you run for us (a device with none: one row, "
            "Software left empty). Correct what is wrong, add what is missing, delete rows "
            "for what is gone."
        ]
    )
    sheet.append(list(RETURN_HEADINGS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    rows = 0
    devices = (
        Device.objects.filter(supplier=supplier)
        .select_related("department")
        .prefetch_related("installations__software")
        .order_by("identifier")
    )
    for device in devices:
        base = [
            device.hostname or device.identifier,
            device.serial,
            device.asset_tag,
            device.get_kind_display() if device.kind else "",
            device.manufacturer,
            device.model,
            device.os_name,
            device.os_version,
            device.location,
            device.department.name if device.department else "",
        ]
        installed = sorted(
            {
                (i.software.name, i.software.publisher, i.software.version)
                for i in device.installations.all()
                if i.removed_on is None
            }
        )
        for name, publisher, version in installed or [("", "", "")]:
            seen = device.last_seen.strftime("%d/%m/%Y") if device.last_seen else ""
            sheet.append([*base, name, publisher, version, seen])
            rows += 1
    for index, heading in enumerate(RETURN_HEADINGS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(heading) + 4)
    sheet.freeze_panes = "A4"
    guidance = workbook.create_sheet("Guidance")
    for line in (
        ["Column", "What to write"],
        ["Device Name", "The host name, with or without its domain."],
        ["Serial Number", "The manufacturer's serial number; it identifies the device best."],
        ["Asset Tag", "Our asset tag, where the device carries one."],
        [
            "Device Type",
            "Server, desktop, laptop, mobile, network, storage, hypervisor, "
            "virtual machine or cloud instance.",
        ],
        [
            "Operating System",
            "As the device reports it, e.g. Microsoft Windows Server 2019 "
            "Standard; OS Version with its build, e.g. 10.0.17763.",
        ],
        [
            "Software, Publisher, Version",
            "As the device reports them (Programs and Features, dpkg, rpm): do not tidy the names.",
        ],
        ["Last Seen", "The day the device was last inventoried, as dd/mm/yyyy."],
    ):
        guidance.append(line)
    guidance.column_dimensions["A"].width = 30
    guidance.column_dimensions["B"].width = 90
    with transaction.atomic():
        record = record_create(
            model=SupplierReturn,
            data={
                "supplier": supplier,
                "requested_on": today,
                "due_on": due,
                "note": f"{rows} rows prefilled",
            },
            user=actor,
            reason="supplier return template written",
        )
        workbook.save(path)
    return record
