"""Northshire Council's estate: about 3,000 devices across the directorates, reported by three
overlapping sources, 120 business applications, and the risks of what runs past its end of
life.

It goes through the real pipeline, as an estate manager's first months would. The offline copy
of endoflife.date is loaded (`lifecycle_data_load`). Three sources each give a file, written
here in a temporary folder in the shape that tool or supplier writes, and read back by
`import_inventory`:

- the council's own discovery tool: a CSV of software by asset, as a Lansweeper report exports
  it, for the desktops, laptops, servers, hypervisors and network kit on its network;
- its endpoint agents: an osqueryd result log (snapshot format) from a few hundred devices the
  discovery tool also knows, their host names written with another domain or in upper case,
  some upgraded since the scan, and a few cloud servers only the agents see;
- two outsourced suppliers' returns, each a workbook under a title row with its own headings
  and day-first dates: Northgate Managed IT Ltd was asked and has returned; Brightwater
  Software plc returned once, months ago, and was asked again 45 days ago with 30 days to
  answer, so its return is overdue and what govdx knows of its servers is stale.

The applications are recorded with their history, linked to the servers they run on and the
software (a database engine, a runtime) they depend on, and `estate_risks_sync` puts the
estate's end-of-life risks in the risk register.

There is no services module yet: each application names, in its description, the citizen
service it supports ("Supports: Council Tax billing").

Fictional, and the same for the same seed; dates count back from the day it is loaded
(`timezone.localdate()`), so the returns' due dates and the sources' ages read the same on any
day. Loading is idempotent: once the discovery tool's source exists, nothing is imported
again; lifecycle data missing the first time is loaded the next time it is there.
"""

from __future__ import annotations

import csv
import datetime
import json
import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from govdx.core.permissions import SYSTEM
from govdx.core.services import record_create
from govdx.estate import selectors, services
from govdx.estate.choices import Hosting, SourceKind
from govdx.estate.importers import import_inventory, supplier_return_template
from govdx.estate.models import (
    Application,
    Device,
    DeviceObservation,
    EstateRisk,
    Installation,
    LifecycleDataset,
    Software,
    Source,
    SupplierReturn,
)
from govdx.org.models import Department, Person, Supplier

LIFECYCLE_FILE = Path("endoflife") / "products-full.json"

DISCOVERY = "Northshire network discovery"
AGENTS = "Northshire endpoint agents"
NORTHGATE = "Northgate Managed IT Ltd"
BRIGHTWATER = "Brightwater Software plc"
SOURCES: tuple[tuple[str, str, str, str], ...] = (
    (
        DISCOVERY,
        SourceKind.DISCOVERY,
        "",
        "The council's discovery tool: a weekly scan of the civic centre network, exported as "
        "software by asset.",
    ),
    (
        AGENTS,
        SourceKind.AGENT,
        "",
        "osquery agents on the laptops of the agent pilot, the Linux servers and the cloud "
        "servers; the result log of their daily inventory packs.",
    ),
    (
        f"{NORTHGATE} estate returns",
        SourceKind.SUPPLIER_RETURN,
        NORTHGATE,
        "The servers Northgate runs for the council in its hosting centre, as it returns them.",
    ),
    (
        f"{BRIGHTWATER} estate returns",
        SourceKind.SUPPLIER_RETURN,
        BRIGHTWATER,
        "The servers of the revenues and benefits system Brightwater hosts, as it returns them.",
    ),
)

# Days before the day the demo is loaded.
BRIGHTWATER_FIRST_ASKED = 230
BRIGHTWATER_RETURNED = 200
BRIGHTWATER_ASKED_AGAIN = 45
DISCOVERY_SCAN = 35
NORTHGATE_ASKED = 30
NORTHGATE_AUDIT = 22
NORTHGATE_RETURNED = 20
AGENT_SNAPSHOT = 13
RETURN_DUE_DAYS = 30

# --- software, as inventories write it ----------------------------------------------------------

Package = tuple[str, str, str]  # name, publisher, version

MS = "Microsoft Corporation"
ORACLE = "Oracle Corporation"

OFFICE_365 = ("Microsoft 365 Apps for enterprise - en-gb", MS, "16.0.17928.20216")
OFFICE_2016 = ("Microsoft Office Professional Plus 2016", MS, "16.0.4266.1001")
OFFICE_2016_UPDATE = ("Update for Microsoft Office 2016 (KB5002623) 64-Bit Edition", MS, "")
OFFICE_2019 = ("Microsoft Office Professional Plus 2019", MS, "16.0.10417.20007")
TEAMS_ADDIN = ("Microsoft Teams Meeting Add-in for Microsoft Office", MS, "1.24.19402")
CHROME = ("Google Chrome", "Google LLC", "155.0.7731.60")
CHROME_BEHIND = ("Google Chrome", "Google LLC", "154.0.7690.112")
CHROME_STALE = ("Google Chrome", "Google LLC", "138.0.7204.184")
FIREFOX = ("Mozilla Firefox (x64 en-GB)", "Mozilla", "153.1.0")
FIREFOX_STALE = ("Mozilla Firefox (x64 en-GB)", "Mozilla", "144.0.2")
JAVA_8 = ("Java 8 Update 351 (64-bit)", ORACLE, "8.0.3510.10")
JAVA_8_OLD = ("Java 8 Update 202", ORACLE, "8.0.2020.8")
JDK_11 = ("Java(TM) SE Development Kit 11.0.16 (64-bit)", ORACLE, "11.0.16.0")
JDK_17 = ("Java(TM) SE Development Kit 17.0.6 (64-bit)", ORACLE, "17.0.6.0")
TEMURIN_17 = ("Eclipse Temurin JDK with Hotspot 17.0.9+9 (x64)", "Eclipse Adoptium", "17.0.9.9")
PYTHON_38 = ("Python 3.8.10 (64-bit)", "Python Software Foundation", "3.8.10150.0")
PYTHON_38_CORE = ("Python 3.8.10 Core Interpreter (64-bit)", "Python Software Foundation",
                  "3.8.10150.0")  # fmt: skip
PYTHON_311 = ("Python 3.11.4 (64-bit)", "Python Software Foundation", "3.11.4150.0")
PYTHON_LAUNCHER = ("Python Launcher", "Python Software Foundation", "3.11.4150.0")
SEVEN_ZIP = ("7-Zip 22.01 (x64)", "Igor Pavlov", "22.01")
SEVEN_ZIP_NEW = ("7-Zip 23.01 (x64)", "Igor Pavlov", "23.01")
ACROBAT = ("Adobe Acrobat Reader DC", "Adobe Systems Incorporated", "24.002.20933")
VCREDIST_64 = ("Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.36.32532", MS,
               "14.36.32532.0")  # fmt: skip
VCREDIST_86 = ("Microsoft Visual C++ 2015-2022 Redistributable (x86) - 14.36.32532", MS,
               "14.36.32532.0")  # fmt: skip
VCREDIST_2013 = ("Microsoft Visual C++ 2013 Redistributable (x64) - 12.0.40664", MS,
                 "12.0.40664.0")  # fmt: skip
DESKTOP_RUNTIME_6 = ("Microsoft Windows Desktop Runtime - 6.0.25 (x64)", MS, "6.0.25.33020")
DESKTOP_RUNTIME_8 = ("Microsoft Windows Desktop Runtime - 8.0.11 (x64)", MS, "8.0.11.34221")
CITRIX = ("Citrix Workspace 2309", "Citrix Systems, Inc.", "23.9.0.45")
ZOOM = ("Zoom Workplace (64-bit)", "Zoom Video Communications, Inc.", "6.2.11")
NOTEPAD_PLUS_OLD = ("Notepad++ (64-bit x64)", "Notepad++ Team", "8.5.8")
NOTEPAD_PLUS = ("Notepad++ (64-bit x64)", "Notepad++ Team", "8.9.2")
LIBREOFFICE = ("LibreOffice 7.5.9.2", "The Document Foundation", "7.5.9.2")
PUBLIC_PC_CLIENT = ("Library Public PC Booking Client", "Northshire Council", "4.2.1")
VSCODE = ("Microsoft Visual Studio Code (User)", MS, "1.94.2")
MAC_WORD = ("Microsoft Word", MS, "16.89")
DOTNET_FRAMEWORK = ("Microsoft .NET Framework 4.8", MS, "4.8.04084")
SSMS = ("Microsoft SQL Server Management Studio - 19.1", MS, "19.1.56.0")
ODBC_17 = ("Microsoft ODBC Driver 17 for SQL Server", MS, "17.10.5.1")
AV_AGENT = ("Trend Micro Apex One Security Agent", "Trend Micro Inc.", "14.0.12980")
TOMCAT_WINDOWS = ("Apache Tomcat 8.5 Tomcat8 (remove only)", "The Apache Software Foundation",
                  "8.5.78")  # fmt: skip
POSTGRES_WINDOWS = ("PostgreSQL 11", "PostgreSQL Global Development Group", "11.22")
ORACLE_19C = ("Oracle Database 19c Enterprise Edition Release 19.0.0.0.0 - 64bit Production",
              ORACLE, "19.21.0.0.0")  # fmt: skip
TOMCAT_9 = ("Apache Tomcat 9.0", "The Apache Software Foundation", "9.0.85")

SQL_SERVERS: dict[str, tuple[Package, ...]] = {
    "sql2012": (
        ("Microsoft SQL Server 2012 (64-bit)", MS, "11.0.7001.0"),
        ("Microsoft SQL Server 2012 (64-bit)", MS, "11.0.7507.2"),
    ),
    "sql2014": (
        ("Microsoft SQL Server 2014 (64-bit)", MS, "12.0.6024.0"),
        ("Microsoft SQL Server 2014 (64-bit)", MS, "12.0.6449.1"),
        ("Microsoft SQL Server 2014 (64-bit)", MS, "12.0.5000.0"),
    ),
    "sql2016": (
        ("Microsoft SQL Server 2016 (64-bit)", MS, "13.0.6300.2"),
        ("Microsoft SQL Server 2016 (64-bit)", MS, "13.0.6435.1"),
    ),
    "sql2019": (
        ("Microsoft SQL Server 2019 (64-bit)", MS, "15.0.4345.5"),
        ("Microsoft SQL Server 2019 (64-bit)", MS, "15.0.4382.1"),
    ),
}
SQL_COMPANIONS: dict[str, tuple[Package, ...]] = {
    "sql2012": (("Microsoft SQL Server 2012 Native Client", MS, "11.4.7001.0"),),
    "sql2014": (("Microsoft SQL Server 2014 Management Objects  (x64)", MS, "12.0.2000.8"),),
    "sql2016": (("Microsoft SQL Server 2016 LocalDB", MS, "13.1.4001.0"),),
    "sql2019": (("Microsoft SQL Server 2019 Setup (English)", MS, "15.0.4382.1"),),
}

# (name, version) of each Windows release as the operating system reports it
WINDOWS_11_24H2 = ("Microsoft Windows 11 Enterprise", "10.0.26100.{}", (4351, 4652, 4946))
WINDOWS_11_23H2 = ("Microsoft Windows 11 Enterprise", "10.0.22631.{}", (4460, 5039, 5472))
WINDOWS_10_22H2 = ("Microsoft Windows 10 Enterprise", "10.0.19045.{}", (5131, 5371, 5608, 6093))
WINDOWS_10_21H2 = ("Microsoft Windows 10 Enterprise", "10.0.19044.{}", (4291, 5131))
WINDOWS_10_LTSC = ("Microsoft Windows 10 IoT Enterprise LTSC 2021", "10.0.19044.{}", (5608,))
WINDOWS_10_PRO = ("Microsoft Windows 10 Pro", "10.0.19045.{}", (5247,))
WINDOWS_7 = ("Microsoft Windows 7 Professional", "6.1.{}", (7601,))
WINDOWS_8_1 = ("Microsoft Windows 8.1 Pro", "6.3.{}", (9600,))
# (weight, release) for the staff estate
STAFF_WINDOWS = (
    (45, WINDOWS_11_24H2),
    (15, WINDOWS_11_23H2),
    (34, WINDOWS_10_22H2),
    (5, WINDOWS_10_21H2),
    (1, WINDOWS_10_LTSC),
)

WINDOWS_SERVERS = {
    "2012-r2": ("Microsoft Windows Server 2012 R2 Standard", "6.3.9600"),
    "2016": ("Microsoft Windows Server 2016 Standard", "10.0.14393"),
    "2019": ("Microsoft Windows Server 2019 Standard", "10.0.17763"),
    "2019-dc": ("Microsoft Windows Server 2019 Datacenter", "10.0.17763"),
    "2022": ("Microsoft Windows Server 2022 Standard", "10.0.20348"),
}
# SQL Server release -> the Windows Server releases its servers run
SQL_HOSTS = {
    "sql2012": ("2012-r2",),
    "sql2014": ("2012-r2", "2016"),
    "sql2016": ("2016",),
    "sql2019": ("2019", "2019-dc", "2022"),
}
SQL_POOL = {"sql2012": 3, "sql2014": 4, "sql2016": 4, "sql2019": 6}

LINUX = {
    "centos7": ("CentOS Linux 7 (Core)", "7.9.2009"),
    "rhel8": ("Red Hat Enterprise Linux 8.9 (Ootpa)", "8.9"),
    "ubuntu1804": ("Ubuntu 18.04.6 LTS", "18.04"),
    "ubuntu2004": ("Ubuntu 20.04.6 LTS", "20.04"),
    "ubuntu2204": ("Ubuntu 22.04.4 LTS", "22.04"),
}
# Linux packages as the discovery tool lists them (name, vendor, version), by release
LINUX_PACKAGES: dict[str, tuple[Package, ...]] = {
    "centos7": (
        ("tomcat", "CentOS", "7.0.76"),
        ("postgresql12-server", "PostgreSQL Global Development Group", "12.17"),
        ("httpd", "CentOS", "2.4.6"),
        ("java-1.8.0-openjdk", "CentOS", "1.8.0.392.b08"),
        ("python3", "CentOS", "3.6.8"),
        ("openssl", "CentOS", "1.0.2k"),
    ),
    "rhel8": (
        ("postgresql-server", "Red Hat, Inc.", "13.14"),
        ("nginx", "Red Hat, Inc.", "1.20.1"),
        ("java-17-openjdk", "Red Hat, Inc.", "17.0.10.0.7"),
        ("python3", "Red Hat, Inc.", "3.6.8"),
        ("Apache Tomcat 9.0", "The Apache Software Foundation", "9.0.85"),
    ),
    "ubuntu1804": (
        ("tomcat8", "Ubuntu Developers", "8.5.39"),
        ("postgresql-10", "Ubuntu Developers", "10.23"),
        ("python3", "Ubuntu Developers", "3.6.7"),
        ("openjdk-8-jre-headless", "Ubuntu Developers", "8u392-ga"),
    ),
    "ubuntu2004": (
        ("tomcat9", "Ubuntu Developers", "9.0.31"),
        ("postgresql-12", "Ubuntu Developers", "12.20"),
        ("python3", "Ubuntu Developers", "3.8.10"),
        ("nginx", "Ubuntu Developers", "1.18.0"),
        ("openjdk-11-jre-headless", "Ubuntu Developers", "11.0.24"),
    ),
    "ubuntu2204": (
        ("tomcat9", "Ubuntu Developers", "9.0.58"),
        ("postgresql-14", "Ubuntu Developers", "14.13"),
        ("python3", "Ubuntu Developers", "3.10.12"),
        ("nginx", "Ubuntu Developers", "1.18.0"),
        ("openjdk-17-jre-headless", "Ubuntu Developers", "17.0.12"),
    ),
}
LINUX_RELEASES = (("centos7", 5), ("rhel8", 3), ("ubuntu1804", 1), ("ubuntu2004", 2),
                  ("ubuntu2204", 3))  # fmt: skip

ESXI = (
    ("VMware ESXi 6.7.0 build-17700523", "6.7.0", 4),
    ("VMware ESXi 7.0.3 build-21930508", "7.0.3", 8),
    ("VMware ESXi 8.0.2 build-22380479", "8.0.2", 4),
)
NETWORK = (
    ("NSC-SW-CORE-{:02d}", "Switch", "Cisco Systems", "Catalyst 9500-48Y4C",
     "Cisco IOS XE Software, Version 17.9.4a", "17.9.4a", 2),
    ("NSC-SW-{:02d}", "Switch", "Cisco Systems", "Catalyst 9300-48P",
     "Cisco IOS XE Software, Version 17.12.3", "17.12.3", 22),
    ("NSC-SW-LIB-{:02d}", "Switch", "Cisco Systems", "Catalyst 2960X-24PS-L",
     "Cisco IOS XE Software, Version 17.6.5", "17.6.5", 6),
    ("NSC-FW-{:02d}", "Firewall", "Fortinet", "FortiGate 600E", "FortiOS v7.0.15", "7.0.15", 2),
    ("NSC-FW-DMZ-{:02d}", "Firewall", "Fortinet", "FortiGate 200F", "FortiOS v7.2.10", "7.2.10",
     2),
    ("NSC-RTR-{:02d}", "Router", "Cisco Systems", "ISR 4451", "Cisco IOS XE Software, Version "
     "17.9.5", "17.9.5", 2),
)  # fmt: skip

LAPTOPS = (
    ("Dell Inc.", "Latitude 5440", "dell"),
    ("Dell Inc.", "Latitude 7430", "dell"),
    ("HP", "HP EliteBook 840 G8 Notebook PC", "hp"),
    ("LENOVO", "ThinkPad T14 Gen 3", "lenovo"),
)
DESKTOPS = (
    ("Dell Inc.", "OptiPlex 7090", "dell"),
    ("Dell Inc.", "OptiPlex 7010", "dell"),
    ("HP", "HP EliteDesk 800 G6 Small Form Factor PC", "hp"),
)
OLD_DESKTOP = ("Dell Inc.", "OptiPlex 3020", "dell")

LOCATIONS = {
    "default": "Civic Centre, Northshire",
    "Housing": "Eastgate House",
    "Customer Services": "Civic Centre, Northshire",
    "Libraries": "Northshire Central Library",
    "Waste and Recycling": "Riverside Depot",
    "Highways": "Riverside Depot",
    "Parks and Open Spaces": "Riverside Depot",
    "Children's Social Care": "Eastgate House",
    "Early Help": "Northfield Family Hub",
    "Registration Services": "Northshire Register Office",
}
LIBRARY_BRANCHES = ("Northshire Central Library", "Eastgate Library", "Northfield Library",
                    "Westbrook Library", "Millbridge Library", "Hollins Library")  # fmt: skip

# Staff devices by team (about one for each of the council's staff in it)
TEAM_DEVICES = {
    "Policy and Performance": 40, "Communications": 30, "Transformation Office": 45,
    "Finance": 105, "Revenues and Benefits": 190, "Digital and IT": 160, "Procurement": 35,
    "Human Resources": 70, "Organisational Development": 25, "Payroll": 30,
    "Assessment and Care Management": 220, "Safeguarding Adults": 60, "Commissioning": 45,
    "Children's Social Care": 260, "Education and Inclusion": 130, "Early Help": 95,
    "Schools Admissions": 30, "Planning": 95, "Highways": 80, "Waste and Recycling": 70,
    "Parks and Open Spaces": 35, "Housing": 150, "Libraries": 70, "Customer Services": 170,
    "Registration Services": 30, "Legal Services": 65, "Democratic Services": 30,
    "Information Governance": 20, "Elections": 15,
}  # fmt: skip
LAPTOP_SHARE = 0.6
LIBRARY_PUBLIC_PCS = 140
MACS = 24
AGENT_DEVICES = 360
AGENT_UPGRADED = 25
STALE_SHARE = 0.03

# --- the applications ---------------------------------------------------------------------------

# Where an application runs: "sql2012" ... "sql2019" (an application server of its own and a
# database on one of the council's shared SQL Server hosts), "web" (a web server and SQL Server
# 2019), "java" (Linux servers with Tomcat and PostgreSQL), "cloud" (the council's Azure
# servers), "northgate" and "brightwater" (servers the supplier runs), "desktop" (an Access
# database on staff desktops, with Office), "saas" or "saas:SUPPLIER" (bought as a service),
# "hosted:SUPPLIER" (run by a supplier that makes no return).
# (name, team, the citizen service it supports, criticality, where it runs)
APPLICATIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Revenues and Benefits System", "Revenues and Benefits", "Council Tax billing", "critical",
     "brightwater"),
    ("Benefits Assessment", "Revenues and Benefits", "Housing Benefit and Council Tax Support",
     "critical", "brightwater"),
    ("Business Rates Billing", "Revenues and Benefits", "Business rates billing", "high",
     "brightwater"),
    ("Council Tax Online Account", "Revenues and Benefits", "Council Tax online account", "high",
     "brightwater"),
    ("Revenues Document Management", "Revenues and Benefits",
     "Council Tax and benefits correspondence", "medium", "sql2012"),
    ("Discretionary Housing Payments Tracker", "Revenues and Benefits",
     "Discretionary Housing Payments", "low", "desktop"),
    ("Financial Management System", "Finance", "Paying suppliers and collecting income",
     "critical", "northgate"),
    ("Income Management and Payments Gateway", "Finance", "Paying the council online", "high",
     "northgate"),
    ("Budget Planning Tool", "Finance", "Setting the council's budget", "medium", "sql2016"),
    ("Sundry Debt Recovery", "Finance", "Sundry debt recovery", "medium", "sql2014"),
    ("Treasury Management Workbook", "Finance", "Treasury management", "low", "desktop"),
    ("Pension Contributions Interface", "Finance", "Pension contributions", "medium", "sql2014"),
    ("Contracts Register", "Procurement", "Publishing contracts and tenders", "medium", "web"),
    ("e-Tendering Portal", "Procurement", "Tendering for council contracts", "medium", "saas"),
    ("Purchase Card Reconciliation", "Procurement", "Purchase card spending", "low", "desktop"),
    ("Identity and Access Management", "Digital and IT",
     "Staff sign-in to every council service", "critical", "sql2019"),
    ("Email and Collaboration", "Digital and IT", "Staff email, calendars and documents", "high",
     "saas"),
    ("IT Service Desk", "Digital and IT", "IT support for staff", "high", "java"),
    ("Corporate Intranet", "Digital and IT", "Staff news and guidance", "low", "web"),
    ("Device Management and Patching", "Digital and IT", "Keeping council devices secure",
     "high", "sql2016"),
    ("Backup and Recovery", "Digital and IT", "Restoring council systems after a failure",
     "high", "sql2014"),
    ("Virtual Desktop Platform", "Digital and IT", "Remote working for staff", "high", "sql2019"),
    ("Print Management", "Digital and IT", "Printing for staff", "low", "sql2012"),
    ("GIS Mapping Platform", "Digital and IT", "Maps for planning, highways and waste", "medium",
     "java"),
    ("Integration Hub", "Digital and IT", "Passing data between council systems", "high", "java"),
    ("Data Warehouse and Reporting", "Digital and IT", "Performance reporting", "medium",
     "sql2016"),
    ("Network Monitoring", "Digital and IT", "Keeping the council network running", "medium",
     "java"),
    ("HR and Payroll System", "Payroll", "Paying council staff", "critical", "northgate"),
    ("Recruitment Portal", "Human Resources", "Recruiting council staff", "medium", "saas"),
    ("Learning Management System", "Organisational Development", "Staff training", "low",
     "saas"),
    ("Occupational Health Records", "Human Resources", "Occupational health referrals", "medium",
     "sql2014"),
    ("Time and Attendance", "Payroll", "Recording hours and overtime", "medium", "sql2016"),
    ("Expenses Claims", "Payroll", "Staff expenses", "low", "saas"),
    ("DBS Checks Tracker", "Human Resources", "Disclosure and Barring checks for staff",
     "medium", "desktop"),
    ("Appraisals and Objectives", "Organisational Development", "Staff appraisals", "low", "web"),
    ("Adult Social Care Case Management", "Assessment and Care Management",
     "Adult social care assessments and support plans", "critical",
     "saas:Carewell Systems Ltd"),
    ("Care Provider Payments", "Commissioning", "Paying care providers", "high", "northgate"),
    ("Financial Assessment for Care", "Assessment and Care Management", "Charging for care",
     "high", "sql2014"),
    ("Safeguarding Adults Referrals", "Safeguarding Adults", "Safeguarding adults at risk",
     "high", "saas:Carewell Systems Ltd"),
    ("Deprivation of Liberty Safeguards Tracker", "Safeguarding Adults",
     "Deprivation of Liberty Safeguards", "high", "sql2012"),
    ("Telecare Monitoring", "Assessment and Care Management", "Telecare alarms for older people",
     "high", "sql2016"),
    ("Care Market Brokerage", "Commissioning", "Finding home care packages", "medium", "web"),
    ("Direct Payments Portal", "Commissioning", "Direct payments for care", "medium", "saas"),
    ("Community Equipment Service", "Assessment and Care Management",
     "Equipment for independent living", "medium", "sql2014"),
    ("Blue Badge Assessments", "Customer Services", "Blue Badge parking permits", "medium",
     "saas"),
    ("Children's Social Care Case Management", "Children's Social Care",
     "Children's social care and child protection", "critical", "saas:Carewell Systems Ltd"),
    ("Multi-Agency Safeguarding Hub Referrals", "Children's Social Care",
     "Referrals about children at risk", "critical", "sql2019"),
    ("Education Management System", "Education and Inclusion",
     "School census and pupil records", "high", "northgate"),
    ("Special Educational Needs Casework", "Education and Inclusion",
     "Education, health and care plans", "high", "sql2016"),
    ("School Admissions Portal", "Schools Admissions", "Applying for a school place", "high",
     "web"),
    ("Home to School Transport", "Schools Admissions", "Home to school transport", "medium",
     "sql2014"),
    ("Early Help Assessments", "Early Help", "Early help for families", "medium",
     "saas:Carewell Systems Ltd"),
    ("Free School Meals Eligibility Checker", "Education and Inclusion", "Free school meals",
     "medium", "cloud"),
    ("Fostering and Adoption Records", "Children's Social Care", "Fostering and adoption",
     "high", "sql2012"),
    ("Youth Justice Case Management", "Early Help", "Youth justice", "high", "saas"),
    ("Family Hub Bookings", "Early Help", "Family hubs and children's centres", "low", "saas"),
    ("Education Welfare and Attendance", "Education and Inclusion", "School attendance",
     "medium", "sql2014"),
    ("Planning Applications System", "Planning", "Planning applications", "high", "java"),
    ("Building Control System", "Planning", "Building control", "medium", "java"),
    ("Local Land Charges Register", "Planning", "Local land charges searches", "medium",
     "sql2012"),
    ("Local Plan Consultation Portal", "Planning", "Local plan consultation", "low", "saas"),
    ("Environmental Health and Licensing", "Planning", "Food hygiene inspections and licences",
     "high", "java"),
    ("Highways Asset Management", "Highways", "Road and pavement repairs", "high", "sql2014"),
    ("Street Works Permits", "Highways", "Street works permits", "medium", "saas"),
    ("Parking Permits and Enforcement", "Highways", "Parking permits and penalty charges",
     "high", "northgate"),
    ("Street Lighting Management", "Highways", "Street lighting faults", "low", "sql2016"),
    ("Winter Gritting Routes", "Highways", "Winter gritting", "medium", "desktop"),
    ("Waste Collection Rounds", "Waste and Recycling", "Bin collections", "critical", "java"),
    ("In-Cab Crew Devices", "Waste and Recycling", "Missed bin reports", "high", "saas"),
    ("Garden Waste Subscriptions", "Waste and Recycling", "Garden waste collection", "medium",
     "cloud"),
    ("Bulky Waste Bookings", "Waste and Recycling", "Bulky waste collection", "low", "web"),
    ("Fleet Management", "Waste and Recycling", "Council vehicles", "medium", "sql2012"),
    ("Trade Waste Billing", "Waste and Recycling", "Trade waste collection", "low", "sql2014"),
    ("Grounds Maintenance Scheduling", "Parks and Open Spaces",
     "Grass cutting and grounds maintenance", "low", "desktop"),
    ("Tree Inspections", "Parks and Open Spaces", "Tree safety", "low", "saas"),
    ("Allotments Register", "Parks and Open Spaces", "Allotments", "low", "desktop"),
    ("Bereavement Services Records", "Parks and Open Spaces", "Burials and cremations", "medium",
     "sql2012"),
    ("Housing Register and Allocations", "Housing", "Applying for social housing", "high",
     "northgate"),
    ("Homelessness Case Management", "Housing", "Homelessness advice and prevention", "high",
     "sql2019"),
    ("Temporary Accommodation Bookings", "Housing", "Temporary accommodation", "high",
     "sql2016"),
    ("Housing Repairs", "Housing", "Council housing repairs", "high", "java"),
    ("Rent Accounts", "Housing", "Council housing rents", "high", "northgate"),
    ("Disabled Facilities Grants", "Housing", "Home adaptations", "medium", "sql2014"),
    ("Private Sector Housing Licensing", "Housing", "Landlord licensing", "low", "web"),
    ("Library Management System", "Libraries", "Borrowing library books", "high", "saas"),
    ("Public Computer Bookings", "Libraries", "Public computers in libraries", "medium",
     "sql2012"),
    ("Library eBooks Platform", "Libraries", "eBooks and eAudiobooks", "low", "saas"),
    ("Customer Relationship Management", "Customer Services",
     "Reporting problems and requests to the council", "critical", "sql2019"),
    ("Council Website", "Customer Services", "Council information online", "high",
     "saas:Openfield Digital Co-operative"),
    ("Contact Centre Telephony", "Customer Services", "Telephoning the council", "critical",
     "hosted:Telecoms North Ltd"),
    ("Online Forms Platform", "Customer Services", "Online forms for every service", "high",
     "cloud"),
    ("Complaints and Compliments", "Customer Services", "Complaints about the council",
     "medium", "sql2016"),
    ("Appointment Booking", "Customer Services", "Booking appointments", "medium", "saas"),
    ("Webchat", "Customer Services", "Web chat with advisers", "low", "saas"),
    ("Hybrid Mail", "Customer Services", "Council letters", "medium",
     "hosted:Fenland Print and Mail"),
    ("Register Office Bookings", "Registration Services", "Registering births and deaths",
     "high", "web"),
    ("Ceremonies Bookings", "Registration Services", "Marriages and civil partnerships",
     "medium", "sql2014"),
    ("Citizenship Ceremonies Register", "Registration Services", "Citizenship ceremonies", "low",
     "desktop"),
    ("Community Grants Management", "Policy and Performance", "Community grants", "low", "saas"),
    ("Legal Case Management", "Legal Services", "Legal advice and court work for the council",
     "high", "sql2016"),
    ("Committee Management", "Democratic Services", "Council meetings, agendas and minutes",
     "medium", "saas"),
    ("Councillors' Casework", "Democratic Services", "Councillors' casework for residents", "low",
     "web"),
    ("Electoral Management System", "Elections", "Electoral register and elections", "critical",
     "sql2019"),
    ("Postal Vote Verification", "Elections", "Postal voting", "high", "sql2019"),
    ("Freedom of Information Requests", "Information Governance",
     "Freedom of information requests", "medium", "sql2014"),
    ("Subject Access Requests", "Information Governance", "Subject access requests", "medium",
     "sql2014"),
    ("Records Management", "Information Governance", "Keeping council records", "medium",
     "sql2012"),
    ("Register of Members' Interests", "Democratic Services",
     "Register of councillors' interests", "low", "web"),
    ("Performance Management Framework", "Policy and Performance",
     "Reporting the council's performance", "medium", "sql2016"),
    ("Consultation Hub", "Policy and Performance", "Public consultations", "medium", "saas"),
    ("Social Media Management", "Communications", "Council news and alerts", "low", "saas"),
    ("Press Release Publishing", "Communications", "Council news", "low", "web"),
    ("Transformation Portfolio Tracker", "Transformation Office", "The transformation programme",
     "medium", "sql2019"),
    ("Service Design Prototype Kit", "Transformation Office", "Designing new online services",
     "low", "saas:Openfield Digital Co-operative"),
    ("Emergency Planning and Business Continuity", "Policy and Performance",
     "Emergency planning", "high", "sql2014"),
    ("Equality Impact Assessments", "Policy and Performance", "Equality impact assessments",
     "low", "desktop"),
    ("Residents' Newsletter", "Communications", "Email newsletters to residents", "low", "saas"),
    ("Customer Insight Dashboards", "Policy and Performance", "Understanding residents' needs",
     "low", "sql2016"),
    ("Cashless Payment Kiosks", "Customer Services", "Paying at council buildings", "medium",
     "northgate"),
    ("Open Data Portal", "Policy and Performance", "Open data about the council", "low", "cloud"),
)  # fmt: skip

HOSTING = {
    "northgate": Hosting.SUPPLIER_HOSTED,
    "brightwater": Hosting.SUPPLIER_HOSTED,
    "hosted": Hosting.SUPPLIER_HOSTED,
    "saas": Hosting.SAAS,
    "cloud": Hosting.PUBLIC_CLOUD,
}

# --- the plan: every device and application, before any file is written --------------------------


@dataclass
class PlannedDevice:
    """A device as a source reports it."""

    hostname: str
    serial: str
    kind: str
    manufacturer: str
    model: str
    os_name: str
    os_version: str
    department: str
    location: str
    last_seen: datetime.date
    software: list[Package] = field(default_factory=list)
    address: str = ""


@dataclass
class PlannedApplication:
    """An application, with the host names and software it runs on once they are planned."""

    name: str
    team: str
    service: str
    criticality: str
    platform: str
    hosts: list[str] = field(default_factory=list)
    software: list[Package] = field(default_factory=list)


@dataclass
class EstatePlan:
    """What each source will say, and the applications, for one seed and day."""

    today: datetime.date
    discovery: list[PlannedDevice] = field(default_factory=list)
    agents: list[tuple[PlannedDevice, str, bool]] = field(default_factory=list)
    northgate: list[PlannedDevice] = field(default_factory=list)
    brightwater: list[PlannedDevice] = field(default_factory=list)
    applications: list[PlannedApplication] = field(default_factory=list)


def plan_estate(*, seed: int, today: datetime.date) -> EstatePlan:
    """The demo estate for `seed`, dated back from `today`: no database, no files."""
    rng = random.Random(seed + 5)
    plan = EstatePlan(today=today)
    plan.applications = [
        PlannedApplication(name, team, service, criticality, platform)
        for name, team, service, criticality, platform in APPLICATIONS
    ]
    scan = today - datetime.timedelta(days=DISCOVERY_SCAN)
    plan.discovery.extend(_staff_devices(rng, scan))
    plan.discovery.extend(_library_devices(rng, scan))
    plan.discovery.extend(_servers(rng, scan, plan.applications))
    plan.discovery.extend(_hypervisors_and_network(rng, scan))
    plan.brightwater = _brightwater(rng, today, plan.applications)
    plan.northgate = _northgate(rng, today, plan.applications)
    plan.discovery.extend(_northgate_seen_by_discovery(rng, scan, plan.northgate))
    plan.agents = _agents(rng, today, plan.discovery, plan.applications)
    for application in plan.applications:
        if application.platform == "desktop":
            application.software = [OFFICE_2016]
    return plan


def _serial(rng: random.Random, maker: str) -> str:
    letters = "BCDFGHJKLMNPQRSTVWXYZ0123456789"
    if maker == "dell":
        return "".join(rng.choice(letters) for _ in range(7))
    if maker == "hp":
        return "5CG" + "".join(rng.choice(letters) for _ in range(7))
    return "PF" + "".join(rng.choice(letters) for _ in range(6))


def _vm_serial(rng: random.Random) -> str:
    octets = [f"{rng.randrange(256):02x}" for _ in range(16)]
    return f"VMware-{' '.join(octets[:8])}-{' '.join(octets[8:])}"


def _seen(rng: random.Random, day: datetime.date) -> datetime.date:
    """The day the source last saw a device: within the week before `day`, a few long ago."""
    if rng.random() < STALE_SHARE:
        return day - datetime.timedelta(days=rng.randint(60, 120))
    return day - datetime.timedelta(days=rng.randint(0, 6))


def _weighted(rng: random.Random, choices: tuple[tuple[int, Any], ...]) -> Any:
    return rng.choices([value for _, value in choices], [weight for weight, _ in choices])[0]


def _windows(rng: random.Random, release: tuple[str, str, tuple[int, ...]]) -> tuple[str, str]:
    name, version, updates = release
    return name, version.format(rng.choice(updates))


def _staff_software(rng: random.Random, team: str) -> list[Package]:
    """What a member of staff's Windows device has installed."""
    software = [VCREDIST_64, VCREDIST_86]
    office = rng.random()
    if office < 0.55:
        software += [OFFICE_365, TEAMS_ADDIN]
    elif office < 0.85:
        software += [OFFICE_2016, OFFICE_2016_UPDATE, TEAMS_ADDIN]
    else:
        software += [OFFICE_2019, TEAMS_ADDIN]
    chrome = rng.random()
    if chrome < 0.7:
        software.append(CHROME)
    elif chrome < 0.95:
        software.append(CHROME_BEHIND)
    if rng.random() < 0.25:
        software.append(FIREFOX if rng.random() < 0.85 else FIREFOX_STALE)
    if rng.random() < 0.8:
        software.append(ACROBAT)
    if rng.random() < 0.6:
        software.append(SEVEN_ZIP if rng.random() < 0.6 else SEVEN_ZIP_NEW)
    if rng.random() < 0.2:
        software.append(JAVA_8 if rng.random() < 0.7 else JAVA_8_OLD)
    if rng.random() < 0.3:
        software.append(VCREDIST_2013)
    runtime = rng.random()
    if runtime < 0.15:
        software.append(DESKTOP_RUNTIME_6)
    elif runtime < 0.55:
        software.append(DESKTOP_RUNTIME_8)
    if rng.random() < 0.3:
        software.append(ZOOM)
    if rng.random() < 0.25:
        software.append(CITRIX)
    if team in ("Digital and IT", "Policy and Performance", "Transformation Office"):
        software.append(NOTEPAD_PLUS_OLD if rng.random() < 0.5 else NOTEPAD_PLUS)
        software.append(VSCODE)
        python = rng.random()
        if python < 0.4:
            software += [PYTHON_38, PYTHON_38_CORE]
        elif python < 0.8:
            software += [PYTHON_311, PYTHON_LAUNCHER]
        if team == "Digital and IT":
            software.append(rng.choice((JDK_11, JDK_17, TEMURIN_17)))
            software.append(SSMS)
    return software


def _staff_devices(rng: random.Random, scan: datetime.date) -> Iterator[PlannedDevice]:
    numbers = {"LT": 0, "DT": 0}
    for team, count in TEAM_DEVICES.items():
        location = LOCATIONS.get(team, LOCATIONS["default"])
        for _ in range(count):
            laptop = rng.random() < LAPTOP_SHARE
            prefix = "LT" if laptop else "DT"
            numbers[prefix] += 1
            maker, model, brand = rng.choice(LAPTOPS if laptop else DESKTOPS)
            os_name, os_version = _windows(rng, _weighted(rng, STAFF_WINDOWS))
            yield PlannedDevice(
                hostname=f"NSC-{prefix}-{numbers[prefix]:05d}",
                serial=_serial(rng, brand),
                kind="Laptop" if laptop else "Desktop",
                manufacturer=maker,
                model=model,
                os_name=os_name,
                os_version=os_version,
                department=team,
                location=location,
                last_seen=_seen(rng, scan),
                software=_staff_software(rng, team),
                address=f"10.{20 + len(team) % 8}.{rng.randrange(1, 255)}.{rng.randrange(2, 254)}",
            )
    # The stragglers: PCs that run one old thing and were never upgraded
    for number, (team, release, purpose) in enumerate(
        (
            ("Highways", WINDOWS_7, "traffic signal controller"),
            ("Highways", WINDOWS_7, "traffic signal controller"),
            ("Waste and Recycling", WINDOWS_7, "weighbridge"),
            ("Registration Services", WINDOWS_7, "register scanner"),
            ("Parks and Open Spaces", WINDOWS_7, "crematorium cremator control"),
            ("Elections", WINDOWS_7, "ballot paper printer"),
            ("Libraries", WINDOWS_8_1, "self-service kiosk"),
            ("Libraries", WINDOWS_8_1, "self-service kiosk"),
            ("Customer Services", WINDOWS_8_1, "queue management"),
            ("Digital and IT", WINDOWS_8_1, "legacy test machine"),
        ),
        start=1,
    ):
        maker, model, brand = OLD_DESKTOP
        os_name, os_version = _windows(rng, release)
        yield PlannedDevice(
            hostname=f"NSC-LEGACY-{number:02d}",
            serial=_serial(rng, brand),
            kind="Desktop",
            manufacturer=maker,
            model=f"{model} ({purpose})",
            os_name=os_name,
            os_version=os_version,
            department=team,
            location=LOCATIONS.get(team, LOCATIONS["default"]),
            last_seen=_seen(rng, scan),
            software=[JAVA_8_OLD, VCREDIST_2013, ACROBAT],
        )


def _library_devices(rng: random.Random, scan: datetime.date) -> Iterator[PlannedDevice]:
    """The public computers in the libraries: too old for Windows 11, rarely updated."""
    for number in range(1, LIBRARY_PUBLIC_PCS + 1):
        maker, model, brand = OLD_DESKTOP
        os_name, os_version = _windows(rng, WINDOWS_10_PRO)
        software = [LIBREOFFICE, PUBLIC_PC_CLIENT, ACROBAT, VCREDIST_64]
        software.append(CHROME_STALE if rng.random() < 0.3 else CHROME_BEHIND)
        if rng.random() < 0.4:
            software.append(FIREFOX_STALE)
        yield PlannedDevice(
            hostname=f"NSC-LIBPC-{number:03d}",
            serial=_serial(rng, brand),
            kind="Desktop",
            manufacturer=maker,
            model=model,
            os_name=os_name,
            os_version=os_version,
            department="Libraries",
            location=LIBRARY_BRANCHES[(number - 1) % len(LIBRARY_BRANCHES)],
            last_seen=_seen(rng, scan),
            software=software,
        )
    for number in range(1, MACS + 1):
        team = "Communications" if number <= MACS // 2 else "Transformation Office"
        yield PlannedDevice(
            hostname=f"NSC-MAC-{number:03d}",
            serial="C02" + _serial(rng, "dell") + "Q05",
            kind="Laptop",
            manufacturer="Apple Inc.",
            model="MacBook Pro (14-inch, 2023)",
            os_name="macOS",
            os_version=rng.choice(("14.6.1", "15.1")),
            department=team,
            location=LOCATIONS["default"],
            last_seen=_seen(rng, scan),
            software=[CHROME, MAC_WORD, ZOOM],
        )


def _windows_server_software(rng: random.Random) -> list[Package]:
    software = [DOTNET_FRAMEWORK, AV_AGENT, VCREDIST_64]
    if rng.random() < 0.5:
        software.append(SEVEN_ZIP)
    if rng.random() < 0.3:
        software.append(NOTEPAD_PLUS_OLD)
    if rng.random() < 0.2:
        software.append(JAVA_8)
    return software


def _server(
    rng: random.Random,
    hostname: str,
    release: str,
    team: str,
    scan: datetime.date,
    software: list[Package],
) -> PlannedDevice:
    if release in LINUX:
        os_name, os_version = LINUX[release]
    else:
        os_name, os_version = WINDOWS_SERVERS[release]
    physical = rng.random() < 0.1
    return PlannedDevice(
        hostname=hostname,
        serial=_serial(rng, "hp") if physical else _vm_serial(rng),
        kind="Server" if physical else "Virtual Machine",
        manufacturer="HPE" if physical else "VMware, Inc.",
        model="ProLiant DL380 Gen10" if physical else "VMware Virtual Platform",
        os_name=os_name,
        os_version=os_version,
        department=team,
        location="Civic Centre server room",
        last_seen=_seen(rng, scan),
        software=software,
        address=f"10.10.{rng.randrange(1, 40)}.{rng.randrange(10, 250)}",
    )


def _servers(
    rng: random.Random, scan: datetime.date, applications: list[PlannedApplication]
) -> Iterator[PlannedDevice]:
    """The servers in the civic centre: shared SQL Server hosts, each in-house application's
    own servers, the infrastructure, and the forgotten ones."""
    sql_hosts: dict[str, list[tuple[str, Package]]] = {}
    number = 0
    for platform, count in SQL_POOL.items():
        sql_hosts[platform] = []
        for _ in range(count):
            number += 1
            hostname = f"NSC-SQL-{number:02d}"
            engine = rng.choice(SQL_SERVERS[platform])
            software = [engine, *SQL_COMPANIONS[platform], SSMS, ODBC_17]
            software += _windows_server_software(rng)
            release = rng.choice(SQL_HOSTS[platform])
            sql_hosts[platform].append((hostname, engine))
            yield _server(rng, hostname, release, "Digital and IT", scan, software)
    counters = {"APP": 0, "WEB": 0, "LNX": 0}
    for application in applications:
        platform = application.platform
        servers = 2 if application.criticality in ("critical", "high") else 1
        if platform in SQL_POOL or platform == "web":
            database = "sql2019" if platform == "web" else platform
            host, engine = rng.choice(sql_hosts[database])
            application.hosts.append(host)
            application.software.append(engine)
            prefix = "WEB" if platform == "web" else "APP"
            for _ in range(servers):
                counters[prefix] += 1
                hostname = f"NSC-{prefix}-{counters[prefix]:03d}"
                release = rng.choice(SQL_HOSTS["sql2019"] if platform == "web" else
                                     SQL_HOSTS[platform])  # fmt: skip
                software = _windows_server_software(rng)
                if platform == "sql2014" and rng.random() < 0.3:
                    software.append(TOMCAT_WINDOWS)
                    application.software.append(TOMCAT_WINDOWS)
                if rng.random() < 0.3:
                    software.append(DESKTOP_RUNTIME_6)
                application.hosts.append(hostname)
                yield _server(rng, hostname, release, application.team, scan, software)
        elif platform == "java":
            for _ in range(servers):
                counters["LNX"] += 1
                hostname = f"NSC-LNX-{counters['LNX']:03d}"
                release = _weighted(rng, tuple((w, r) for r, w in LINUX_RELEASES))
                packages = list(LINUX_PACKAGES[release])
                application.hosts.append(hostname)
                application.software.extend(
                    p for p in packages if p[0].startswith(("tomcat", "postgresql", "Apache"))
                )
                yield _server(rng, hostname.lower(), release, application.team, scan, packages)
    infrastructure = (
        ("NSC-DC-{:02d}", 4, ("2019", "2016"), ()),
        ("NSC-FS-{:02d}", 6, ("2012-r2", "2016", "2019"), ()),
        ("NSC-PRT-{:02d}", 2, ("2012-r2",), ()),
        ("NSC-RDS-{:02d}", 12, ("2019",), (OFFICE_2016,)),
        ("NSC-SCCM-{:02d}", 1, ("2016",), (SSMS,)),
        ("NSC-WSUS-{:02d}", 1, ("2016",), ()),
        ("NSC-BKP-{:02d}", 3, ("2019",), ()),
        ("NSC-CA-{:02d}", 1, ("2012-r2",), ()),
        ("NSC-ADFS-{:02d}", 2, ("2016",), ()),
        ("NSC-GIS-{:02d}", 2, ("2016",), (POSTGRES_WINDOWS, JAVA_8)),
    )
    for pattern, count, releases, extra in infrastructure:
        for index in range(1, count + 1):
            software = [*_windows_server_software(rng), *extra]
            yield _server(rng, pattern.format(index), rng.choice(releases), "Digital and IT",
                          scan, software)  # fmt: skip
    # Servers no one has claimed: old projects, left running
    for _ in range(48):
        counters["APP"] += 1
        hostname = f"NSC-APP-{counters['APP']:03d}"
        release = _weighted(rng, ((4, "2012-r2"), (4, "2016"), (2, "2019")))
        software = _windows_server_software(rng)
        if rng.random() < 0.3:
            software.append(rng.choice(SQL_SERVERS["sql2014"] + SQL_SERVERS["sql2012"]))
        yield _server(rng, hostname, release, "Digital and IT", scan, software)


def _hypervisors_and_network(rng: random.Random, scan: datetime.date) -> Iterator[PlannedDevice]:
    number = 0
    for os_name, version, count in ESXI:
        for _ in range(count):
            number += 1
            yield PlannedDevice(
                hostname=f"NSC-ESX-{number:02d}",
                serial=_serial(rng, "dell"),
                kind="ESXi host",
                manufacturer="Dell Inc.",
                model="PowerEdge R740",
                os_name=os_name,
                os_version=version,
                department="Digital and IT",
                location="Civic Centre server room",
                last_seen=_seen(rng, scan),
            )
    yield PlannedDevice(
        hostname="NSC-VCSA-01",
        serial=_vm_serial(rng),
        kind="Virtual Machine",
        manufacturer="VMware, Inc.",
        model="VMware Virtual Platform",
        os_name="VMware vCenter Server Appliance 7.0.3",
        os_version="7.0.3",
        department="Digital and IT",
        location="Civic Centre server room",
        last_seen=_seen(rng, scan),
    )
    for pattern, kind, maker, model, os_name, version, count in NETWORK:
        for index in range(1, count + 1):
            yield PlannedDevice(
                hostname=pattern.format(index),
                serial="FOC" + _serial(rng, "dell") + "X",
                kind=kind,
                manufacturer=maker,
                model=model,
                os_name=os_name,
                os_version=version,
                department="Digital and IT",
                location=(
                    LIBRARY_BRANCHES[(index - 1) % len(LIBRARY_BRANCHES)]
                    if "LIB" in pattern
                    else "Civic Centre comms room"
                ),
                last_seen=_seen(rng, scan),
            )


def _supplier_servers(
    rng: random.Random,
    *,
    prefix: str,
    platform: str,
    applications: list[PlannedApplication],
    audit: datetime.date,
    site: str,
    releases: tuple[tuple[int, str], ...],
    databases: tuple[tuple[int, str], ...],
    spare: int,
) -> list[PlannedDevice]:
    """A supplier's servers: a shared database tier and each application's own servers."""
    devices: list[PlannedDevice] = []

    def server(role: str, team: str, software: list[Package]) -> PlannedDevice:
        count = sum(1 for d in devices if f"-{role}-" in d.hostname) + 1
        release = _weighted(rng, releases)
        while role == "SQL" and release in LINUX:
            release = _weighted(rng, releases)
        os_name, os_version = LINUX[release] if release in LINUX else WINDOWS_SERVERS[release]
        device = PlannedDevice(
            hostname=f"{prefix}-{role}-{count:03d}",
            serial=_vm_serial(rng),
            kind="Virtual Server",
            manufacturer="VMware, Inc.",
            model="VMware Virtual Platform",
            os_name=os_name,
            os_version=os_version,
            department=team,
            location=site,
            last_seen=audit - datetime.timedelta(days=rng.randint(0, 3)),
            software=[*software, AV_AGENT] if release not in LINUX else software,
        )
        devices.append(device)
        return device

    owned = [a for a in applications if a.platform == platform]
    database_hosts = []
    for _ in range(max(2, len(owned) // 2)):
        engine = rng.choice(SQL_SERVERS[_weighted(rng, databases)])
        database_hosts.append((server("SQL", "Digital and IT", [engine, SSMS]), engine))
    for application in owned:
        host, engine = rng.choice(database_hosts)
        application.hosts.append(host.hostname)
        application.software.append(engine)
        tiers = 4 if application.criticality == "critical" else 2
        for _ in range(tiers):
            software = [DOTNET_FRAMEWORK, VCREDIST_64]
            if rng.random() < 0.3:
                software.append(JAVA_8)
            application.hosts.append(server("APP", application.team, software).hostname)
    for _ in range(spare):
        server("APP", "Digital and IT", [DOTNET_FRAMEWORK])
    return devices


def _northgate(
    rng: random.Random, today: datetime.date, applications: list[PlannedApplication]
) -> list[PlannedDevice]:
    devices = _supplier_servers(
        rng,
        prefix="NSCNG",
        platform="northgate",
        applications=applications,
        audit=today - datetime.timedelta(days=NORTHGATE_AUDIT),
        site="Northgate Hosting Centre, Leeds",
        releases=((2, "2012-r2"), (5, "2016"), (5, "2019"), (2, "2022"), (1, "rhel8")),
        databases=((1, "sql2012"), (3, "sql2014"), (3, "sql2016"), (3, "sql2019")),
        spare=110,
    )
    for device in devices:
        if device.os_name.startswith("Red Hat"):
            device.software = [ORACLE_19C, TOMCAT_9]
        elif rng.random() < 0.1:
            # As the supplier's engineers write it, not as Windows does: left for a mapping
            device.software.append(("MS SQL 2014 Std", "Microsoft", "SP3"))
    return devices


def _brightwater(
    rng: random.Random, today: datetime.date, applications: list[PlannedApplication]
) -> list[PlannedDevice]:
    return _supplier_servers(
        rng,
        prefix="BWS-NSC",
        platform="brightwater",
        applications=applications,
        audit=today - datetime.timedelta(days=BRIGHTWATER_RETURNED + 2),
        site="Brightwater data centre, Milton Keynes",
        releases=((3, "2012-r2"), (1, "2016")),
        databases=((1, "sql2012"),),
        spare=2,
    )


def _northgate_seen_by_discovery(
    rng: random.Random, scan: datetime.date, northgate: list[PlannedDevice]
) -> Iterator[PlannedDevice]:
    """The Northgate servers the council's scan reaches over the hosting link: the same
    machines, written the discovery tool's way and filed under Digital and IT."""
    for device in northgate[::3]:
        yield PlannedDevice(
            hostname=device.hostname.upper(),
            serial=device.serial,
            kind="Virtual Machine",
            manufacturer=device.manufacturer,
            model=device.model,
            os_name=device.os_name,
            os_version=device.os_version,
            department="Digital and IT",
            location="Northgate hosting link",
            last_seen=scan - datetime.timedelta(days=rng.randint(0, 6)),
            software=[s for s in device.software if not s[0].startswith("MS SQL")],
        )


def _agents(
    rng: random.Random,
    today: datetime.date,
    discovery: list[PlannedDevice],
    applications: list[PlannedApplication],
) -> list[tuple[PlannedDevice, str, bool]]:
    """The agent pilot's devices as osquery reports them: (device, host name as the agent writes
    it, whether it reports system_info with the serial)."""
    day = today - datetime.timedelta(days=AGENT_SNAPSHOT)
    staff = [d for d in discovery if d.hostname.startswith(("NSC-LT-", "NSC-DT-"))]
    chosen = sorted(rng.sample(staff, AGENT_DEVICES), key=lambda d: d.hostname)
    upgraded = 0
    agents: list[tuple[PlannedDevice, str, bool]] = []
    for device in chosen:
        os_name, os_version = device.os_name, device.os_version
        if os_version.startswith("10.0.19045") and upgraded < AGENT_UPGRADED:
            upgraded += 1  # upgraded to Windows 11 since the scan
            os_name, os_version = _windows(rng, WINDOWS_11_24H2)
        software = [CHROME if s[0] == "Google Chrome" else s for s in device.software]
        seen = replace(device, os_name=os_name, os_version=os_version, software=software,
                       last_seen=day)  # fmt: skip
        agents.append((seen, _agent_hostname(rng, device.hostname), rng.random() < 0.65))
    for device in discovery:
        if device.hostname.startswith("nsc-lnx-") and len(agents) < AGENT_DEVICES + 12:
            seen = replace(device, last_seen=day)
            agents.append((seen, f"{device.hostname}.northshire.gov.uk", True))
    cloud = [a for a in applications if a.platform == "cloud"]
    for number in range(1, 19):
        role = ("web", "api", "etl", "worker")[number % 4]
        release = "ubuntu2004" if number % 6 == 0 else "ubuntu2204"
        hostname = f"nsc-az-{role}-{number:02d}"
        packages = [
            ("nginx", "Ubuntu Developers", "1.18.0-6ubuntu14.4"),
            ("php8.1", "Ubuntu Developers", "8.1.2-1ubuntu2.19"),
            ("python3", "Ubuntu Developers",
             "3.10.6-1~22.04.1" if release == "ubuntu2204" else "3.8.10-0ubuntu1~20.04.12"),
            ("openssl", "Ubuntu Developers", "3.0.2-0ubuntu1.18"),
        ]  # fmt: skip
        device = PlannedDevice(
            hostname=hostname,
            serial="",
            kind="",
            manufacturer="Microsoft Corporation",
            model="Virtual Machine",
            os_name="Ubuntu",
            os_version=f"{LINUX[release][0].split()[1]} LTS",
            department="",
            location="",
            last_seen=day,
            software=packages,
        )
        agents.append((device, hostname, True))
        application = cloud[number % len(cloud)]
        application.hosts.append(hostname)
        if packages[1] not in application.software:
            application.software.append(packages[1])
    return agents


def _agent_hostname(rng: random.Random, hostname: str) -> str:
    """The same machine, as its agent names it: another domain, or another case."""
    style = rng.random()
    if style < 0.5:
        return f"{hostname.lower()}.northshire.gov.uk"
    if style < 0.8:
        return f"{hostname}.NSC.LOCAL"
    return hostname.lower()


# --- the files, as each source writes them -------------------------------------------------------

DISCOVERY_HEADINGS = ("AssetName", "Domain", "IPAddress", "AssetType", "Manufacturer", "Model",
                      "Serialnumber", "OS", "OSVersion", "Department", "Location", "Software",
                      "Version", "Publisher", "Lastseen")  # fmt: skip


def write_discovery(path: Path, devices: list[PlannedDevice]) -> Path:
    """Software by asset, one row per piece of software (one row for a device with none)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(DISCOVERY_HEADINGS)
        for device in devices:
            seen = f"{device.last_seen.isoformat()} 0{len(device.hostname) % 10}:14:33"
            base = [device.hostname, "NSC", device.address, device.kind, device.manufacturer,
                    device.model, device.serial, device.os_name, device.os_version,
                    device.department, device.location]  # fmt: skip
            for name, publisher, version in device.software or [("", "", "")]:
                writer.writerow([*base, name, version, publisher, seen])
    return path


def write_agent_log(path: Path, agents: list[tuple[PlannedDevice, str, bool]]) -> Path:
    """An osqueryd result log in snapshot format: system_info, os_version and the software
    table of each host, one JSON record a line."""
    with path.open("w", encoding="utf-8") as handle:
        for number, (device, hostname, with_system_info) in enumerate(agents):
            moment = datetime.datetime.combine(
                device.last_seen, datetime.time(2, number % 60), tzinfo=datetime.UTC
            )
            base = {
                "hostIdentifier": hostname,
                "calendarTime": moment.strftime("%a %b %e %H:%M:%S %Y UTC"),
                "unixTime": int(moment.timestamp()),
                "epoch": 0,
                "counter": 0,
                "numerics": False,
                "decorations": {"hostname": hostname},
                "action": "snapshot",
            }
            records = []
            if with_system_info:
                records.append(("pack_inventory_system_info", [{
                    "hostname": hostname, "computer_name": hostname.split(".")[0],
                    "hardware_vendor": device.manufacturer, "hardware_model": device.model,
                    "hardware_serial": device.serial}]))  # fmt: skip
            linux = not device.os_name.startswith("Microsoft")
            platform = "windows" if not linux else device.os_name.split()[0].lower()
            major, _, minor = device.os_version.partition(".")
            records.append(("pack_inventory_os_version", [{
                "name": device.os_name.split(" (")[0] if linux else device.os_name,
                "version": device.os_version, "major": major, "minor": minor.split(".")[0],
                "patch": "0", "build": device.os_version.rsplit(".", 1)[-1],
                "platform": platform}]))  # fmt: skip
            if not linux:
                rows = [{"name": n, "version": v, "publisher": p, "install_location": "",
                         "identifying_number": ""} for n, p, v in device.software]  # fmt: skip
                records.append(("pack_inventory_programs", rows))
            elif "Ubuntu" in device.os_name:
                rows = [{"name": n, "version": v, "maintainer": p, "arch": "amd64",
                         "source": n} for n, p, v in device.software]  # fmt: skip
                records.append(("pack_inventory_deb_packages", rows))
            else:
                rows = [{"name": n, "version": v, "release": "1.el8" if "Red Hat" in p else
                         "1.el7", "vendor": p, "arch": "x86_64"}
                        for n, p, v in device.software]  # fmt: skip
                records.append(("pack_inventory_rpm_packages", rows))
            for name, snapshot in records:
                handle.write(json.dumps({"name": name, **base, "snapshot": snapshot}) + "\n")
    return path


NORTHGATE_HEADINGS = ("Server Name", "Serial No", "Type", "Operating System", "OS Version",
                      "Business Unit", "Site", "Installed Software", "Software Vendor",
                      "Software Version", "Last Audit Date", "Support Tier")  # fmt: skip
BRIGHTWATER_HEADINGS = ("Hostname", "Serial Number", "Operating System", "OS Version",
                        "Directorate", "Application", "Vendor", "Version", "Last Seen")  # fmt: skip


def write_supplier_return(
    path: Path, *, supplier: str, asked: datetime.date, devices: list[PlannedDevice]
) -> Path:
    """A supplier's return: its own workbook, a title and a note above its own headings."""
    from openpyxl import Workbook

    northgate = supplier == NORTHGATE
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Server estate"
    sheet.append([f"{supplier}: server estate return for Northshire Council"])
    sheet.append([f"In answer to your request of {asked:%d/%m/%Y}. Commercial in confidence."])
    sheet.append([])
    sheet.append(list(NORTHGATE_HEADINGS if northgate else BRIGHTWATER_HEADINGS))
    for device in devices:
        audit = f"{device.last_seen:%d/%m/%Y}"
        os_name = device.os_name.removeprefix("Microsoft ")
        for name, publisher, version in device.software or [("", "", "")]:
            if northgate:
                tier = "Gold" if device.department != "Digital and IT" else "Silver"
                sheet.append([device.hostname.lower(), device.serial, device.kind, os_name,
                              device.os_version, device.department, device.location, name,
                              publisher, version, audit, tier])  # fmt: skip
            else:
                sheet.append([device.hostname, device.serial, os_name, device.os_version,
                              device.department, name, publisher, version, audit])  # fmt: skip
    workbook.properties.creator = supplier
    workbook.save(path)
    return path


# --- loading -------------------------------------------------------------------------------------


def load_estate_demo(*, seed: int) -> dict[str, Any]:
    """Load the estate demo through the import pipeline; returns what the estate holds and any
    data that is missing, with what to do about it."""
    today = timezone.localdate()
    notes: list[str] = []
    loaded_lifecycle = _load_lifecycle_data(notes)
    if Source.objects.filter(name=DISCOVERY).exists():
        if loaded_lifecycle:
            services.estate_risks_sync(as_of=today, user=None)
        return _counts(today, notes)
    plan = plan_estate(seed=seed, today=today)
    for name, kind, supplier, description in SOURCES:
        record_create(
            model=Source,
            data={"name": name, "kind": kind, "description": description,
                  "supplier": Supplier.objects.get(name=supplier) if supplier else None},
            user=SYSTEM,
            reason="demo data",
        )  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="govdx-demo-estate-") as folder:
        _import_sources(Path(folder), plan)
    _create_applications(plan, seed)
    services.estate_risks_sync(as_of=today, user=None)
    return _counts(today, notes)


def _load_lifecycle_data(notes: list[str]) -> bool:
    """Load the offline endoflife.date copy once; note plainly when it is not there."""
    if LifecycleDataset.objects.exists():
        return False
    path = Path(settings.SHARED_DATA_DIR) / LIFECYCLE_FILE
    if not path.is_file():
        notes.append(
            f"lifecycle data missing: there is no {path}, so no software is matched to a "
            "release cycle and no end-of-life risk is raised; run govdx estate lifecycle-data "
            "load FILE with a copy of endoflife.date's /api/v1/products/full"
        )
        return False
    services.lifecycle_data_load(path=path, user=None)
    return True


def _days_ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def _import_sources(folder: Path, plan: EstatePlan) -> None:
    """Each source's files, in the order they arrived."""
    today = plan.today
    brightwater_source, northgate_source = SOURCES[3][0], SOURCES[2][0]

    asked = _days_ago(today, BRIGHTWATER_FIRST_ASKED)
    supplier_return_template(supplier_name=BRIGHTWATER, path=folder / "ask-brightwater-1.xlsx",
                             today=asked, due_in_days=RETURN_DUE_DAYS)  # fmt: skip
    returned = _days_ago(today, BRIGHTWATER_RETURNED)
    path = write_supplier_return(
        folder / f"brightwater-nsc-servers-{returned:%Y%m%d}.xlsx",
        supplier=BRIGHTWATER,
        asked=asked,
        devices=plan.brightwater,
    )
    import_inventory(path, source_name=brightwater_source, supplier_name=BRIGHTWATER,
                     observed=returned)  # fmt: skip

    supplier_return_template(supplier_name=BRIGHTWATER, path=folder / "ask-brightwater-2.xlsx",
                             today=_days_ago(today, BRIGHTWATER_ASKED_AGAIN),
                             due_in_days=RETURN_DUE_DAYS)  # fmt: skip

    scanned = _days_ago(today, DISCOVERY_SCAN)
    path = write_discovery(folder / f"software-by-asset-{scanned:%Y-%m-%d}.csv", plan.discovery)
    import_inventory(path, source_name=DISCOVERY, observed=scanned)

    asked = _days_ago(today, NORTHGATE_ASKED)
    supplier_return_template(supplier_name=NORTHGATE, path=folder / "ask-northgate.xlsx",
                             today=asked, due_in_days=RETURN_DUE_DAYS)  # fmt: skip
    returned = _days_ago(today, NORTHGATE_RETURNED)
    path = write_supplier_return(
        folder / f"NMIT-NSC-server-estate-{returned:%d%m%Y}.xlsx",
        supplier=NORTHGATE,
        asked=asked,
        devices=plan.northgate,
    )
    import_inventory(path, source_name=northgate_source, supplier_name=NORTHGATE,
                     observed=returned)  # fmt: skip

    snapshot = _days_ago(today, AGENT_SNAPSHOT)
    path = write_agent_log(folder / "osqueryd.results.log", plan.agents)
    import_inventory(path, source_name=AGENTS, observed=snapshot)


def _create_applications(plan: EstatePlan, seed: int) -> None:
    rng = random.Random(seed + 6)
    teams = {d.name: d for d in Department.objects.all()}
    suppliers = {s.name: s for s in Supplier.objects.all()}
    devices: dict[str, int] = dict(Device.objects.values_list("hostname_key", "id"))
    software = {
        (name, publisher, version): pk
        for pk, name, publisher, version in Software.objects.filter(role="software").values_list(
            "id", "name", "publisher", "version"
        )
    }
    people: dict[int, list[Person]] = {}
    for application in plan.applications:
        team = teams[application.team]
        if team.pk not in people:
            people[team.pk] = list(
                Person.objects.filter(department=team).order_by("staff_number", "pk")
            )
        platform, _, supplier_name = application.platform.partition(":")
        supplier = suppliers.get(supplier_name) or suppliers.get(
            {"northgate": NORTHGATE, "brightwater": BRIGHTWATER}.get(platform, "")
        )
        keys = {host.split(".")[0].lower() for host in application.hosts}
        services.application_create(
            data={
                "name": application.name,
                "description": f"Supports: {application.service}.",
                "owner": rng.choice(people[team.pk]) if people[team.pk] else None,
                "department": team,
                "criticality": application.criticality,
                "hosting": HOSTING.get(platform, Hosting.ON_PREMISES),
                "supplier": supplier,
                "devices": [devices[key] for key in sorted(keys) if key in devices],
                "software": sorted({software[p] for p in application.software if p in software}),
            },
            user=SYSTEM,
            reason="demo data",
        )


def _counts(today: datetime.date, notes: list[str]) -> dict[str, Any]:
    report = selectors.lifecycle_report(as_of=today, within_days=0)
    observed_twice = (
        DeviceObservation.objects.values("device").annotate(n=Count("id")).filter(n__gte=2)
    )
    return {
        "devices": Device.objects.count(),
        "installations": Installation.objects.count(),
        "applications": Application.objects.count(),
        "sources": Source.objects.count(),
        "devices_in_two_or_more_sources": observed_twice.count(),
        "supplier_returns": SupplierReturn.objects.count(),
        "supplier_returns_overdue": SupplierReturn.objects.filter(
            received__isnull=True, due_on__lt=today
        ).count(),
        "end_of_life_cycles": sum(1 for e in report.end_of_life if e.devices > 0),
        "estate_risks": EstateRisk.objects.count(),
        "notes": notes,
    }
