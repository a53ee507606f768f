from __future__ import annotations

import pytest

from bot.models import Phase, Role
from bot.services import households, people
from bot.services.households import HouseholdError
from bot.services.people import PersonError
from tests.conftest import DEFAULT_NOW as NOW


async def test_household_reference_is_normalised_and_unique(session):
    created = await households.create_household(session, reference=" pah-2026-014 ", site="  Jas  de  Bouffan ")
    assert (created.reference, created.site, created.phase) == ("PAH-2026-014", "Jas de Bouffan", Phase.referred)
    with pytest.raises(HouseholdError, match="duplicate_reference"):
        await households.create_household(session, reference="PAH-2026-014", site="x")
    with pytest.raises(HouseholdError, match="bad_reference"):
        await households.create_household(session, reference="no spaces allowed", site="x")
    with pytest.raises(HouseholdError, match="bad_site"):
        await households.create_household(session, reference="OK-1", site="   ")


async def test_only_an_animator_can_be_assigned(session):
    coordinator, _ = await people.add_staff(session, telegram_id=1, role=Role.coordinator, name="Claire", now=NOW)
    with pytest.raises(HouseholdError, match="not_an_animator"):
        await households.create_household(session, reference="A-1", site="x", animator_id=coordinator.id)


async def test_animator_sees_only_their_households(session):
    nadia, _ = await people.add_staff(session, telegram_id=1, role=Role.animator, name="Nadia", now=NOW)
    omar, _ = await people.add_staff(session, telegram_id=2, role=Role.animator, name="Omar", now=NOW)
    for index in range(11):
        await households.create_household(
            session, reference=f"H-{index:02}", site="x", animator_id=(nadia if index % 2 else omar).id
        )
    page = await households.list_households(session, animator_id=nadia.id, limit=3)
    assert page.total == 5 and [r.household.reference for r in page.rows] == ["H-01", "H-03", "H-05"]
    assert {r.animator_name for r in page.rows} == {"Nadia"}
    everyone = await households.list_households(session, offset=8, limit=8)
    assert everyone.total == 11 and len(everyone.rows) == 3 and everyone.has_previous and not everyone.has_next


async def test_add_staff_updates_an_existing_account(session):
    person, created = await people.add_staff(session, telegram_id=9, role=Role.animator, name="Nadia", now=NOW)
    assert created and people.needs_consent(person)
    again, created_again = await people.add_staff(
        session, telegram_id=9, role=Role.coordinator, name="Nadia B", now=NOW
    )
    assert not created_again and again.id == person.id and again.role is Role.coordinator
    with pytest.raises(PersonError):
        await people.add_staff(session, telegram_id=10, role=Role.tenant, name="X", now=NOW)


async def test_locale_must_be_supported(session):
    person, _ = await people.add_staff(session, telegram_id=9, role=Role.animator, name="Nadia", now=NOW)
    await people.give_consent(session, person, locale="ar", now=NOW)
    assert not people.needs_consent(person) and person.locale == "ar"
    with pytest.raises(PersonError):
        await people.set_locale(session, person, "de")
