"""Curated rules for matching raw inventory names to endoflife.date products and cycles.

Method: each rule is a regular expression that must match the *whole* normalised name (case
ignored, trademark signs dropped, spaces collapsed), so that "Update for Microsoft Office 2016
(KB4484103)", "Microsoft SQL Server 2014 Management Objects" or "Microsoft Visual C++
2015-2022 Redistributable" never pass for the product itself: the words allowed beside a
product's name are listed (editions, architectures, locales), never guessed. A rule may also
ask that the publisher, where the inventory gives one, names the vendor. It then works out the
release cycle from the version, the build or the words of the name; `Matcher` keeps that cycle
only when the product's data has it.

Sources for the curated facts:

- Windows 10 and 11 builds to releases (10240 is 1507 ... 19045 is 22H2; 22000 is 11 21H2 ...
  26200 is 11 25H2) and the editions' servicing: Microsoft's "Windows 10 release information"
  and "Windows 11 release information", and the endoflife.date `windows` page, whose cycles end
  in `-e` (Enterprise, Education, IoT Enterprise), `-w` (Home, Pro, Pro Education, Pro for
  Workstations), `-e-lts` / `-iot-lts` (LTSB/LTSC) or nothing (one date for every edition).
- Windows Server releases and builds (14393 is 2016, 17763 is 2019 and version 1809, 20348 is
  2022, 26100 is 2025; the Semi-Annual Channel builds): Microsoft's "Windows Server release
  information".
- SQL Server builds of each release and service pack (RTM, SP1 ...): Microsoft's "Determine the
  version, edition, and update level of SQL Server" and its per-release build lists (KB321185).
  The database engine only: Management Objects, Native Client, LocalDB, setup files and other
  client or shared components are not the database and are left unmatched.
- Java: Oracle's JRE ("Java 8 Update 351") and JDK ("Java SE Development Kit 17.0.6") names
  are Oracle JDK (endoflife.date `oracle-jdk`, which lists the JRE and Java SE CPEs); the
  "1.8.0" style is read as 8.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from govdx.domain.estate.lifecycle import Product


class SoftwareRole(StrEnum):
    """What a name being matched stands for: an installed program, a device's operating system
    (its OS name and version), or the hypervisor a host runs."""

    SOFTWARE = "software"
    OS = "os"
    HYPERVISOR = "hypervisor"


@dataclass(frozen=True)
class Choice:
    """The release cycle a rule worked out (None when it could not) and why, for the screen."""

    cycle: str | None
    note: str = ""


CycleFinder = Callable[[re.Match[str], str | None, Product], Choice]
"""(the name's match, the reported version, the product) -> the release cycle."""


@dataclass(frozen=True)
class Rule:
    """One curated rule: `pattern` must match the whole normalised name; `publisher`, when
    set, must be found in the publisher if the inventory gives one; `cycle` works out the
    release cycle. `key` and `summary` are shown on screen as `describe`."""

    key: str
    summary: str
    product: str
    pattern: re.Pattern[str]
    cycle: CycleFinder
    roles: frozenset[SoftwareRole]
    publisher: re.Pattern[str] | None = None

    @property
    def describe(self) -> str:
        return f"rule {self.key}: {self.summary}"


# Names -----------------------------------------------------------------------------------

_MARKS = re.compile(r"\((?:tm|r|c)\)|[\u2122\u00ae\u00a9]", re.IGNORECASE)


def normalise_name(name: str) -> str:
    """The name as rules read it: trademark signs dropped, runs of spaces made one."""
    return " ".join(_MARKS.sub(" ", name).split())


# Versions --------------------------------------------------------------------------------

_LEADING_NUMBERS = re.compile(r"\d+(?:\.\d+)*")

JAVA_PRODUCTS = frozenset(
    {
        "oracle-jdk",
        "openjdk-builds-from-oracle",
        "eclipse-temurin",
        "amazon-corretto",
        "azul-zulu",
        "microsoft-build-of-openjdk",
        "redhat-build-of-openjdk",
        "bellsoft-liberica",
        "sapmachine",
        "ibm-semeru-runtime",
        "alibaba-dragonwell",
    }
)
"""Products whose versions may come in the "1.8.0_351" style, read as 8.0.351."""


def version_numbers(text: str | None) -> tuple[int, ...]:
    """The leading dotted numbers of a version: "1:2.4.37-1ubuntu1" gives (2, 4, 37), "v18.1"
    (18, 1), "8u362-b09" (8,), "17.0.6+10" (17, 0, 6); () when it starts with no number."""
    if not text:
        return ()
    text = text.strip()
    text = re.sub(r"^\d+:", "", text)  # a Debian or RPM epoch
    text = re.sub(r"^[vV](?=\d)", "", text)
    found = _LEADING_NUMBERS.match(text)
    return tuple(int(part) for part in found.group().split(".")) if found else ()


def cycle_by_prefix(version: str | None, product: Product) -> str | None:
    """The product's cycle whose name is the longest dotted prefix of `version`, compared
    number by number: 3.8.10 gives python "3.8", 17.0.6 oracle-jdk "17", 6.7.0 esxi "6.7",
    2.12.4 log4j "2.12" (not "2"). Cycle names that are not dotted numbers never match."""
    numbers = version_numbers(version)
    if product.slug in JAVA_PRODUCTS and len(numbers) > 1 and numbers[0] == 1 and numbers[1] >= 5:
        numbers = numbers[1:]
    best: str | None = None
    best_length = 0
    for name in product.cycle_names:
        parts = name.split(".")
        if not all(part.isdigit() for part in parts) or len(parts) > len(numbers):
            continue
        if tuple(int(part) for part in parts) == numbers[: len(parts)] and len(parts) > best_length:
            best, best_length = name, len(parts)
    return best


def _versions(found: re.Match[str], version: str | None) -> list[str]:
    """The versions to try, the name's own first (groups named version...), then the one the
    inventory reported."""
    named = [
        value for key, value in found.groupdict().items() if key.startswith("version") and value
    ]
    return [*named, *([version] if version else [])]


def _no_cycle(tried: list[str], product: Product) -> Choice:
    if not tried:
        return Choice(None, "no version was reported, so the release cycle is unknown")
    return Choice(None, f"version {tried[0]} is in none of the {product.label} release cycles")


def by_version(found: re.Match[str], version: str | None, product: Product) -> Choice:
    """The cycle named by the longest dotted prefix of the name's version, else the reported
    version; else the cycle whose codename the name gives (group `codename`)."""
    tried = _versions(found, version)
    for text in tried:
        cycle = cycle_by_prefix(text, product)
        if cycle is not None:
            return Choice(cycle)
    codename = found.groupdict().get("codename")
    if codename:
        for candidate in product.cycles:
            if candidate.codename and candidate.codename.casefold() == codename.casefold():
                return Choice(candidate.name, f"release cycle from the codename {codename}")
    return _no_cycle(tried, product)


def _words(*words: str) -> str:
    """Any run of the given words (regex fragments), each after a space."""
    return r"(?:[\s,]+(?:" + "|".join(words) + r"))*"


_ARCH = r"\(?(?:x64|x86|x86_64|amd64|arm64|64-bit|32-bit|64 bit|32 bit)\)?"
_NUMBER = r"\d+(?:\.\d+)*"
_MICROSOFT = re.compile(r"microsoft", re.IGNORECASE)


# Windows ---------------------------------------------------------------------------------

WINDOWS_10_BUILDS: dict[int, str] = {
    10240: "1507",
    10586: "1511",
    14393: "1607",
    15063: "1703",
    16299: "1709",
    17134: "1803",
    17763: "1809",
    18362: "1903",
    18363: "1909",
    19041: "2004",
    19042: "20h2",
    19043: "21h1",
    19044: "21h2",
    19045: "22h2",
}
WINDOWS_11_BUILDS: dict[int, str] = {
    22000: "21h2",
    22621: "22h2",
    22631: "23h2",
    26100: "24h2",
    26200: "25h2",
    28000: "26h1",
}
WINDOWS_LTSC_YEARS: dict[tuple[str, str], str] = {
    ("10", "2015"): "1507",
    ("10", "2016"): "1607",
    ("10", "2019"): "1809",
    ("10", "2021"): "21h2",
    ("11", "2024"): "24h2",
}
"""The LTSB/LTSC editions named by year, and the release each is."""

_RELEASE_ID = re.compile(r"\d{2}h\d|1[5-9]\d\d|200[49]", re.IGNORECASE)


def _windows_build(version: str | None) -> tuple[int | None, str | None]:
    """(build, release) from an OS version: "10.0.19045.3803" and "19045" give the build;
    "22H2" and "2009" (the old release id of 20H2) give the release."""
    if not version:
        return None, None
    text = version.strip().casefold()
    if _RELEASE_ID.fullmatch(text):
        return None, "20h2" if text == "2009" else text
    numbers = version_numbers(text)
    if len(numbers) >= 3 and numbers[0] in (5, 6, 10):
        return numbers[2], None
    if numbers and numbers[0] >= 7000:
        return numbers[0], None
    return None, None


def _first_cycle(product: Product, candidates: Iterable[str]) -> str | None:
    return next((name for name in candidates if product.cycle(name) is not None), None)


def _windows_client(found: re.Match[str], version: str | None, product: Product) -> Choice:
    major = found["major"].casefold()
    words = found.group(0).casefold().replace("-", " ").split()
    build, release = _windows_build(version)
    if major in ("10", "11"):
        return _windows_10_or_11(major, words, build, release, product)
    if major == "8.1":
        return Choice("8.1")
    if major == "8":
        return Choice("8")
    service_pack = _service_pack(found.group(0))
    if major == "7":
        if build == 7600 or service_pack == 0:
            return Choice(None, "Windows 7 without Service Pack 1; the data lists 7 SP1 only")
        return Choice("7-sp1", "" if build == 7601 else "taken as SP1, the one the data lists")
    if major == "vista":
        if build in (6000, 6001) or service_pack in (0, 1):
            return Choice(None, "Windows Vista before Service Pack 2; the data lists SP2 only")
        return Choice(
            "6-sp2", "" if build in (6002, 6003) else "taken as SP2, the one the data lists"
        )
    return Choice("5-sp3", "" if service_pack == 3 else "taken as SP3, the one the data lists")


def _windows_10_or_11(
    major: str, words: list[str], build: int | None, release: str | None, product: Product
) -> Choice:
    notes: list[str] = []
    if build is not None and build >= 22000 and major == "10":
        # Windows 11 keeps "Windows 10" in the registry's ProductName.
        major = "11"
        notes.append(f"the name says Windows 10 but build {build} is Windows 11")
    if build is not None:
        builds = WINDOWS_11_BUILDS if major == "11" else WINDOWS_10_BUILDS
        release = builds.get(build)
        if release is None:
            return Choice(None, f"build {build} is not a Windows {major} release the rules know")
    if release is None:
        release = next((w for w in words if _RELEASE_ID.fullmatch(w)), None)
        release = "20h2" if release == "2009" else release
    lts = "ltsc" in words or "ltsb" in words
    if release is None and lts:
        release = next(
            (WINDOWS_LTSC_YEARS[(major, w)] for w in words if (major, w) in WINDOWS_LTSC_YEARS),
            None,
        )
    if release is None:
        return Choice(None, "no build or release (such as 22H2) was reported")
    iot = "iot" in words
    pro = any(w in words for w in ("home", "pro", "professional", "workstations", "s", "se"))
    enterprise = "enterprise" in words or ("education" in words and not pro)
    stem = f"{major}-{release}"
    if lts:
        suffixes = ["iot-lts", "e-lts"] if iot else ["e-lts"]
    elif iot:
        suffixes = ["iot", "e", ""]
    elif enterprise:
        suffixes = ["e", ""]
    elif pro:
        suffixes = ["w", ""]
    else:
        suffixes = [""]
    cycle = _first_cycle(product, (f"{stem}-{s}" if s else stem for s in suffixes))
    if cycle is None:
        if suffixes == [""] and product.cycle(f"{stem}-e") and product.cycle(f"{stem}-w"):
            notes.append(
                f"Windows {major} {release.upper()} ends on different dates for Enterprise and "
                "Education and for Home and Pro; the edition was not reported"
            )
        else:
            notes.append(f"the data has no release cycle for Windows {major} {release.upper()}")
        return Choice(None, "; ".join(notes))
    if build is not None:
        notes.insert(0, f"build {build} is {release.upper()}")
    return Choice(cycle, "; ".join(notes))


def _service_pack(name: str) -> int | None:
    found = re.search(r"\b(?:sp|service\s+pack\s*)(\d)\b", name, re.IGNORECASE)
    return int(found.group(1)) if found else None


WINDOWS_SERVER_BUILDS: dict[int, str] = {
    14393: "2016",
    16299: "1709-sac",
    17134: "1803-sac",
    18362: "1903-sac",
    18363: "1909-sac",
    19041: "2004-sac",
    19042: "20h2-sac",
    20348: "2022",
    25398: "23h2-ac",
    26100: "2025",
}
"""Windows Server builds that name one release (17763 is both 2019 and version 1809)."""


def _windows_server(found: re.Match[str], version: str | None, product: Product) -> Choice:
    year, r2 = found["year"], found["r2"] is not None
    build, release = _windows_build(version)
    service_pack = _service_pack(found.group(0))
    if year is None:
        if build is not None and build in WINDOWS_SERVER_BUILDS:
            by_build = WINDOWS_SERVER_BUILDS[build]
            known = product.cycle(by_build)
            return Choice(by_build, f"build {build} is {known.label if known else by_build}")
        words = found.group(0).casefold().split()
        release = release or next((w for w in words if _RELEASE_ID.fullmatch(w)), None)
        if release is not None:
            cycle = _first_cycle(product, (f"{release}-sac", f"{release}-ac"))
            if cycle is not None:
                return Choice(cycle)
        if build == 17763:
            return Choice(None, "build 17763 is both Windows Server 2019 and version 1809")
        return Choice(None, "no release year or known build was reported")
    if year == "2012":
        return Choice("2012-r2" if r2 else "2012")
    if year == "2008" and r2:
        if build == 7600 or service_pack == 0:
            return Choice(None, "2008 R2 without Service Pack 1; the data lists SP1 only")
        return Choice(
            "2008-r2-sp1", "" if build == 7601 else "taken as SP1, the one the data lists"
        )
    if year == "2008":
        if build == 6001 or service_pack in (0, 1):
            return Choice(None, "2008 before Service Pack 2; the data lists SP2 only")
        return Choice(
            "2008-sp2", "" if build in (6002, 6003) else "taken as SP2, the one the data lists"
        )
    if year == "2003":
        if service_pack is None:
            return Choice(None, "the service pack of Windows Server 2003 was not reported")
        return Choice("2003" if service_pack == 0 else f"2003-sp{service_pack}")
    return Choice(year)


# SQL Server ------------------------------------------------------------------------------

SQL_SERVER_MAJORS: dict[str, tuple[int, int]] = {
    "2000": (8, 0),
    "2005": (9, 0),
    "2008": (10, 0),
    "2008 r2": (10, 50),
    "2012": (11, 0),
    "2014": (12, 0),
    "2016": (13, 0),
    "2017": (14, 0),
    "2019": (15, 0),
    "2022": (16, 0),
    "2025": (17, 0),
}

SQL_SERVER_BUILDS: dict[tuple[int, int], tuple[tuple[int, str], ...]] = {
    (8, 0): ((194, ""), (384, "sp1"), (532, "sp2"), (760, "sp3"), (2039, "sp4")),
    (9, 0): ((1399, ""), (2047, "sp1"), (3042, "sp2"), (4035, "sp3"), (5000, "sp4")),
    (10, 0): ((1600, ""), (2531, "sp1"), (4000, "sp2"), (5500, "sp3"), (6000, "sp4")),
    (10, 50): ((1600, ""), (2500, "sp1"), (4000, "sp2"), (6000, "sp3")),
    (11, 0): ((2100, ""), (3000, "sp1"), (5058, "sp2"), (6020, "sp3"), (7001, "sp4")),
    (12, 0): ((2000, ""), (4050, "sp1"), (5000, "sp2"), (6024, "sp3")),
    (13, 0): ((1601, ""), (4001, "sp1"), (5026, "sp2"), (6300, "sp3"), (7000, "sp3-acp")),
}
"""The first build of each release and service pack, and the cycle suffix it starts (RTM is
""; 13.0.7000 is the 2016 SP3 Azure Connect Pack). Builds up to the next one are its
cumulative updates and security updates. 2017 (14.0) and later have no service packs."""


def _sql_server(found: re.Match[str], version: str | None, product: Product) -> Choice:
    year = found["year"] + (" r2" if found["r2"] else "")
    major, minor = SQL_SERVER_MAJORS[year]
    shown = f"SQL Server {year.replace(' r2', ' R2')}"
    if major >= 14:
        return _sql_cycle(product, major, minor, "", "")
    numbers = version_numbers(version)
    if numbers and numbers[0] >= 2000 and len(numbers) >= 3:
        numbers = (numbers[1] // 10, 0, *numbers[2:])  # file-version style: 2014.120.6024.0
    if len(numbers) >= 3:
        if numbers[0] != major:
            return Choice(None, f"version {version} is not {shown} ({major}.x)")
        build = numbers[2]
        levels = SQL_SERVER_BUILDS[(major, minor)]
        if build < levels[0][0]:
            return Choice(None, f"build {build} is older than {shown}'s release build")
        suffix = [s for first, s in levels if build >= first][-1]
        shown_level = suffix.upper().replace("-ACP", " Azure Connect Pack") or "RTM"
        return _sql_cycle(product, major, minor, suffix, f"build {build} is {shown_level}")
    service_pack = _service_pack(found.group(0))
    if service_pack is not None:
        return _sql_cycle(product, major, minor, f"sp{service_pack}" if service_pack else "", "")
    return Choice(None, f"no build was reported, so {shown}'s service pack is unknown")


def _sql_cycle(product: Product, major: int, minor: int, suffix: str, note: str) -> Choice:
    """The cycle for major.minor and suffix, whatever zeros the data writes ("10.00-sp3",
    "10.0-sp4"); the 2008 R2 release is "10.50-r2"."""
    wanted = {suffix} | ({"r2"} if suffix == "" else set())
    for name in product.cycle_names:
        number, _, rest = name.partition("-")
        parts = number.split(".")
        if (
            all(part.isdigit() for part in parts)
            and tuple(int(part) for part in parts) == (major, minor)
            and rest in wanted
        ):
            return Choice(name, note)
    cycle = f"{major}.{minor}{'-' + suffix if suffix else ''}"
    return Choice(None, f"{note}; the data has no release cycle {cycle}".lstrip("; "))


# Others ----------------------------------------------------------------------------------


def _java(found: re.Match[str], version: str | None, product: Product) -> Choice:
    major = found.groupdict().get("major")
    cycle = cycle_by_prefix(found["version"] or major or version, product)
    if cycle is None:
        return _no_cycle([found["version"] or major or version or ""], product)
    return Choice(cycle)


def _office(found: re.Match[str], version: str | None, product: Product) -> Choice:
    year = found["year"]
    if year in ("2008", "2011"):
        return Choice(f"{year}-for-mac")
    if year == "2024" and found["ltsc"]:
        return Choice("2024-ltsc")
    return Choice(year)


def _dotnet_framework(found: re.Match[str], version: str | None, product: Product) -> Choice:
    number = found["version"]
    if number == "4":
        number = "4.0"
    if number == "3.5":
        if _service_pack(found.group(0)) == 1:
            return Choice("3.5-sp1")
        return Choice(None, ".NET Framework 3.5 without SP1; the data lists 3.5 SP1 only")
    cycle = product.cycle(number)
    return Choice(number) if cycle else _no_cycle([number], product)


def _oracle_database(found: re.Match[str], version: str | None, product: Product) -> Choice:
    choice = by_version(found, version, product)
    if choice.cycle is not None or not found["marketing"]:
        return choice
    marketing = found["marketing"].casefold()
    by_name = {"18c": "18", "19c": "19", "21c": "21", "23c": "23", "23ai": "23", "26ai": "23"}
    if marketing in by_name:
        return Choice(by_name[marketing])
    return Choice(None, f"{found['marketing']} has more than one release; no version was reported")


def _by_year(years: dict[str, str]) -> CycleFinder:
    def finder(found: re.Match[str], version: str | None, product: Product) -> Choice:
        return Choice(years.get(found["year"].casefold(), found["year"]))

    return finder


def _sles(found: re.Match[str], version: str | None, product: Product) -> Choice:
    major, service_pack = found["major"], found["sp"]
    reported = re.fullmatch(r"\s*(\d+)(?:\.(\d+)|[\s-]*sp(\d+))?.*", version or "", re.IGNORECASE)
    if reported and (major is None or reported.group(1) == major):
        major = reported.group(1)
        service_pack = service_pack or reported.group(2) or reported.group(3)
    if major is None:
        return Choice(None, "no version was reported, so the release cycle is unknown")
    return Choice(f"{major}.{int(service_pack or 0)}")


def _visual_studio(found: re.Match[str], version: str | None, product: Product) -> Choice:
    majors = {"2012": 11, "2013": 12, "2015": 14, "2017": 15, "2019": 16, "2022": 17, "2026": 18}
    major = majors[found["year"]]
    numbers = version_numbers(version)
    if numbers and numbers[0] == major:
        cycle = cycle_by_prefix(version, product)
        if cycle is not None:
            return Choice(cycle)
    if major <= 14:
        return Choice(f"{major}.0")
    return Choice(
        None, f"Visual Studio {found['year']} has a cycle per minor version; none was reported"
    )


# The rules -------------------------------------------------------------------------------

_SOFTWARE = frozenset({SoftwareRole.SOFTWARE})
_SYSTEM = frozenset({SoftwareRole.OS, SoftwareRole.HYPERVISOR})
_ANY = frozenset(SoftwareRole)


def _rule(
    key: str,
    summary: str,
    pattern: str,
    cycle: CycleFinder = by_version,
    *,
    product: str | None = None,
    roles: frozenset[SoftwareRole] = _SOFTWARE,
    publisher: re.Pattern[str] | None = None,
) -> Rule:
    return Rule(
        key=key,
        summary=summary,
        product=product or key,
        pattern=re.compile(pattern, re.IGNORECASE),
        cycle=cycle,
        roles=roles,
        publisher=publisher,
    )


_WINDOWS_EDITION = _words(
    r"home",
    r"pro",
    r"professional",
    r"enterprise",
    r"education",
    r"ultimate",
    r"business",
    r"starter",
    r"home\s+basic",
    r"home\s+premium",
    r"media\s+center",
    r"for\s+workstations",
    r"single\s+language",
    r"n",
    r"kn",
    r"ltsc",
    r"ltsb",
    r"iot",
    r"evaluation",
    r"multi-session",
    r"team",
    r"s",
    r"se",
    r"edition",
    r"version",
    r"(?:19|20)\d\d",
    r"\d\dh\d",
    r"sp\d",
    r"service\s+pack\s+\d",
    _ARCH,
)
_SERVER_EDITION = _words(
    r"standard",
    r"datacenter",
    r"enterprise",
    r"essentials",
    r"foundation",
    r"web",
    r"storage",
    r"small\s+business",
    r"edition",
    r"evaluation",
    r"server\s+core",
    r"core",
    r"azure\s+edition",
    r"\(desktop\s+experience\)",
    r"version",
    r"\d\dh\d",
    r"1[5-9]\d\d",
    r"200[49]",
    r"sp\d",
    r"service\s+pack\s+\d",
    _ARCH,
)
_SQL_EDITION = _words(
    r"standard",
    r"enterprise:?",
    r"core-based\s+licensing",
    r"express",
    r"developer",
    r"web",
    r"workgroup",
    r"evaluation",
    r"datacenter",
    r"business\s+intelligence",
    r"edition",
    r"with\s+advanced\s+services",
    r"database\s+engine\s+services",
    r"sp\d",
    r"service\s+pack\s+\d",
    _ARCH,
)
_OFFICE_EDITION = (
    r"(?:professional\s+plus|professional|standard|home\s+(?:and|&)\s+(?:business|student)|"
    r"home|business|enterprise|small\s+business|ultimate|basic|personal|proplus|mondo)"
)
_LOCALE = r"(?:\s+-\s+[a-z]{2}(?:-[a-z]{2,4})?)?"

RULES: tuple[Rule, ...] = (
    _rule(
        "windows-server",
        "'Windows Server 20xx [R2]' + edition → year; without a year, the build",
        r"(?:Microsoft\s+)?Windows\s+Server(?:\s+(?P<year>2003|2008|2012|2016|2019|2022|2025)"
        r"(?:\s+(?P<r2>R2))?)?" + _SERVER_EDITION,
        _windows_server,
        roles=_SYSTEM,
    ),
    _rule(
        "windows",
        "'Windows 10/11 <edition>' + build → release (22H2) and edition (-e/-w/-lts)",
        r"(?:Microsoft\s+)?Windows\s+(?P<major>11|10|8\.1|8|7|Vista|XP)" + _WINDOWS_EDITION,
        _windows_client,
        roles=_SYSTEM,
    ),
    _rule(
        "mssqlserver",
        "'Microsoft SQL Server 20xx' + build → service pack",
        r"(?:Microsoft\s+)?SQL\s+Server\s+(?P<year>2000|2005|2008|2012|2014|2016|2017|2019|2022|"
        r"2025)(?:\s+(?P<r2>R2))?" + _SQL_EDITION,
        _sql_server,
        publisher=_MICROSOFT,
    ),
    _rule(
        "oracle-jre",
        "Oracle's 'Java 8 Update 351' (the JRE) → major version",
        r"Java(?:\s+SE\s+Runtime\s+Environment)?\s+(?:(?P<version>\d+\.\d+(?:\.\d+)*)|"
        r"(?P<major>[5-9]|[1-9]\d)(?:\s+Update\s+\d+)?)(?:\s+" + _ARCH + r")?",
        _java,
        product="oracle-jdk",
        publisher=re.compile(r"oracle|sun\s+microsystems", re.IGNORECASE),
    ),
    _rule(
        "oracle-jdk",
        "Oracle's 'Java SE Development Kit 17.0.6' → major version",
        r"Java(?:\s+SE)?\s+Development\s+Kit\s+(?:(?P<version>\d+\.\d+(?:\.\d+)*)|"
        r"(?P<major>[5-9]|[1-9]\d)(?:\s+Update\s+\d+)?)(?:\s+" + _ARCH + r")?",
        _java,
        publisher=re.compile(r"oracle|sun\s+microsystems", re.IGNORECASE),
    ),
    _rule(
        "eclipse-temurin",
        "'Eclipse Temurin JDK/JRE with Hotspot <version>' → major version",
        r"Eclipse\s+Temurin\s+(?:JDK|JRE)\s+with\s+Hotspot\s+(?P<version>\d\S*)(?:\s+"
        + _ARCH
        + ")?",
    ),
    _rule(
        "microsoft-build-of-openjdk",
        "'Microsoft Build of OpenJDK with Hotspot <version>' → major version",
        r"Microsoft\s+Build\s+of\s+OpenJDK\s+with\s+Hotspot\s+(?P<version>\d\S*)(?:\s+"
        + _ARCH
        + ")?",
    ),
    _rule(
        "amazon-corretto",
        "'Amazon Corretto <version>' → major version",
        r"Amazon\s+Corretto\s+(?P<version>\d\S*)(?:\s+" + _ARCH + ")?",
    ),
    _rule(
        "azul-zulu",
        "'Azul Zulu JDK <version>' → major version",
        r"(?:Azul\s+)?Zulu\s+(?:JDK|JRE)(?:\s+FX)?\s+(?P<version>" + _NUMBER + r")"
        r"(?:\s+\([\d.]+\))?(?:,?\s+(?:64|32)-bit)?",
    ),
    _rule(
        "python",
        "'Python 3.8.10 (64-bit)' or package python3 → minor version",
        r"Python\s+(?P<version>[23]\.\d+(?:\.\d+)?)(?:\s+"
        + _ARCH
        + r")?|python(?:[23](?:\.\d+)?)?",
    ),
    _rule(
        "office",
        "'Microsoft Office <edition> 20xx' → year",
        r"(?:Microsoft\s+)?Office\s+(?:(?P<ltsc>LTSC)\s+)?(?:" + _OFFICE_EDITION + r"\s+)?"
        r"(?:for\s+Mac\s+)?(?P<year>2007|2008|2010|2011|2013|2016|2019|2021|2024)"
        r"(?:\s+for\s+Mac)?(?:\s+" + _OFFICE_EDITION + r")?(?:\s+" + _ARCH + r")?" + _LOCALE,
        _office,
        publisher=_MICROSOFT,
    ),
    _rule(
        "dotnet",
        "'Microsoft .NET Runtime - 8.0.1', Desktop Runtime, ASP.NET Core Shared Framework, SDK "
        "→ major version",
        r"Microsoft\s+(?:\.NET(?:\s+Core)?|Windows\s+Desktop)\s+Runtime\s+-\s+"
        r"(?P<version>" + _NUMBER + r")(?:\s+" + _ARCH + r")?"
        r"|Microsoft\s+ASP\.NET\s+Core\s+(?P<version_aspnet>" + _NUMBER + r")\s+-\s+Shared\s+"
        r"Framework(?:\s+" + _ARCH + r")?"
        r"|Microsoft\s+\.NET(?:\s+Core)?\s+SDK\s+(?P<version_sdk>" + _NUMBER + r")"
        r"(?:\s+" + _ARCH + r")?"
        r"|(?:dotnet|aspnetcore)-(?:runtime|sdk)-(?P<version_package>\d+\.\d+)",
    ),
    _rule(
        "dotnetfx",
        "'Microsoft .NET Framework 4.8' → the version the name gives",
        r"Microsoft\s+\.NET\s+Framework\s+(?P<version>" + _NUMBER + r")"
        r"(?:\s+(?:Client\s+Profile|Extended|Full))?(?:\s+(?:SP\s?|Service\s+Pack\s+)\d)?"
        r"(?:\s+" + _ARCH + r")?",
        _dotnet_framework,
        publisher=_MICROSOFT,
    ),
    _rule(
        "sharepoint",
        "'Microsoft SharePoint Server 20xx' → year",
        r"Microsoft\s+(?:Office\s+)?SharePoint\s+(?:Server|Foundation|Enterprise\s+Server)\s+"
        r"(?P<year>2007|2010|2013|2016|2019|Subscription\s+Edition)",
        _by_year({"subscription edition": "subscription"}),
        publisher=_MICROSOFT,
    ),
    _rule(
        "msexchange",
        "'Microsoft Exchange Server 20xx' → year",
        r"Microsoft\s+Exchange\s+Server\s+(?P<year>2000|2003|2007|2010|2013|2016|2019|"
        r"Subscription\s+Edition)(?:\s+(?:Cumulative\s+Update\s+\d+|CU\s?\d+|SP\d|"
        r"Service\s+Pack\s+\d))?",
        _by_year({"subscription edition": "subscription"}),
        publisher=_MICROSOFT,
    ),
    _rule(
        "visual-studio",
        "'Visual Studio <edition> 20xx' + version → minor version",
        r"(?:Microsoft\s+)?Visual\s+Studio\s+(?:Community|Professional|Premium|Ultimate|"
        r"Enterprise|Build\s+Tools|Test\s+Professional)\s+(?P<year>2012|2013|2015|2017|2019|"
        r"2022|2026)(?:\s+with\s+Updates)?",
        _visual_studio,
        publisher=_MICROSOFT,
    ),
    _rule(
        "powershell",
        "'PowerShell 7-x64' + version → minor version",
        r"PowerShell\s+\d+(?:-(?:x64|x86|arm64))?|powershell",
    ),
    _rule(
        "postgresql",
        "'PostgreSQL 12 [Server]' or package postgresql12-server → major version",
        r"PostgreSQL(?:\s+Server)?(?:\s+(?P<version>" + _NUMBER + r"))?(?:\s+Server)?"
        r"(?:\s+" + _ARCH + r")?|postgresql-?(?P<version_package>\d+(?:\.\d+)?)(?:-server)?"
        r"|postgresql-server",
    ),
    _rule(
        "mysql",
        "'MySQL Server 8.0' or package mysql-server → minor version",
        r"MySQL(?:\s+Community|\s+Enterprise)?\s+Server(?:\s+(?P<version>" + _NUMBER + r"))?"
        r"(?:\s+" + _ARCH + r")?|mysql-(?:community-)?server(?:-core)?(?:-(?P<version_package>"
        r"\d+\.\d+))?",
    ),
    _rule(
        "oracle-database",
        "'Oracle Database 19c ... Release 19.0.0.0.0' → release",
        r"Oracle\s+Database(?:\s+(?P<marketing>\d+(?:c|g|i|ai)))?"
        r"(?:\s+(?:Enterprise|Standard|Express|Personal|Free|Edition|One|2|EE|SE2?|XE))*"
        r"(?:\s+Release\s+(?P<version>" + _NUMBER + r"))?"
        r"(?:\s+-\s+(?:64bit\s+)?Production|\s+-\s+Develop,\s+Learn,\s+and\s+Run\s+for\s+Free)?",
        _oracle_database,
    ),
    _rule(
        "tomcat",
        "'Apache Tomcat 9.0' or package tomcat9 → minor version",
        r"Apache\s+Tomcat(?:\s+(?P<version>" + _NUMBER + r"))?(?:\s+Tomcat\d+)?"
        r"(?:\s+\(remove\s+only\))?|tomcat(?P<version_package>\d+)?",
    ),
    _rule(
        "apache-http-server",
        "'Apache HTTP Server' or package httpd/apache2 → minor version",
        r"Apache\s+HTTP\s+Server(?:\s+(?P<version>" + _NUMBER + r"))?|httpd|apache2",
    ),
    _rule("nginx", "'nginx' → minor version", r"nginx(?:\s+(?P<version>" + _NUMBER + r"))?"),
    _rule(
        "php",
        "'PHP' or package php8.1 → minor version",
        r"PHP(?:\s+(?P<version>" + _NUMBER + r"))?|php(?P<version_package>\d+\.\d+)",
    ),
    _rule(
        "nodejs",
        "'Node.js' → major version",
        r"Node\.?js(?:\s+(?P<version>" + _NUMBER + r"))?(?:\s+" + _ARCH + r")?",
    ),
    _rule(
        "chrome",
        "'Google Chrome' → major version",
        r"Google\s+Chrome(?:\s+(?P<version>" + _NUMBER + r"))?|google-chrome-stable",
    ),
    _rule(
        "firefox",
        "'Mozilla Firefox [ESR]' → major version",
        r"Mozilla\s+Firefox(?:\s+ESR)?(?:\s+(?P<version>" + _NUMBER + r")(?:esr)?)?"
        r"(?:\s+\((?:x64|x86|x86_64|aarch64)(?:\s+[a-z]{2,3}(?:-[a-z]{2})?)?\))?|firefox(?:-esr)?",
    ),
    _rule(
        "libreoffice",
        "'LibreOffice 7.5.9.2' → minor version",
        r"LibreOffice(?:\s+(?P<version>" + _NUMBER + r"))?",
    ),
    _rule(
        "notepad-plus-plus",
        "'Notepad++ (64-bit x64)' → minor version",
        r"Notepad\+\+(?:\s+(?P<version>" + _NUMBER + r"))?(?:\s+\((?:64|32)-bit\s+x(?:64|86)\))?",
    ),
    _rule(
        "virtualbox",
        "'Oracle VM VirtualBox 7.0.12' → minor version",
        r"(?:Oracle\s+(?:VM\s+)?)?VirtualBox(?:\s+(?P<version>" + _NUMBER + r"))?",
    ),
    _rule(
        "wireshark",
        "'Wireshark 4.0.10 64-bit' → minor version",
        r"Wireshark(?:\s+(?P<version>" + _NUMBER + r"))?(?:\s+" + _ARCH + r")?",
    ),
    _rule(
        "vcenter",
        "'VMware vCenter Server 7.0' → minor version",
        r"(?:VMware\s+)?vCenter\s+Server(?:\s+Appliance)?(?:\s+(?P<version>" + _NUMBER + r"))?"
        r"(?:\s+(?:U\d+[a-z]?|Update\s+\d+[a-z]?))?(?:\s+build-?\d+)?",
        roles=_ANY,
    ),
    _rule(
        "esxi",
        "'VMware ESXi 6.7.0 build-…' → minor version",
        r"(?:VMware\s+)?ESXi?(?:\s+Server)?(?:\s+(?P<version>" + _NUMBER + r"))?"
        r"(?:\s+(?:U\d+[a-z]?|Update\s+\d+[a-z]?|GA))?(?:\s+build-?\d+)?",
        roles=_SYSTEM,
    ),
    _rule(
        "centos-stream",
        "'CentOS Stream 9' → major version",
        r"CentOS\s+Stream(?:\s+release)?(?:\s+(?P<version>\d+))?",
        roles=_SYSTEM,
    ),
    _rule(
        "centos",
        "'CentOS Linux 7 (Core)' → major version",
        r"CentOS(?:\s+Linux)?(?:\s+release)?(?:\s+(?P<version>" + _NUMBER + r"))?"
        r"(?:\s+\((?:Core|Final)\))?",
        roles=_SYSTEM,
    ),
    _rule(
        "rhel",
        "'Red Hat Enterprise Linux [Server] 8.x' → major version",
        r"(?:Red\s+Hat\s+Enterprise\s+Linux|RHEL)(?:\s+(?:Server|Workstation|Desktop|Client|"
        r"ComputeNode|for\s+SAP(?:\s+(?:Applications|Solutions))?|AS|ES|WS))*(?:\s+release)?"
        r"(?:\s+(?P<version>" + _NUMBER + r"))?(?:\s+\([A-Za-z ]+\))?",
        roles=_SYSTEM,
    ),
    _rule(
        "oracle-linux",
        "'Oracle Linux [Server] 8.x' → major version",
        r"Oracle\s+Linux(?:\s+Server)?(?:\s+release)?(?:\s+(?P<version>" + _NUMBER + r"))?",
        roles=_SYSTEM,
    ),
    _rule(
        "rocky-linux",
        "'Rocky Linux 9.x' → major version",
        r"Rocky\s+Linux(?:\s+release)?(?:\s+(?P<version>" + _NUMBER + r"))?"
        r"(?:\s+\([A-Za-z ]+\))?",
        roles=_SYSTEM,
    ),
    _rule(
        "almalinux",
        "'AlmaLinux 9.x' → major version",
        r"AlmaLinux(?:\s+OS)?(?:\s+release)?(?:\s+(?P<version>" + _NUMBER + r"))?"
        r"(?:\s+\([A-Za-z ]+\))?",
        roles=_SYSTEM,
    ),
    _rule(
        "ubuntu",
        "'Ubuntu 20.04.6 LTS' → release",
        r"Ubuntu(?:\s+(?:Linux|Server|Desktop))?(?:\s+(?P<version>\d{1,2}\.\d{2}(?:\.\d+)?))?"
        r"(?:\s+LTS)?(?:\s+\([A-Za-z ]+\))?",
        roles=_SYSTEM,
    ),
    _rule(
        "debian",
        "'Debian GNU/Linux 11 (bullseye)' → major version or codename",
        r"Debian(?:\s+GNU/Linux)?(?:\s+(?P<version>" + _NUMBER + r"))?"
        r"(?:\s+\((?P<codename>[a-z]+)\))?",
        roles=_SYSTEM,
    ),
    _rule(
        "sles",
        "'SUSE Linux Enterprise Server 15 SP4' → 15.4",
        r"(?:SUSE\s+Linux\s+Enterprise\s+Server|SLES)(?:\s+for\s+SAP(?:\s+Applications)?)?"
        r"(?:\s+(?P<major>\d+))?(?:[\s-]+SP(?P<sp>\d+))?",
        _sles,
        roles=_SYSTEM,
    ),
    _rule(
        "macos",
        "'macOS 14.2' → major version (10.x: minor)",
        r"(?:Apple\s+)?(?:macOS|Mac\s+OS\s+X|OS\s+X)(?:\s+(?P<version>" + _NUMBER + r"))?"
        r"(?:\s+(?:Tahoe|Sequoia|Sonoma|Ventura|Monterey|Big\s+Sur|Catalina|Mojave|"
        r"High\s+Sierra|Sierra|El\s+Capitan|Yosemite|Mavericks))?",
        roles=_SYSTEM,
    ),
    _rule(
        "fortios",
        "'FortiOS 7.2.5' → minor version",
        r"(?:Fortinet\s+)?FortiOS(?:\s+v?(?P<version>" + _NUMBER + r"))?",
        roles=_SYSTEM,
    ),
    _rule(
        "panos",
        "'PAN-OS 10.2.4' → minor version",
        r"(?:Palo\s+Alto\s+Networks\s+)?PAN-?OS(?:\s+(?P<version>" + _NUMBER + r"))?",
        roles=_SYSTEM,
    ),
    _rule(
        "cisco-ios-xe",
        "'Cisco IOS XE 17.9.4a' → minor version",
        r"(?:Cisco\s+)?IOS[\s-]XE(?:\s+Software)?(?:,?\s+Version\s+(?P<version>\S+))?",
        roles=_SYSTEM,
    ),
)
"""The curated rules, most particular first; the first that matches decides."""
