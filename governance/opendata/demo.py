"""Demo data: Lysekil publishes its decisions and its system register as open data (CC0)."""

from __future__ import annotations

from governance.opendata.models import Licence, OpenDataPublication
from portfolio.demo import upsert
from portfolio.organisation.demo import kommun


def seed_open_data() -> None:
    upsert(
        OpenDataPublication,
        kommun=kommun("Lysekil"),
        defaults={
            "publish_decisions": True,
            "publish_systems": True,
            "licence": Licence.CC0,
            "description": (
                "Lysekils kommun publicerar IT-styrgruppens justerade beslut och en "
                "förteckning över kommunens IT-system. Frågor om datamängderna besvaras "
                "av digitaliseringsenheten."
            ),
            "contact_email": "oppnadata@example.se",
        },
    )
