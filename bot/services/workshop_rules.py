"""Who may do what with a workshop, for the three workshop services.

The programme team (any animator, coordinator or administrator) runs every
workshop: creating, inviting, changing, cancelling, following the answers and
ticking who came. There is no ownership: an animator runs a colleague's
workshop too. Tenants answer invitations, or sign up to a workshop they found.

The services check the acting person themselves (callback data can be forged)
and raise `WorkshopRefused` before anything is written. Kept apart from
workshops.py so that rsvp.py and workshop_invitations.py, which workshops.py
imports, share it without a cycle.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Person, Workshop, WorkshopStatus
from bot.services.refusals import Refused


class Refusal(str, enum.Enum):
    not_staff = "not_staff"  # only the programme team runs workshops
    not_invited = "not_invited"  # an invitation's buttons, pressed by someone who was not invited
    gone = "gone"  # no such workshop (deleted, or a forged id)
    cancelled = "cancelled"
    started = "started"  # started or over: answers, invitations and changes are closed
    in_the_past = "in_the_past"  # a new start that has already passed
    until_before_start = "until_before_start"  # a series that would end before it begins
    capacity_below_taken = "capacity_below_taken"  # fewer seats than people already coming
    not_an_answer = "not_an_answer"  # attendance: not one of this workshop's answers


class WorkshopRefused(Refused[Refusal]):
    """Nothing was created, changed, cancelled, sent or ticked, for `reason`."""


def is_open(workshop: Workshop, now: datetime) -> bool:
    """Answers can change until the start of a session that is not cancelled."""
    return workshop.status is WorkshopStatus.scheduled and workshop.starts_at > now


def check_staff(actor: Person) -> None:
    if not actor.role.is_staff or not actor.active:
        raise WorkshopRefused(Refusal.not_staff)


def check_open(workshop: Workshop | None, now: datetime) -> Workshop:
    """The workshop if it still takes answers, invitations and changes; otherwise why not."""
    if workshop is None:
        raise WorkshopRefused(Refusal.gone)
    if workshop.status is WorkshopStatus.cancelled:
        raise WorkshopRefused(Refusal.cancelled)
    if not is_open(workshop, now):
        raise WorkshopRefused(Refusal.started)
    return workshop


async def followed(session: AsyncSession, actor: Person, workshop_id: int) -> Workshop:
    """A workshop a team member looks at (its screen, its answers, who came), open or not."""
    check_staff(actor)
    workshop = await session.get(Workshop, workshop_id)
    if workshop is None:
        raise WorkshopRefused(Refusal.gone)
    return workshop


async def runnable(session: AsyncSession, actor: Person, workshop_id: int, *, now: datetime) -> Workshop:
    """A workshop a team member invites to, changes or cancels: not cancelled, not started."""
    check_staff(actor)
    return check_open(await session.get(Workshop, workshop_id), now)
