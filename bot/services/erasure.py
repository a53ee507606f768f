"""Erasing a person: /supprimer, and retention's anonymisation of closed households.

One module above everything it erases (people, relay, visits, questionnaires…),
so no service has to import it back: the promise SECURITY.md makes is this
list, in one place."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import delete, or_, update
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    AuditLog,
    Broadcast,
    ContentEvent,
    Household,
    HouseholdFile,
    Invite,
    OutboxMessage,
    Person,
    QuestionnaireAnswer,
    QuestionnaireAssignment,
    ReferentConsent,
    ReferentMembership,
    Referral,
    Rsvp,
    RsvpAnswer,
    StepContribution,
    TipSent,
    TipSubscription,
    Visit,
    Workshop,
    WorkshopInvitation,
    WorkshopStatus,
)
from bot.services import audit, questionnaires, relay, rsvp, worksite_kit
from bot.services.visits import reminders
from bot.services.worksite import privacy as worksite_privacy

DEFAULT_TZ = ZoneInfo("Europe/Paris")  # the default TIMEZONE (bot/config.py)


async def erase(
    session: AsyncSession,
    person: Person,
    *,
    now: datetime,
    action: str = "person.erase",
    tz: ZoneInfo = DEFAULT_TZ,
) -> None:
    """Delete the person and every trace that names them; anonymous counts stay.

    Done explicitly rather than left to each backend's ON DELETE rules: this
    list is the promise made in SECURITY.md. Content events keep their counts
    with no person; audit entries they made stay, without an actor. `tz`: where
    the reminders of a person promoted to a freed workshop seat are computed.
    """
    person_id = person.id
    await _forget_sender(session, person)
    await _forget_copied_words(session, person)
    await _forget_flagged_words(session, person)
    await _give_back_seats(session, person, now=now, tz=tz)
    # Questionnaires: written answers go; scores and choices stay, unlinked from
    # the person and their household, so the programme's figures stay true.
    theirs = select(QuestionnaireAssignment.id).where(col(QuestionnaireAssignment.person_id) == person_id)
    await session.exec(
        update(QuestionnaireAnswer).where(col(QuestionnaireAnswer.assignment_id).in_(theirs)).values(text=None)
    )
    await session.exec(
        update(QuestionnaireAssignment)
        .where(col(QuestionnaireAssignment.person_id) == person_id)
        .values(person_id=None, household_id=None, anonymous=True)
    )
    await _forget_visit_words(session, person)
    await relay.forget_person(session, person)
    await worksite_privacy.forget_person(session, person)  # their photos (files too), their name on the contract
    await worksite_kit.forget_person(session, person_id)  # offers of help, helpers' visits, loans, kits
    # The photos and voice notes they added to tutorial steps: their own voice and pictures.
    for column in _columns(
        OutboxMessage.recipient_id,
        TipSubscription.person_id,
        TipSent.person_id,
        StepContribution.author_id,
        ReferentMembership.person_id,
    ):
        await session.exec(delete(column.class_).where(column == person_id))
    for column in _columns(
        ContentEvent.person_id,
        Invite.used_by_id,
        Invite.created_by_id,
        AuditLog.actor_id,
        Broadcast.created_by_id,
        Household.animator_id,
        Visit.animator_id,
        Visit.booked_by_id,
        Visit.cancelled_by_id,
        StepContribution.reviewed_by_id,
        Referral.referent_id,
        Referral.decided_by_id,
        HouseholdFile.referent_id,
        ReferentConsent.given_by_id,
    ):
        await session.exec(update(column.class_).where(column == person_id).values({column.key: None}))
    await session.delete(person)
    await session.flush()
    await audit.record(session, action, target_type="person", target_id=person_id, now=now)


def _columns(*attributes: object) -> list[InstrumentedAttribute[Any]]:
    """The columns as SQLAlchemy has them: SQLModel types a column by its value (`int`)."""
    return [cast("InstrumentedAttribute[Any]", attribute) for attribute in attributes]


async def _forget_sender(session: AsyncSession, person: Person) -> None:
    """A staff member's name travels in the messages they shared ("Nadia sent you a tip")."""
    rows = await session.exec(
        select(OutboxMessage).where(
            col(OutboxMessage.params).contains('"sender') | col(OutboxMessage.params).contains('"animator"')
        )
    )
    for row in rows.all():
        params = json.loads(row.params or "{}")
        named = params.get("sender_id") == person.id or (
            "sender_id" not in params and params.get("sender") == person.name
        )
        if named:
            params.pop("sender_id", None)
            params["sender"] = ""
        # Visit reminders name the animator ("with Nadia").
        if params.get("animator") and params.get("animator") == person.name and person.role.is_staff:
            params["animator"] = ""
            named = True
        if named:
            row.params = json.dumps(params, ensure_ascii=False)
            session.add(row)


async def _give_back_seats(session: AsyncSession, person: Person, *, now: datetime, tz: ZoneInfo) -> None:
    """Upcoming workshops: the person's answers go; a seat they held goes to the next one waiting.
    Past workshops keep the answer and attendance, with no person, for the programme's counts."""
    upcoming = await session.exec(
        select(Rsvp, Workshop)
        .join(Workshop, col(Workshop.id) == col(Rsvp.workshop_id))
        .where(col(Rsvp.person_id) == person.id, col(Workshop.starts_at) > now)
    )
    for answer, workshop in upcoming.all():
        if answer.answer is RsvpAnswer.yes and workshop.status is WorkshopStatus.scheduled:
            await rsvp.answer(session, workshop, person, RsvpAnswer.no, now=now, tz=tz)  # frees and promotes
        await session.exec(delete(Rsvp).where(col(Rsvp.id) == answer.id))
    await session.exec(delete(WorkshopInvitation).where(col(WorkshopInvitation.person_id) == person.id))


async def _forget_copied_words(session: AsyncSession, person: Person) -> None:
    """Messages about visits copy what the household wrote when they are queued: the note and
    photo in the animator's morning digest, the reason or the few words with a cancellation or a
    move in a notice. Their copies are blanked with the source (sent rows too: they are kept)."""
    written = await session.exec(
        select(Visit.id).where(
            (col(Visit.booked_by_id) == person.id)
            | (col(Visit.cancelled_by_id) == person.id)
            | (col(Visit.animator_id) == person.id)
        )
    )
    visit_ids = set(written.all())
    if not visit_ids:
        return
    animated = set((await session.exec(select(Visit.id).where(col(Visit.animator_id) == person.id))).all())
    rows = await session.exec(
        select(OutboxMessage).where(col(OutboxMessage.kind).in_([reminders.NOTICE, reminders.DIGEST]))
    )
    for row in rows.all():
        params = json.loads(row.params or "{}")
        changed = False
        if row.kind == reminders.DIGEST:
            for line in params.get("visits", []):
                if line.get("visit_id") in visit_ids - animated and (line.get("note") or line.get("photo")):
                    line["note"], line["photo"] = None, False
                    changed = True
        elif params.get("visit_id") in visit_ids:
            # A tenant's words (by_tenant) when they are the tenant erased; an animator's otherwise.
            theirs = bool(params.get("by_tenant")) != (params["visit_id"] in animated)
            if theirs and (params.get("reason") or params.get("message")):
                params["reason"] = params["message"] = None
                changed = True
        if changed:
            row.params = json.dumps(params, ensure_ascii=False)
            session.add(row)


async def _forget_flagged_words(session: AsyncSession, person: Person) -> None:
    """A flagged questionnaire answer goes to the team with what the person wrote beside it
    (questionnaire.flag rows, keyed by the assignment): the comment is blanked with the written
    answers, queued or sent; the scale or choice stays, like the answer itself."""
    theirs = await session.exec(
        select(QuestionnaireAssignment.id).where(col(QuestionnaireAssignment.person_id) == person.id)
    )
    keys = [questionnaires.flag_key_prefix(assignment_id) for assignment_id in theirs.all()]
    if not keys:
        return
    rows = await session.exec(
        select(OutboxMessage).where(
            col(OutboxMessage.kind) == questionnaires.FLAG,
            or_(*(col(OutboxMessage.dedup_key).startswith(key) for key in keys)),
        )
    )
    for row in rows.all():
        params = json.loads(row.params or "{}")
        if params.get("comment"):
            params["comment"] = None
            row.params = json.dumps(params, ensure_ascii=False)
            session.add(row)


async def _forget_visit_words(session: AsyncSession, person: Person) -> None:
    """What the person wrote about visits: the note or photo they added, their reason for cancelling."""
    await session.exec(
        update(Visit).where(col(Visit.booked_by_id) == person.id).values(tenant_note=None, photo_file_id=None)
    )
    await session.exec(update(Visit).where(col(Visit.cancelled_by_id) == person.id).values(cancel_reason=None))
