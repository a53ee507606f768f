"""The worksite's rules without Telegram (issue 17): who may edit and see, every refusal changes
nothing, quantities from m² by content/quantities.yaml, the contribution, photos checked and
stored, and erasure and retention deleting the photos' files."""

from __future__ import annotations

import math
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from bot.models import (
    Buyer,
    ContractAcceptance,
    Doer,
    MaterialLine,
    Phase,
    PhotoStage,
    Role,
    WorkKind,
    WorksItem,
    WorksPhoto,
    WorksSession,
)
from bot.sandbox.testing import make_png
from bot.services import erasure, privacy, retention
from bot.services.worksite import contract, journal, materials, photos, quantities
from bot.services.worksite.rules import WorksiteRefusal, WorksiteRefused
from tests import factories
from tests.conftest import DEFAULT_NOW as NOW

PARIS = factories.PARIS


async def _world(session):  # type: ignore[no-untyped-def]
    nadia = await factories.staff(session, 1, Role.animator, "Nadia")
    other = await factories.staff(session, 2, Role.animator, "Omar")
    claire = await factories.staff(session, 3, Role.coordinator, "Claire")
    household = await factories.household(
        session, "W-1", phase=Phase.works, animator=nadia, tenants=[(11, "Amina", "ar")]
    )
    stranger = await factories.tenant(session, 12)
    amina = (await session.exec(select(factories.Person).where(factories.Person.telegram_id == 11))).one()
    return nadia, other, claire, household, amina, stranger


async def _item(session, person, household, library, area=20.0, kind=WorkKind.walls):  # type: ignore[no-untyped-def]
    return await contract.add_item(
        session,
        person,
        household.id,
        room="Salon",
        kind=kind,
        doer=Doer.household,
        sessions_planned=2,
        area_m2=area,
        library=library,
        default_percent=10,
        now=NOW,
    )


def test_quantities_follow_the_rules_in_content():
    rules = quantities.quantity_rules()
    walls = quantities.kind_rules()[WorkKind.walls].measured
    assert walls is not None
    paint = quantities.measured_quantity(walls, 25)
    assert (paint.amount, paint.unit) == (math.ceil(25 * 2 / 10 / 2.5), "tin")
    paper = quantities.measured_quantity(quantities.kind_rules()[WorkKind.wallpaper].measured, 20)  # type: ignore[arg-type]
    strips = math.ceil(20 / 2.5 / 0.53)
    assert (paper.amount, paper.unit) == (math.ceil(strips / math.floor(10.05 / 2.6)) + 1, "roll")
    floor = quantities.measured_quantity(quantities.kind_rules()[WorkKind.floor].measured, 12)  # type: ignore[arg-type]
    assert (floor.amount, floor.unit) == (math.ceil(12 * 1.1), "m2")
    assert all(source for source in quantities.sources(rules))


async def test_only_the_animator_and_coordinators_edit_and_refusals_change_nothing(session, library):
    nadia, other, claire, household, amina, stranger = await _world(session)
    for person in (other, amina, stranger):
        with pytest.raises(WorksiteRefused) as refused:
            await _item(session, person, household, library)
        assert refused.value.reason is WorksiteRefusal.not_allowed
    assert (await session.exec(select(WorksItem))).all() == []
    await _item(session, nadia, household, library)
    await _item(session, claire, household, library, kind=WorkKind.floor)
    with pytest.raises(WorksiteRefused):
        await contract.of_household(session, stranger, household.id)
    seen = await contract.of_household(session, amina, household.id)
    assert seen is not None and len(seen.items) == 2
    with pytest.raises(WorksiteRefused) as refused:
        await contract.accept(session, nadia, household.id, 1, now=NOW)  # staff do not accept for the household
    assert refused.value.reason is WorksiteRefusal.not_allowed
    with pytest.raises(WorksiteRefused) as refused:
        await _item(session, nadia, household, library, area=-3)
    assert refused.value.reason is WorksiteRefusal.bad_value
    assert len((await session.exec(select(WorksItem))).all()) == 2


async def test_versions_and_the_contribution_from_the_materials(session, library):
    nadia, _, _, household, amina, _ = await _world(session)
    item = await _item(session, nadia, household, library)
    await contract.accept(session, amina, household.id, 1, now=NOW)
    with pytest.raises(WorksiteRefused) as refused:
        await contract.accept(session, amina, household.id, 1, now=NOW)
    assert refused.value.reason is WorksiteRefusal.nothing_to_accept
    await contract.set_area(session, nadia, item.id, 40, now=NOW)  # materials only: the same version
    found = await contract.of_household(session, amina, household.id)
    assert found is not None and found.contract.version == 1 and found.signed
    await contract.set_contribution(session, nadia, household.id, percent=20, default_percent=10, now=NOW)
    found = await contract.of_household(session, amina, household.id)
    assert found is not None and found.contract.version == 2 and not found.signed
    lines = await materials.lines_of(session, found.contract.id)
    paint = next(line for line in lines if (line.tutorial_id, line.material_index) == ("repeindre-mur-plafond", 0))
    assert paint.quantity == math.ceil(40 * 2 / 10 / 2.5)
    await materials.set_buyer(session, nadia, lines[0].id, Buyer.landlord)
    lines = await materials.lines_of(session, found.contract.id)
    association = sum(
        round(line.quantity * line.unit_price_cents)
        for line in lines
        if line.unit_price_cents and line.buyer is Buyer.association
    )
    assert materials.totals(found.contract, lines).contribution_cents == math.ceil(association * 20 / 100)


def test_a_cell_that_would_run_as_a_formula_is_quoted():
    assert materials.cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert materials.cell("Chambre") == "Chambre" and materials.cell(3) == 3


async def test_photos_are_checked_stored_exported_and_erased_with_their_files(session, library, tmp_path):
    nadia, _, _, household, amina, stranger = await _world(session)
    item = await _item(session, nadia, household, library)
    works = await journal.record(
        session, nadia, household.id, hours=3, household_members=2, volunteers=1, other_households=0, now=NOW, tz=PARIS
    )
    folder = tmp_path / "photos"
    common = {"file_id": "f", "photos_dir": folder, "max_bytes": 100_000, "now": NOW, "works_session_id": None}
    with pytest.raises(WorksiteRefused) as refused:
        await photos.add(
            session, amina, household.id, stage=PhotoStage.problem, item_id=None, data=b"not a picture", **common
        )
    assert refused.value.reason is WorksiteRefusal.bad_photo
    with pytest.raises(WorksiteRefused):
        await photos.add(session, amina, household.id, stage=PhotoStage.before, item_id=None, data=make_png(), **common)
    with pytest.raises(WorksiteRefused):
        await photos.add(
            session, stranger, household.id, stage=PhotoStage.problem, item_id=None, data=make_png(), **common
        )
    assert not folder.exists()
    before = await photos.add(
        session, nadia, household.id, stage=PhotoStage.before, item_id=item.id, data=make_png(8, 6), **common
    )
    mine = await photos.add(
        session, amina, household.id, stage=PhotoStage.problem, item_id=None, data=make_png(), **common
    )
    assert before.session_id == works.id and before.mime_type == "image/png"
    assert Path(before.path).read_bytes() == make_png(8, 6)

    exported = await privacy.export(session, amina, now=NOW)
    assert exported.worksite is not None and {p["id"] for p in exported.worksite["photos"]} == {before.id, mine.id}

    await contract.accept(session, amina, household.id, 1, now=NOW)
    mine_path = Path(mine.path)
    await erasure.erase(session, amina, now=NOW)
    assert not mine_path.exists() and Path(before.path).exists()
    assert [p.id for p in (await session.exec(select(WorksPhoto))).all()] == [before.id]
    assert [a.person_id for a in (await session.exec(select(ContractAcceptance))).all()] == [None]

    # Retention: the rest of the household's photos go, files too; notes and rooms are cleared.
    works.note = "Mme X. a peur des échelles"
    session.add(works)
    await retention.close_household(session, household, now=NOW - timedelta(days=800))
    await retention.anonymise_expired(session, now=NOW, months=24)
    assert not Path(before.path).exists() and (await session.exec(select(WorksPhoto))).all() == []
    assert (await session.get(WorksSession, works.id)).note is None  # type: ignore[union-attr]
    assert {i.room for i in (await session.exec(select(WorksItem))).all()} == {"-"}
    assert (await session.exec(select(MaterialLine))).all() != []  # the counts and amounts stay
