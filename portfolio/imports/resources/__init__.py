"""Import resources, one module per kind; ``RESOURCES`` maps an ImportKind to its resource."""

from __future__ import annotations

from portfolio.choices import ImportKind
from portfolio.imports.resources.base import PortalResource
from portfolio.imports.resources.budget import BudgetOutcomeResource
from portfolio.imports.resources.contracts import ContractResource
from portfolio.imports.resources.costs import SystemCostResource
from portfolio.imports.resources.initiatives import InitiativeResource
from portfolio.imports.resources.rentals import RentalCountResource
from portfolio.imports.resources.systems import SystemResource

RESOURCES: dict[str, type[PortalResource]] = {
    ImportKind.SYSTEM: SystemResource,
    ImportKind.CONTRACT: ContractResource,
    ImportKind.SYSTEM_COST: SystemCostResource,
    ImportKind.INITIATIVE: InitiativeResource,
    ImportKind.BUDGET_OUTCOME: BudgetOutcomeResource,
    ImportKind.RENTAL_COUNT: RentalCountResource,
}
