"""The one API object; each app adds its routers here."""

from govdx.core.api import build_api
from govdx.estate.api import ROUTERS as ESTATE_ROUTERS
from govdx.governance.api import ROUTERS as GOVERNANCE_ROUTERS
from govdx.org.api import ROUTERS as ORG_ROUTERS
from govdx.people.api import ROUTERS as PEOPLE_ROUTERS
from govdx.programme.api import ROUTERS as PROGRAMME_ROUTERS
from govdx.risk.api import ROUTERS as RISK_ROUTERS

api = build_api()
for prefix, router in {
    **ORG_ROUTERS,
    **RISK_ROUTERS,
    **ESTATE_ROUTERS,
    **PROGRAMME_ROUTERS,
    **GOVERNANCE_ROUTERS,
    **PEOPLE_ROUTERS,
}.items():
    api.add_router(f"/{prefix}", router)
