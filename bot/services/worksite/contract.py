"""The participation contract: drafted by the household's animator (or a coordinator) after the
preparation visit, read and accepted by the household with a tap. A change to a version someone
accepted makes a new version, which the household accepts in turn."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    ContractAcceptance,
    Doer,
    Household,
    ItemProgress,
    MaterialLine,
    Person,
    Role,
    WorkKind,
    WorksiteContract,
    WorksItem,
)
from bot.services import audit, delivery
from bot.services.content import ContentLibrary
from bot.services.payloads import Payload
from bot.services.worksite import materials
from bot.services.worksite.rules import (
    WorksiteRefusal,
    WorksiteRefused,
    household_of_tenant,
    household_to_edit,
    household_to_see,
)

PROPOSED = "worksite.contract"  # to each tenant: a version of the contract to read and accept
MAX_ROOM_CHARS = 60
MAX_ITEMS = 12  # a contract on one phone screen, its buttons within Telegram's limits


class Commitment(str, enum.Enum):
    help_other_worksite = "help"
    come_to_workshops = "workshops"


class ProposedPayload(Payload):
    household_id: int
    version: int


@dataclass(frozen=True)
class Contract:
    """A contract as its screens and its PDF show it."""

    household: Household
    contract: WorksiteContract
    items: list[WorksItem]
    accepted: ContractAcceptance | None  # of the current version, the first tap
    accepted_by: str | None  # the tenant's name, while they have not erased their data

    @property
    def signed(self) -> bool:
        return self.accepted is not None


async def _contract(session: AsyncSession, household_id: int) -> WorksiteContract | None:
    return (
        await session.exec(select(WorksiteContract).where(col(WorksiteContract.household_id) == household_id))
    ).first()


async def _view(session: AsyncSession, household: Household, contract: WorksiteContract) -> Contract:
    items = (
        await session.exec(
            select(WorksItem).where(col(WorksItem.contract_id) == contract.id).order_by(col(WorksItem.id))
        )
    ).all()
    accepted = (
        await session.exec(
            select(ContractAcceptance)
            .where(
                col(ContractAcceptance.contract_id) == contract.id, col(ContractAcceptance.version) == contract.version
            )
            .order_by(col(ContractAcceptance.id))
        )
    ).first()
    name = None
    if accepted is not None and accepted.person_id is not None:
        person = await session.get(Person, accepted.person_id)
        name = person.name if person is not None else None
    return Contract(household, contract, list(items), accepted, name)


async def of_household(session: AsyncSession, person: Person, household_id: int) -> Contract | None:
    """The household's contract for someone who may see it; None when none was drafted."""
    household = await household_to_see(session, person, household_id)
    contract = await _contract(session, household.id)
    return await _view(session, household, contract) if contract is not None else None


async def _for_edit(
    session: AsyncSession, person: Person, household_id: int, *, default_percent: int, now: datetime
) -> tuple[Household, WorksiteContract]:
    household = await household_to_edit(session, person, household_id)
    contract = await _contract(session, household.id)
    if contract is None:
        contract = WorksiteContract(
            household_id=household.id,
            contribution_percent=default_percent,
            created_by_id=person.id,
            created_at=now,
            updated_at=now,
        )
        session.add(contract)
        await session.flush()
        await audit.record(
            session, "worksite.draft", actor_id=person.id, target_type="household", target_id=household.id, now=now
        )
    return household, contract


async def draft(
    session: AsyncSession, person: Person, household_id: int, *, default_percent: int, now: datetime
) -> Contract:
    """The household's contract, drafted now (with the programme's contribution) if it had none."""
    household, contract = await _for_edit(session, person, household_id, default_percent=default_percent, now=now)
    return await _view(session, household, contract)


async def _changed(session: AsyncSession, contract: WorksiteContract, now: datetime) -> None:
    """A change to an accepted version makes a new one: the household accepts it again."""
    accepted = (
        await session.exec(
            select(ContractAcceptance.id).where(
                col(ContractAcceptance.contract_id) == contract.id, col(ContractAcceptance.version) == contract.version
            )
        )
    ).first()
    if accepted is not None:
        contract.version += 1
    contract.updated_at = now
    session.add(contract)
    await session.flush()


def clean_room(text: str | None) -> str | None:
    room = " ".join((text or "").split())
    return room if 1 <= len(room) <= MAX_ROOM_CHARS else None


async def add_item(
    session: AsyncSession,
    person: Person,
    household_id: int,
    *,
    room: str,
    kind: WorkKind,
    doer: Doer,
    sessions_planned: int,
    area_m2: float | None,
    library: ContentLibrary,
    default_percent: int,
    now: datetime,
) -> WorksItem:
    """A works item, its materials pre-filled from the kind's tutorials (quantities from `area_m2`)."""
    cleaned = clean_room(room)
    if cleaned is None or not 0 <= sessions_planned <= 50 or (area_m2 is not None and not 0 < area_m2 <= 1000):
        raise WorksiteRefused(WorksiteRefusal.bad_value)
    household, contract = await _for_edit(session, person, household_id, default_percent=default_percent, now=now)
    count = len((await session.exec(select(WorksItem.id).where(col(WorksItem.contract_id) == contract.id))).all())
    if count >= MAX_ITEMS:
        raise WorksiteRefused(WorksiteRefusal.bad_value)
    item = WorksItem(
        contract_id=contract.id,
        room=cleaned,
        kind=kind,
        doer=doer,
        sessions_planned=sessions_planned,
        area_m2=area_m2,
        progress=ItemProgress.not_started,
    )
    session.add(item)
    await session.flush()
    await materials.prefill(session, contract, item, library)
    await _changed(session, contract, now)
    await audit.record(
        session, "worksite.item", actor_id=person.id, target_type="household", target_id=household.id, now=now
    )
    return item


async def item_to_edit(session: AsyncSession, person: Person, item_id: int) -> tuple[WorksiteContract, WorksItem]:
    item = await session.get(WorksItem, item_id)
    contract = await session.get(WorksiteContract, item.contract_id) if item is not None else None
    if item is None or contract is None:
        raise WorksiteRefused(WorksiteRefusal.not_allowed)
    await household_to_edit(session, person, contract.household_id)
    return contract, item


async def set_progress(
    session: AsyncSession, person: Person, item_id: int, progress: ItemProgress, *, now: datetime
) -> WorksItem:
    _, item = await item_to_edit(session, person, item_id)
    if item.progress is not progress:
        item.progress = progress
        item.progress_at = now
        session.add(item)
        await session.flush()
    return item


async def set_area(session: AsyncSession, person: Person, item_id: int, area_m2: float, *, now: datetime) -> WorksItem:
    """What the animator measured: the measured material's quantity follows."""
    if not 0 < area_m2 <= 1000:
        raise WorksiteRefused(WorksiteRefusal.bad_value)
    contract, item = await item_to_edit(session, person, item_id)
    item.area_m2 = area_m2
    session.add(item)
    await materials.remeasure(session, item)
    contract.updated_at = now
    session.add(contract)
    await session.flush()
    return item


async def remove_item(session: AsyncSession, person: Person, item_id: int, *, now: datetime) -> int:
    """Remove an item and its materials; returns the household's id."""
    contract, item = await item_to_edit(session, person, item_id)
    for line in (await session.exec(select(MaterialLine).where(col(MaterialLine.item_id) == item.id))).all():
        await session.delete(line)
    await session.delete(item)
    await session.flush()
    await _changed(session, contract, now)
    return contract.household_id


async def set_contribution(
    session: AsyncSession,
    person: Person,
    household_id: int,
    *,
    percent: int | None = None,
    cents: int | None = None,
    default_percent: int,
    now: datetime,
) -> WorksiteContract:
    """A share of the materials the association buys, or an amount (exactly one of the two)."""
    if (percent is None) == (cents is None) or not 0 <= (percent or 0) <= 100 or not 0 <= (cents or 0) <= 10_000_00:
        raise WorksiteRefused(WorksiteRefusal.bad_value)
    _, contract = await _for_edit(session, person, household_id, default_percent=default_percent, now=now)
    if (contract.contribution_percent, contract.contribution_cents) != (percent, cents):
        contract.contribution_percent, contract.contribution_cents = percent, cents
        await _changed(session, contract, now)
    return contract


async def toggle(
    session: AsyncSession,
    person: Person,
    household_id: int,
    commitment: Commitment,
    *,
    default_percent: int,
    now: datetime,
) -> WorksiteContract:
    _, contract = await _for_edit(session, person, household_id, default_percent=default_percent, now=now)
    if commitment is Commitment.help_other_worksite:
        contract.help_other_worksite = not contract.help_other_worksite
    else:
        contract.come_to_workshops = not contract.come_to_workshops
    await _changed(session, contract, now)
    return contract


async def propose(session: AsyncSession, person: Person, household_id: int, *, now: datetime) -> int:
    """Tell the household's tenants that this version waits for them; returns how many were told."""
    household = await household_to_edit(session, person, household_id)
    contract = await _contract(session, household.id)
    if contract is None:
        raise WorksiteRefused(WorksiteRefusal.no_contract)
    view = await _view(session, household, contract)
    if not view.items:
        raise WorksiteRefused(WorksiteRefusal.empty)
    if view.signed:
        raise WorksiteRefused(WorksiteRefusal.nothing_to_accept)
    tenants = await session.exec(
        select(Person.id).where(
            col(Person.household_id) == household.id, col(Person.role) == Role.tenant, col(Person.active).is_(True)
        )
    )
    told = 0
    for tenant_id in tenants.all():
        told += await delivery.schedule(
            session,
            recipient_id=tenant_id,
            kind=PROPOSED,
            dedup_key=f"worksite:{contract.id}:v{contract.version}:person:{tenant_id}",
            due_at=now,
            now=now,
            params=ProposedPayload(household_id=household.id, version=contract.version),
        )
    return told


async def accept(session: AsyncSession, person: Person, household_id: int, version: int, *, now: datetime) -> Contract:
    """A tenant accepts the version they read (a stale button for an older version changes nothing)."""
    household = await household_of_tenant(session, person, household_id)
    contract = await _contract(session, household.id)
    if contract is None:
        raise WorksiteRefused(WorksiteRefusal.no_contract)
    view = await _view(session, household, contract)
    if version != contract.version or view.signed:
        raise WorksiteRefused(WorksiteRefusal.nothing_to_accept)
    if not view.items:
        raise WorksiteRefused(WorksiteRefusal.empty)
    session.add(ContractAcceptance(contract_id=contract.id, version=version, person_id=person.id, accepted_at=now))
    await session.flush()
    await audit.record(
        session,
        "worksite.accept",
        actor_id=person.id,
        target_type="household",
        target_id=household.id,
        details=f"version={version}",
        now=now,
    )
    return await _view(session, household, contract)
