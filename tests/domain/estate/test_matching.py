"""Matching raw inventory names to endoflife.date products and release cycles, against the
real offline endoflife.date data."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdx.domain.errors import Invalid
from govdx.domain.estate.lifecycle import (
    Cycle,
    Product,
    is_end_of_life,
    parse_products_json,
    supplement_product,
)
from govdx.domain.estate.matching import (
    Mapping,
    Match,
    Matcher,
    MatchMethod,
    cycle_by_prefix,
    parse_cpe,
    parse_purl,
)
from govdx.domain.estate.matching_rules import RULES, normalise_name, version_numbers
from govdx.domain.estate.observations import SoftwareFacts


@pytest.fixture(scope="session")
def products() -> list[Product]:
    """The offline copy of /api/v1/products/full in the shared data (`shared/data` beside the
    repository, or the folder GOVDX_SHARED_DATA names); missing data fails the test."""
    configured = os.environ.get("GOVDX_SHARED_DATA")
    data = Path(configured) if configured else Path(__file__).parents[3].parent / "shared" / "data"
    path = data / "endoflife" / "products-full.json"
    if not path.is_file():
        pytest.fail(
            f"The endoflife.date data is not at {path}: lay shared/data beside the repository, "
            "or set GOVDX_SHARED_DATA to the shared data folder."
        )
    return parse_products_json(path.read_bytes())


@pytest.fixture(scope="session")
def matcher(products: list[Product]) -> Matcher:
    return Matcher(products)


@pytest.fixture(scope="session")
def by_slug(products: list[Product]) -> dict[str, Product]:
    return {product.slug: product for product in products}


MS = "Microsoft Corporation"
ORACLE = "Oracle Corporation"

# (name, publisher, version, role, product, cycle)
MATCHES = [
    # Windows Server: the year (and R2) decides; without a year, the build.
    (
        "Microsoft Windows Server 2012 R2 Standard",
        None,
        "6.3.9600",
        "os",
        "windows-server",
        "2012-r2",
    ),
    ("Microsoft Windows Server 2012 Datacenter", None, None, "os", "windows-server", "2012"),
    ("Microsoft Windows Server 2016 Standard", None, "10.0.14393", "os", "windows-server", "2016"),
    ("Windows Server 2019 Datacenter", None, "10.0.17763", "os", "windows-server", "2019"),
    (
        "Microsoft Windows Server 2022 Standard Evaluation",
        None,
        None,
        "os",
        "windows-server",
        "2022",
    ),
    (
        "Microsoft Windows Server 2025 Datacenter",
        None,
        None,
        "hypervisor",
        "windows-server",
        "2025",
    ),
    (
        "Microsoft Windows Server 2008 R2 Enterprise",
        None,
        "6.1.7601",
        "os",
        "windows-server",
        "2008-r2-sp1",
    ),
    (
        "Microsoft Windows Server 2008 Standard",
        None,
        "6.0.6003",
        "os",
        "windows-server",
        "2008-sp2",
    ),
    ("Windows Server Standard", None, "10.0.18363", "os", "windows-server", "1909-sac"),
    # SQL Server: the database engine; the build decides the service pack.
    (
        "Microsoft SQL Server 2014 (64-bit)",
        MS,
        "12.0.6024.0",
        "software",
        "mssqlserver",
        "12.0-sp3",
    ),
    (
        "Microsoft SQL Server 2014 (64-bit)",
        MS,
        "12.2.5000.0",
        "software",
        "mssqlserver",
        "12.0-sp2",
    ),
    ("Microsoft SQL Server 2014 (64-bit)", MS, "12.0.2000.8", "software", "mssqlserver", "12.0"),
    (
        "Microsoft SQL Server 2016 (64-bit)",
        MS,
        "13.0.6300.2",
        "software",
        "mssqlserver",
        "13.0-sp3",
    ),
    (
        "Microsoft SQL Server 2016 (64-bit)",
        MS,
        "13.0.7000.253",
        "software",
        "mssqlserver",
        "13.0-sp3-acp",
    ),
    (
        "Microsoft SQL Server 2016 (64-bit)",
        MS,
        "13.1.4001.0",
        "software",
        "mssqlserver",
        "13.0-sp1",
    ),
    (
        "Microsoft SQL Server 2012 (64-bit)",
        MS,
        "11.4.7001.0",
        "software",
        "mssqlserver",
        "11.0-sp4",
    ),
    (
        "Microsoft SQL Server 2012 (64-bit)",
        MS,
        "11.0.5058.0",
        "software",
        "mssqlserver",
        "11.0-sp2",
    ),
    (
        "Microsoft SQL Server 2008 R2 (64-bit)",
        MS,
        "10.53.6000.34",
        "software",
        "mssqlserver",
        "10.50-sp3",
    ),
    (
        "Microsoft SQL Server 2008 R2 (64-bit)",
        MS,
        "10.50.1600.1",
        "software",
        "mssqlserver",
        "10.50-r2",
    ),
    (
        "Microsoft SQL Server 2008 (64-bit)",
        MS,
        "10.4.6000.29",
        "software",
        "mssqlserver",
        "10.0-sp4",
    ),
    (
        "Microsoft SQL Server 2008 (64-bit)",
        MS,
        "10.3.5500.0",
        "software",
        "mssqlserver",
        "10.00-sp3",
    ),
    ("Microsoft SQL Server 2005", MS, "9.00.5000.00", "software", "mssqlserver", "9.0-sp4"),
    ("Microsoft SQL Server 2017 (64-bit)", MS, "14.0.3456.2", "software", "mssqlserver", "14.0"),
    ("Microsoft SQL Server 2019 (64-bit)", MS, None, "software", "mssqlserver", "15.0"),
    ("Microsoft SQL Server 2022 (64-bit)", MS, "16.0.4105.2", "software", "mssqlserver", "16.0"),
    (
        "SQL Server 2019 Database Engine Services",
        MS,
        "15.0.2000.5",
        "software",
        "mssqlserver",
        "15.0",
    ),
    # Java
    ("Java 8 Update 351", ORACLE, "8.0.3510.10", "software", "oracle-jdk", "8"),
    ("Java 8 Update 351 (64-bit)", ORACLE, "8.0.3510.10", "software", "oracle-jdk", "8"),
    ("Java(TM) 6 Update 45", "Oracle", "6.0.450", "software", "oracle-jdk", "6"),
    (
        "Java(TM) SE Development Kit 17.0.6 (64-bit)",
        ORACLE,
        "17.0.6.0",
        "software",
        "oracle-jdk",
        "17",
    ),
    (
        "Java SE Development Kit 8 Update 351 (64-bit)",
        ORACLE,
        "8.0.3510.10",
        "software",
        "oracle-jdk",
        "8",
    ),
    (
        "Eclipse Temurin JDK with Hotspot 17.0.6+10 (x64)",
        None,
        None,
        "software",
        "eclipse-temurin",
        "17",
    ),
    (
        "Eclipse Temurin JRE with Hotspot 8u362-b09 (x64)",
        None,
        None,
        "software",
        "eclipse-temurin",
        "8",
    ),
    (
        "Microsoft Build of OpenJDK with Hotspot 21.0.1+12 (x64)",
        MS,
        None,
        "software",
        "microsoft-build-of-openjdk",
        "21",
    ),
    ("Amazon Corretto 11.0.18.10 (x64)", None, None, "software", "amazon-corretto", "11"),
    ("Azul Zulu JDK 17.40.19 (17.0.6), 64-bit", None, None, "software", "azul-zulu", "17"),
    # Python
    (
        "Python 3.8.10 (64-bit)",
        "Python Software Foundation",
        "3.8.10150.0",
        "software",
        "python",
        "3.8",
    ),
    (
        "Python 3.12.1 (64-bit)",
        "Python Software Foundation",
        "3.12.1150.0",
        "software",
        "python",
        "3.12",
    ),
    ("python3", None, "3.10.12-1~22.04.3", "software", "python", "3.10"),
    # Windows clients: build → release, edition → suffix.
    ("Microsoft Windows 10 Enterprise", None, "10.0.19045", "os", "windows", "10-22h2"),
    ("Microsoft Windows 10 Enterprise", None, "10.0.19045.3803", "os", "windows", "10-22h2"),
    ("Microsoft Windows 10 Enterprise", None, "22H2", "os", "windows", "10-22h2"),
    ("Microsoft Windows 10 Pro", None, "10.0.19044", "os", "windows", "10-21h2-w"),
    ("Microsoft Windows 10 Enterprise", None, "10.0.19044", "os", "windows", "10-21h2-e"),
    ("Microsoft Windows 10 Education", None, "10.0.19042", "os", "windows", "10-20h2-e"),
    ("Microsoft Windows 10 Pro Education", None, "10.0.19042", "os", "windows", "10-20h2-w"),
    ("Microsoft Windows 10 Enterprise", None, "2009", "os", "windows", "10-20h2-e"),
    ("Microsoft Windows 10 Pro", None, "10.0.18363", "os", "windows", "10-1909-w"),
    ("Microsoft Windows 10 Enterprise LTSC", None, "10.0.17763", "os", "windows", "10-1809-e-lts"),
    (
        "Microsoft Windows 10 Enterprise LTSC 2021",
        None,
        "10.0.19044",
        "os",
        "windows",
        "10-21h2-e-lts",
    ),
    (
        "Microsoft Windows 10 IoT Enterprise LTSC 2021",
        None,
        "10.0.19044",
        "os",
        "windows",
        "10-21h2-iot-lts",
    ),
    ("Windows 10 Enterprise 2016 LTSB", None, None, "os", "windows", "10-1607-e-lts"),
    ("Microsoft Windows 10 Home", None, "10.0.10240", "os", "windows", "10-1507"),
    ("Microsoft Windows 11 Pro", None, "10.0.22631", "os", "windows", "11-23h2-w"),
    ("Microsoft Windows 11 Enterprise", None, "10.0.22000", "os", "windows", "11-21h2-e"),
    ("Microsoft Windows 11 Enterprise", None, "10.0.22621.2861", "os", "windows", "11-22h2-e"),
    ("Microsoft Windows 11 Pro", None, "10.0.26100", "os", "windows", "11-24h2-w"),
    ("Microsoft Windows 11 Enterprise", None, "10.0.26200", "os", "windows", "11-25h2-e"),
    (
        "Microsoft Windows 11 IoT Enterprise LTSC",
        None,
        "10.0.26100",
        "os",
        "windows",
        "11-24h2-iot-lts",
    ),
    ("Microsoft Windows 10 Pro", None, "10.0.22631", "os", "windows", "11-23h2-w"),
    ("Microsoft Windows 8.1 Pro", None, "6.3.9600", "os", "windows", "8.1"),
    ("Microsoft Windows 7 Professional", None, "6.1.7601", "os", "windows", "7-sp1"),
    # Linux, hypervisors, network devices
    ("CentOS Linux 7 (Core)", None, None, "os", "centos", "7"),
    ("CentOS Linux", None, "7.9.2009", "os", "centos", "7"),
    ("CentOS release 6.10 (Final)", None, None, "os", "centos", "6"),
    ("CentOS Stream 9", None, None, "os", "centos-stream", "9"),
    ("VMware ESXi 6.7.0 build-17700523", None, None, "hypervisor", "esxi", "6.7"),
    ("VMware ESXi", None, "8.0.2", "os", "esxi", "8.0"),
    ("VMware vCenter Server", None, "7.0.3", "software", "vcenter", "7.0"),
    ("Ubuntu 20.04.6 LTS", None, None, "os", "ubuntu", "20.04"),
    ("Ubuntu", None, "22.04", "os", "ubuntu", "22.04"),
    ("Red Hat Enterprise Linux", None, "8.6", "os", "rhel", "8"),
    ("Red Hat Enterprise Linux 8.9 (Ootpa)", None, None, "os", "rhel", "8"),
    ("Red Hat Enterprise Linux Server release 7.9 (Maipo)", None, None, "os", "rhel", "7"),
    ("Debian GNU/Linux 11 (bullseye)", None, None, "os", "debian", "11"),
    ("Debian GNU/Linux", None, "11.7", "os", "debian", "11"),
    ("Debian GNU/Linux (bookworm)", None, None, "os", "debian", "12"),
    ("SUSE Linux Enterprise Server 15 SP4", None, None, "os", "sles", "15.4"),
    ("SUSE Linux Enterprise Server", None, "15-SP5", "os", "sles", "15.5"),
    ("Oracle Linux Server 8.9", None, None, "os", "oracle-linux", "8"),
    ("Rocky Linux 9.3 (Blue Onyx)", None, None, "os", "rocky-linux", "9"),
    ("AlmaLinux 9.3 (Shamrock Pampas Cat)", None, None, "os", "almalinux", "9"),
    ("macOS", None, "14.2.1", "os", "macos", "14"),
    ("Mac OS X", None, "10.15.7", "os", "macos", "10.15"),
    ("FortiOS", None, "7.2.5", "os", "fortios", "7.2"),
    ("PAN-OS", None, "10.2.4-h4", "os", "panos", "10.2"),
    ("Cisco IOS XE Software, Version 17.09.04a", None, None, "os", "cisco-ios-xe", "17.9"),
    # Office, Microsoft servers and tools
    ("Microsoft Office Professional Plus 2016", MS, "16.0.4266.1001", "software", "office", "2016"),
    ("Microsoft Office Standard 2019 - en-gb", MS, None, "software", "office", "2019"),
    ("Microsoft Office Home and Business 2021 - en-us", MS, None, "software", "office", "2021"),
    (
        "Microsoft Office LTSC Professional Plus 2024 - en-us",
        MS,
        None,
        "software",
        "office",
        "2024-ltsc",
    ),
    ("Microsoft Office Professional Plus 2010", MS, "14.0.7015.1000", "software", "office", "2010"),
    ("Microsoft Office Enterprise 2007", MS, None, "software", "office", "2007"),
    ("Microsoft SharePoint Server 2016", MS, None, "software", "sharepoint", "2016"),
    (
        "Microsoft SharePoint Server Subscription Edition",
        MS,
        None,
        "software",
        "sharepoint",
        "subscription",
    ),
    (
        "Microsoft Exchange Server 2016 Cumulative Update 23",
        MS,
        None,
        "software",
        "msexchange",
        "2016",
    ),
    (
        "Visual Studio Professional 2019",
        MS,
        "16.11.34601.136",
        "software",
        "visual-studio",
        "16.11",
    ),
    ("Microsoft Visual Studio Enterprise 2015", MS, None, "software", "visual-studio", "14.0"),
    ("PowerShell 7-x64", MS, "7.4.1.0", "software", "powershell", "7.4"),
    # .NET
    ("Microsoft .NET Runtime - 6.0.25 (x64)", MS, "48.100.9876", "software", "dotnet", "6"),
    ("Microsoft .NET Core Runtime - 3.1.32 (x64)", MS, None, "software", "dotnet", "3.1"),
    ("Microsoft Windows Desktop Runtime - 8.0.1 (x64)", MS, None, "software", "dotnet", "8"),
    ("Microsoft ASP.NET Core 6.0.25 - Shared Framework (x64)", MS, None, "software", "dotnet", "6"),
    ("Microsoft .NET SDK 8.0.100 (x64)", MS, None, "software", "dotnet", "8"),
    ("dotnet-runtime-8.0", None, "8.0.1-1", "software", "dotnet", "8"),
    ("Microsoft .NET Framework 4.8", MS, "4.8.03761", "software", "dotnetfx", "4.8"),
    ("Microsoft .NET Framework 4.8.1", MS, "4.8.09032", "software", "dotnetfx", "4.8.1"),
    ("Microsoft .NET Framework 4.5.2", MS, None, "software", "dotnetfx", "4.5.2"),
    ("Microsoft .NET Framework 4 Client Profile", MS, None, "software", "dotnetfx", "4.0"),
    ("Microsoft .NET Framework 3.5 SP1", MS, None, "software", "dotnetfx", "3.5-sp1"),
    # Databases, web servers, runtimes, desktop software
    (
        "Oracle Database 19c Enterprise Edition Release 19.0.0.0.0 - Production",
        None,
        None,
        "software",
        "oracle-database",
        "19",
    ),
    (
        "Oracle Database 12c Enterprise Edition Release 12.2.0.1.0 - 64bit Production",
        None,
        None,
        "software",
        "oracle-database",
        "12.2",
    ),
    ("Oracle Database 21c", None, None, "software", "oracle-database", "21"),
    ("PostgreSQL 12 Server", None, "12.17", "software", "postgresql", "12"),
    ("PostgreSQL 9.6", None, "9.6.24", "software", "postgresql", "9.6"),
    ("postgresql12-server", None, "12.17-1PGDG.rhel8", "software", "postgresql", "12"),
    ("MySQL Server 8.0", ORACLE, "8.0.35", "software", "mysql", "8.0"),
    ("mysql-server", None, "5.7.42-1.el7", "software", "mysql", "5.7"),
    ("Apache Tomcat 9.0 Tomcat9", None, "9.0.83", "software", "tomcat", "9.0"),
    ("Apache Tomcat 7.0 Tomcat7 (remove only)", None, "7.0.109", "software", "tomcat", "7"),
    ("tomcat9", None, "9.0.58-1", "software", "tomcat", "9.0"),
    ("httpd", None, "2.4.57-5.el9", "software", "apache-http-server", "2.4"),
    ("nginx", None, "1.24.0", "software", "nginx", "1.24"),
    ("php8.1", None, "8.1.2-1ubuntu2.14", "software", "php", "8.1"),
    ("Node.js", None, "18.17.1", "software", "nodejs", "18"),
    ("Google Chrome", "Google LLC", "120.0.6099.130", "software", "chrome", "120"),
    ("Mozilla Firefox (x64 en-GB)", "Mozilla", "121.0", "software", "firefox", "121"),
    ("Mozilla Firefox ESR (x64 en-US)", "Mozilla", "115.6.0esr", "software", "firefox", "115"),
    ("LibreOffice 7.6.4.1", None, "7.6.4.1", "software", "libreoffice", "7.6"),
    ("Notepad++ (64-bit x64)", None, "8.5.8", "software", "notepad-plus-plus", "8.5"),
    ("Oracle VM VirtualBox 7.0.12", ORACLE, "7.0.12", "software", "virtualbox", "7.0"),
    ("Wireshark 4.0.10 64-bit", None, "4.0.10", "software", "wireshark", "4.0"),
]


@pytest.mark.parametrize(
    ("name", "publisher", "version", "role", "product", "cycle"),
    MATCHES,
    ids=[f"{row[0]} {row[2] or ''}".strip() for row in MATCHES],
)
def test_curated_rules_match_real_inventory_names(
    matcher, by_slug, name, publisher, version, role, product, cycle
):
    found = matcher.match(SoftwareFacts(name, publisher, version), role)
    assert found is not None
    assert (found.product, found.cycle, found.method) == (product, cycle, MatchMethod.RULE)
    assert found.rule.startswith("rule ")
    assert by_slug[product].cycle(cycle) is not None


NOT_THE_PRODUCT = [
    (
        "Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.36.32532",
        MS,
        "14.36.32532.0",
        "software",
    ),
    (
        "Microsoft Visual C++ 2013 Redistributable (x86) - 12.0.40664",
        MS,
        "12.0.40664.0",
        "software",
    ),
    ("Update for Microsoft Office 2016 (KB4484103) 64-Bit Edition", MS, None, "software"),
    ("Security Update for Microsoft Windows (KB5034441)", MS, None, "software"),
    ("Security Update for Microsoft Windows (KB5034441)", MS, None, "os"),
    ("Microsoft SQL Server 2014 Management Objects", MS, "12.0.2000.8", "software"),
    ("Microsoft SQL Server 2012 Native Client", MS, "11.4.7001.0", "software"),
    ("Microsoft SQL Server 2014 Express LocalDB", MS, "12.2.5000.0", "software"),
    ("Microsoft SQL Server 2019 Setup (English)", MS, "15.0.4013.40", "software"),
    ("Microsoft SQL Server 2012 Transact-SQL ScriptDom", MS, "11.4.7001.0", "software"),
    ("Microsoft SQL Server Management Studio - 19.2", MS, "16.200.20209.0", "software"),
    ("Microsoft ODBC Driver 17 for SQL Server", MS, "17.10.5.1", "software"),
    ("Java Auto Updater", ORACLE, "2.8.351.10", "software"),
    ("Java SE Development Kit 8 Update 351 (64-bit)", "AdoptOpenJDK", "8.0.3510.10", "software"),
    ("Python Launcher", "Python Software Foundation", "3.8.7072.0", "software"),
    (
        "Python 3.8.10 Core Interpreter (64-bit)",
        "Python Software Foundation",
        "3.8.10150.0",
        "software",
    ),
    (
        "Python 3.8.10 pip Bootstrap (64-bit)",
        "Python Software Foundation",
        "3.8.10150.0",
        "software",
    ),
    ("python3-requests", None, "2.25.1", "software"),
    ("Microsoft Office Click-to-Run Extensibility Component", MS, "16.0.17126.20132", "software"),
    ("Microsoft Office Proofing Tools 2016 - English", MS, None, "software"),
    ("Microsoft Office 2016 Language Pack", MS, None, "software"),
    ("Microsoft 365 Apps for enterprise - en-us", MS, "16.0.17126.20132", "software"),
    ("Microsoft Visual Studio Code", MS, "1.85.1", "software"),
    ("Microsoft .NET Framework 4.8 Targeting Pack", MS, "4.8.03761", "software"),
    ("Microsoft .NET Host - 6.0.25 (x64)", MS, "48.100.9876", "software"),
    ("MySQL Workbench 8.0 CE", ORACLE, "8.0.35", "software"),
    ("LibreOffice 7.5 Help Pack (English)", None, "7.5.9.2", "software"),
    ("pgAdmin 4", None, "7.8", "software"),
    ("Windows 10 Update Assistant", MS, "1.4.19041.3630", "software"),
    ("Microsoft Windows 10 Enterprise", None, "10.0.19045", "software"),
    ("VMware ESXi 6.7.0 build-17700523", None, None, "software"),
    ("Adobe Acrobat Reader DC", "Adobe Systems Incorporated", "23.008.20470", "software"),
    ("", None, "1.0", "software"),
]


@pytest.mark.parametrize(
    ("name", "publisher", "version", "role"),
    NOT_THE_PRODUCT,
    ids=[row[0] for row in NOT_THE_PRODUCT],
)
def test_redistributables_hotfixes_and_client_components_are_never_the_product(
    matcher, name, publisher, version, role
):
    assert matcher.match(SoftwareFacts(name, publisher, version), role) is None


@pytest.mark.parametrize(
    ("name", "version", "role", "says"),
    [
        ("Microsoft SQL Server 2014 (64-bit)", None, "software", "service pack is unknown"),
        ("Microsoft SQL Server 2014 (64-bit)", "11.0.7001.0", "software", "is not SQL Server 2014"),
        ("Microsoft Windows 10", "10.0.19044", "os", "edition was not reported"),
        ("Microsoft Windows 10 Pro", None, "os", "no build or release"),
        ("Microsoft Windows 10 Pro", "10.0.19999", "os", "not a Windows 10 release"),
        (
            "Windows Server Datacenter",
            "10.0.17763",
            "os",
            "both Windows Server 2019 and version 1809",
        ),
        ("Windows Server 2003 R2", None, "os", "service pack"),
        ("Oracle Database 11g", None, "software", "more than one release"),
        ("Google Chrome", "5.0.375.125", "software", "in none of the Google Chrome release cycles"),
        ("Python 3.8.10 (64-bit)", None, "software", ""),
    ],
)
def test_a_rule_that_cannot_tell_the_cycle_says_why_and_gives_none(
    matcher, name, version, role, says
):
    found = matcher.match(SoftwareFacts(name, None, version), role)
    assert found is not None and found.method is MatchMethod.RULE
    if says:
        assert found.cycle is None
        assert says in found.note
    else:  # the name's version is enough
        assert found.cycle == "3.8"


def test_windows_11_reported_as_windows_10_is_noticed(matcher):
    found = matcher.match(SoftwareFacts("Microsoft Windows 10 Pro", version="10.0.22631"), "os")
    assert found is not None and found.cycle == "11-23h2-w"
    assert "build 22631 is Windows 11" in found.note


def test_old_windows_assumes_the_only_service_pack_in_the_data_and_says_so(matcher):
    found = matcher.match(SoftwareFacts("Microsoft Windows XP Professional"), "os")
    assert found == Match(
        "windows",
        "5-sp3",
        MatchMethod.RULE,
        found.rule if found else "",
        "taken as SP3, the one the data lists",
    )
    rtm = matcher.match(SoftwareFacts("Microsoft Windows 7 Enterprise", version="6.1.7600"), "os")
    assert rtm is not None and rtm.cycle is None and "7 SP1 only" in rtm.note


def test_the_sql_server_rule_is_shown_as_a_readable_id(matcher):
    found = matcher.match(SoftwareFacts("Microsoft SQL Server 2014 (64-bit)", MS, "12.0.6024.0"))
    assert found == Match(
        "mssqlserver",
        "12.0-sp3",
        MatchMethod.RULE,
        "rule mssqlserver: 'Microsoft SQL Server 20xx' + build → service pack",
        "build 6024 is SP3",
    )


def test_a_rule_never_invents_a_cycle_the_data_lacks(products):
    # The data without windows 10-22h2: the rule's cycle is dropped, with a note.
    trimmed = [
        Product(
            p.slug,
            p.label,
            cycles=tuple(c for c in p.cycles if c.name != "10-22h2"),
        )
        if p.slug == "windows"
        else p
        for p in products
    ]
    found = Matcher(trimmed).match(
        SoftwareFacts("Microsoft Windows 10 Enterprise", version="10.0.19045"), "os"
    )
    assert found is not None and found.product == "windows" and found.cycle is None
    assert "no release cycle for Windows 10 22H2" in found.note


def test_a_rule_for_a_product_the_data_lacks_is_not_used():
    matcher = Matcher([supplement_product("widget", "Widget", [Cycle("", "1")])])
    assert matcher.match(SoftwareFacts("Python 3.8.10 (64-bit)")) is None


# Identifiers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "product", "cycle", "rule"),
    [
        (
            SoftwareFacts(
                "python3.12", purl="pkg:deb/ubuntu/python3.12@3.12.3-1ubuntu0.1?arch=amd64"
            ),
            "python",
            "3.12",
            "purl pkg:deb/ubuntu/python3.12",
        ),
        (
            SoftwareFacts("core", version="6.1.0", purl="pkg:npm/%40adonisjs/core"),
            "adonisjs",
            "6",
            "purl pkg:npm/%40adonisjs/core",
        ),
        (
            SoftwareFacts("core", purl="pkg:npm/@adonisjs/core@7.0.1"),
            "adonisjs",
            "7",
            "purl pkg:npm/%40adonisjs/core",
        ),
        (
            SoftwareFacts("tomcat", purl="pkg:maven/org.apache.tomcat/tomcat@9.0.83"),
            "tomcat",
            "9.0",
            "purl pkg:maven/org.apache.tomcat/tomcat",
        ),
        (
            SoftwareFacts("x", cpe="cpe:2.3:a:postgresql:postgresql:12.17:*:*:*:*:*:*:*"),
            "postgresql",
            "12",
            "cpe cpe:2.3:a:postgresql:postgresql",
        ),
        (
            SoftwareFacts("x", cpe="cpe:/a:oracle:jre:1.8.0:update351"),
            "oracle-jdk",
            "8",
            "cpe cpe:/a:oracle:jre",
        ),
        (
            SoftwareFacts("x", version="11.7", cpe="cpe:2.3:o:debian:debian_linux:*:*:*:*:*:*:*:*"),
            "debian",
            "11",
            "cpe cpe:2.3:o:debian:debian_linux",
        ),
    ],
)
def test_identifiers_match_the_products_identifiers_ignoring_version_and_qualifiers(
    matcher, facts, product, cycle, rule
):
    found = matcher.match(facts)
    assert found is not None
    assert (found.product, found.cycle, found.rule) == (product, cycle, rule)
    assert found.method in (MatchMethod.PURL, MatchMethod.CPE)


def test_an_identifier_wins_over_the_name_and_over_mappings(products):
    matcher = Matcher(products, [Mapping("Python 3.8.10 (64-bit)", None, None, "nodejs", "18")])
    facts = SoftwareFacts(
        "Python 3.8.10 (64-bit)", version="3.8.10", purl="pkg:generic/python@3.11.4"
    )
    found = matcher.match(facts)
    assert found is not None and (found.product, found.cycle) == ("python", "3.11")
    assert found.method is MatchMethod.PURL


def test_an_identifier_whose_version_is_not_cycle_shaped_takes_the_cycle_from_a_rule(matcher):
    facts = SoftwareFacts(
        "Microsoft SQL Server 2014 (64-bit)",
        MS,
        "12.0.6024.0",
        cpe="cpe:2.3:a:microsoft:sql_server:2014:sp3:*:*:*:*:x64:*",
    )
    found = matcher.match(facts)
    assert found is not None and found.method is MatchMethod.CPE
    assert found.cycle == "12.0-sp3" and "rule mssqlserver" in found.note
    alone = matcher.match(SoftwareFacts("sql", cpe="cpe:2.3:a:microsoft:sql_server:2014"))
    assert alone is not None and alone.product == "mssqlserver" and alone.cycle is None
    assert "version 2014 is in none" in alone.note


def test_an_identifier_two_products_share_counts_only_where_the_version_picks_one(matcher, by_slug):
    shared = "cpe:2.3:a:redhat:ansible"
    names = {"ansible", "ansible-core"}
    assert all(("cpe", shared) in by_slug[name].identifiers for name in names)
    fitting = [name for name in names if cycle_by_prefix("2.9.27", by_slug[name]) is not None]
    found = matcher.match(SoftwareFacts("ansible", cpe=f"{shared}:2.9.27"))
    if len(fitting) == 1:
        assert found is not None and found.product == fitting[0]
    else:
        assert found is None or found.method is not MatchMethod.CPE
    unknown = matcher.match(SoftwareFacts("ansible", cpe=f"{shared}:99.0"))
    assert unknown is None or unknown.method is not MatchMethod.CPE


def test_an_unknown_or_malformed_identifier_falls_through_to_the_name(matcher):
    for facts in (
        SoftwareFacts("Python 3.8.10 (64-bit)", purl="pkg:pypi/not-a-product@1.0"),
        SoftwareFacts("Python 3.8.10 (64-bit)", purl="not a purl"),
        SoftwareFacts("Python 3.8.10 (64-bit)", cpe="cpe:2.3:a:nobody:nothing:1.0"),
        SoftwareFacts("Python 3.8.10 (64-bit)", cpe="cpe:2.3:a"),
    ):
        found = matcher.match(facts)
        assert found is not None and found.method is MatchMethod.RULE and found.cycle == "3.8"


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        (
            "pkg:deb/ubuntu/python3.12@3.12.3?arch=amd64#x",
            (("deb", "ubuntu", "python3.12"), "3.12.3"),
        ),
        ("pkg:npm/%40angular/core@16.0.0", (("npm", "@angular", "core"), "16.0.0")),
        ("pkg:npm/@angular/core", (("npm", "@angular", "core"), None)),
        ("PKG:PyPI/Django_Rest.Framework@3.14", (("pypi", "", "django-rest-framework"), "3.14")),
        ("pkg:generic/python", (("generic", "", "python"), None)),
        ("pkg:maven/org.apache/Tomcat", (("maven", "org.apache", "tomcat"), None)),
        ("pkg:generic", None),
        ("python", None),
    ],
)
def test_package_urls_are_read_to_type_namespace_name_and_version(text, parsed):
    assert parse_purl(text) == parsed


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        (
            "cpe:2.3:a:microsoft:sql_server:2014:sp3:*:*:*:*:x64:*",
            (("microsoft", "sql_server"), "2014"),
        ),
        ("cpe:2.3:a:microsoft:.net:*:*:*:*:*:*:*:*", (("microsoft", ".net"), None)),
        (r"cpe:2.3:a:nodejs:node\.js:18.1.0", (("nodejs", "node.js"), "18.1.0")),
        ("cpe:/a:oracle:jre:1.8.0:update351", (("oracle", "jre"), "1.8.0")),
        ("cpe:/o:Microsoft:Windows", (("microsoft", "windows"), None)),
        ("cpe:2.3:a:apache:tomcat:-", (("apache", "tomcat"), None)),
        ("cpe:2.3:a", None),
        ("a:b:c", None),
    ],
)
def test_cpe_names_are_read_to_vendor_product_and_version(text, parsed):
    assert parse_cpe(text) == parsed


# Mappings --------------------------------------------------------------------------------


def test_a_mapping_wins_over_the_rules_and_is_compared_loosely(products):
    matcher = Matcher(products, [Mapping("python 3.8.10  (64-BIT)", None, None, "python", "3.9")])
    found = matcher.match(SoftwareFacts("Python 3.8.10 (64-bit)", "PSF", "3.8.10"))
    assert found is not None
    assert (found.product, found.cycle, found.method) == ("python", "3.9", MatchMethod.MAPPING)
    assert found.rule == "mapping 'python 3.8.10  (64-BIT)' (every version)"


def test_the_most_particular_mapping_wins_and_later_wins_between_equals(products):
    mappings = [
        Mapping("Acme Case Manager", None, None, "python", "3.6"),
        Mapping("Acme Case Manager", "Acme Ltd", None, "python", "3.7"),
        Mapping("Acme Case Manager", None, "4.2", "python", "3.8"),
        Mapping("Acme Case Manager", None, "4.2", "python", "3.9"),
        Mapping("Acme Case Manager", "Acme Ltd", "4.2", "python", "3.10"),
    ]
    matcher = Matcher(products, mappings)

    def cycle(publisher, version):
        found = matcher.match(SoftwareFacts("Acme Case Manager", publisher, version))
        return found.cycle if found else None

    assert cycle("ACME  ltd", "4.2") == "3.10"
    assert cycle("Other", "4.2") == "3.9"
    assert cycle("Acme Ltd", "5.0") == "3.7"
    assert cycle(None, None) == "3.6"


def test_a_mapping_without_a_cycle_takes_it_from_each_version(products):
    case_manager = supplement_product(
        "case-manager", "Case Manager", [Cycle("", "4", eol=True), Cycle("", "5", eol=False)]
    )
    matcher = Matcher(
        [*products, case_manager], [Mapping("CaseWorks", None, None, "case-manager", None)]
    )
    old = matcher.match(SoftwareFacts("CaseWorks", version="4.2.1"))
    assert old is not None and old.cycle == "4" and old.note == "release cycle from the version"
    assert is_end_of_life(case_manager.cycle("4"), datetime.date(2025, 1, 1))  # type: ignore[arg-type]
    unknown = matcher.match(SoftwareFacts("CaseWorks", version="7.0"))
    assert unknown is not None and unknown.cycle is None and "in none of" in unknown.note


def test_a_mapping_to_a_cycle_or_product_the_data_lacks_says_so(products):
    matcher = Matcher(
        products,
        [
            Mapping("Thing", None, None, "python", "1.5"),
            Mapping("Other thing", None, None, "gone-product", "2"),
        ],
    )
    thing = matcher.match(SoftwareFacts("Thing"))
    assert (
        thing is not None and thing.cycle is None and "1.5 is not in the Python data" in thing.note
    )
    other = matcher.match(SoftwareFacts("Other thing"))
    assert other is not None and other.product == "gone-product"
    assert "not in the lifecycle data" in other.note


# Calling it ------------------------------------------------------------------------------


def test_an_unknown_role_is_refused(matcher):
    with pytest.raises(Invalid, match="'device' is not something to match"):
        matcher.match(SoftwareFacts("Ubuntu 20.04"), "device")


def test_matching_again_is_a_remembered_answer(matcher):
    facts = SoftwareFacts("Microsoft SQL Server 2014 (64-bit)", MS, "12.0.6024.0")
    assert matcher.match(facts) is matcher.match(SoftwareFacts(*facts.__dict__.values()))


def test_every_rule_names_a_product_in_the_data(by_slug):
    assert [rule.key for rule in RULES if rule.product not in by_slug] == []
    assert len({rule.key for rule in RULES}) == len(RULES)


@pytest.mark.parametrize(
    ("version", "slug", "cycle"),
    [
        ("3.8.10", "python", "3.8"),
        ("3.10.4", "python", "3.10"),
        ("17.0.6", "oracle-jdk", "17"),
        ("1.8.0_351", "oracle-jdk", "8"),
        ("1.4.2", "oracle-jdk", "1.4"),
        ("6.7.0", "esxi", "6.7"),
        ("2.12.4", "log4j", "2.12"),
        ("2.17.1", "log4j", "2"),
        ("1:2.4.57-5.el9", "apache-http-server", "2.4"),
        ("v18.19.0", "nodejs", "18"),
        ("20.04.6", "ubuntu", "20.04"),
        ("3.7", "python", "3.7"),
        ("3", "python", None),
        ("", "python", None),
        ("abc", "python", None),
    ],
)
def test_the_cycle_of_a_version_is_the_longest_dotted_prefix(by_slug, version, slug, cycle):
    assert cycle_by_prefix(version, by_slug[slug]) == cycle


def test_names_are_read_without_trademark_signs_or_extra_spaces():
    assert normalise_name("Java(TM)  SE Development Kit\t17 ") == "Java SE Development Kit 17"
    assert normalise_name("Microsoft® Windows® 10 Pro") == "Microsoft Windows 10 Pro"
    assert version_numbers("8u362-b09") == (8,)


# Suggestions -----------------------------------------------------------------------------


def test_suggestions_offer_candidates_by_shared_words_best_first(matcher):
    suggestions = matcher.suggest("Microsoft SQL Server 2014 Management Objects")
    assert suggestions[0].product == "mssqlserver"
    assert suggestions[0].label == "Microsoft SQL Server"
    assert len(suggestions) == 5
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    assert matcher.suggest("Mozilla Firefox Developer Edition", limit=1)[0].product == "firefox"


def test_suggestions_are_empty_for_no_shared_word_and_never_used_by_match(matcher):
    assert matcher.suggest("zzzz qqqq 2014") == []
    assert matcher.suggest("") == []
    assert matcher.suggest("Firefox", limit=0) == []
    assert (
        matcher.match(SoftwareFacts("Mozilla Firefox Developer Edition", version="121.0")) is None
    )


# Properties ------------------------------------------------------------------------------

FRAGMENTS = [
    "Microsoft",
    "Windows",
    "Server",
    "SQL",
    "Office",
    "2016",
    "2014",
    "R2",
    "10",
    "11",
    "Enterprise",
    "Pro",
    "Java",
    "Update",
    "8",
    "Python",
    "3.8.10",
    "(64-bit)",
    "Redistributable",
    "Visual",
    "C++",
    "Management",
    "Objects",
    "Native",
    "Client",
    "LTSC",
    "Ubuntu",
    "20.04",
    "Debian",
    "CentOS",
    "Linux",
    "7",
    "ESXi",
    "Node.js",
    ".NET",
    "Framework",
    "Runtime",
    "-",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6),
    st.one_of(st.none(), st.sampled_from(["10.0.19045", "12.0.6024.0", "3.8.10", "22H2", "7.9"])),
    st.sampled_from(["software", "os", "hypervisor"]),
)
def test_a_match_only_ever_names_a_cycle_the_product_has(matcher, by_slug, words, version, role):
    found = matcher.match(SoftwareFacts(" ".join(words), version=version), role)
    if found is not None and found.cycle is not None:
        assert by_slug[found.product].cycle(found.cycle) is not None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.sampled_from(["software", "os", "hypervisor"]))
def test_any_text_is_matched_or_refused_without_error(matcher, name, role):
    found = matcher.match(SoftwareFacts(name), role)
    assert found is None or found.product
