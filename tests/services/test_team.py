"""Team rules, whatever the buttons say."""

from __future__ import annotations

import pytest

from bot.models import Person, Role
from bot.services import people, team
from bot.services.team import TeamError
from tests.conftest import DEFAULT_NOW as NOW


async def test_team_rules(session):
    coordinator, _ = await people.add_staff(session, telegram_id=1, role=Role.coordinator, name="C", now=NOW)
    admin, _ = await people.add_staff(session, telegram_id=2, role=Role.admin, name="A", now=NOW)
    animator, _ = await people.add_staff(session, telegram_id=3, role=Role.animator, name="N", now=NOW)
    tenant = Person(telegram_id=4, name="T", role=Role.tenant)
    session.add(tenant)
    await session.flush()

    for actor, target, role in (
        (coordinator, coordinator, Role.animator),  # not on oneself
        (coordinator, animator, Role.admin),  # only an admin makes an admin
        (coordinator, admin, Role.coordinator),  # nor unmakes one
        (admin, tenant, Role.animator),  # tenants are not team members
        (animator, coordinator, Role.animator),  # animators manage nobody
    ):
        with pytest.raises(TeamError):
            await team.change_role(session, actor, target.id, role, now=NOW)
    with pytest.raises(TeamError):
        await team.set_active(session, coordinator, admin.id, False, now=NOW)
    with pytest.raises(TeamError):
        await team.reassign(session, coordinator, animator.id, coordinator.id, now=NOW)  # not an animator

    assert (await team.change_role(session, admin, animator.id, Role.admin, now=NOW)).role is Role.admin
    assert team.roles_offered(coordinator, animator) == []
