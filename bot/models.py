"""SQLModel tables. Schema changes go through Alembic (bot/migrations).

Datetimes are stored in UTC and always come back timezone-aware, on SQLite
too (see UTCDateTime), so services can compare them with `now` safely.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, whatever the backend."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        # SQLite has no time zones: store naive UTC so string ordering stays correct.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def utcnow() -> datetime:
    return datetime.now(UTC)


def _enum_column(enum_cls: type[enum.Enum], *, nullable: bool, default: str | None = None) -> sa.Column[Any]:
    # Stored as VARCHAR (not a native PostgreSQL ENUM) so adding a value is a plain migration.
    return sa.Column(
        sa.Enum(enum_cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        nullable=nullable,
        default=default,
    )


class Role(str, enum.Enum):
    tenant = "tenant"
    animator = "animator"
    coordinator = "coordinator"
    admin = "admin"
    referent = "referent"  # a social worker of a partner organisation: refers households, not staff

    @property
    def is_staff(self) -> bool:
        return self in (Role.animator, Role.coordinator, Role.admin)

    @property
    def manages_programme(self) -> bool:
        return self in (Role.coordinator, Role.admin)


class Phase(str, enum.Enum):
    """Programme phase of a household (DOMAIN.md, "The process")."""

    referred = "referred"
    preparation = "preparation"
    works = "works"
    follow_up = "follow_up"
    closed = "closed"


# Ids are typed `int`, not `int | None`: a row has one as soon as it is flushed, which the
# services do before anyone reads it; `default=None` lets the database assign it.


class Household(SQLModel, table=True):
    id: int = Field(default=None, primary_key=True)
    reference: str = Field(max_length=40, sa_column_kwargs={"unique": True}, index=False)
    site: str = Field(max_length=80, index=True)
    priority_neighbourhood: bool = False
    phase: Phase = Field(sa_column=_enum_column(Phase, nullable=False, default=Phase.referred.value))
    # use_alter: household and person point at each other; this key is added last.
    animator_id: int | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.Integer,
            sa.ForeignKey("person.id", ondelete="SET NULL", use_alter=True, name="fk_household_animator_id_person"),
            index=True,
        ),
    )
    referent_name: str | None = Field(default=None, max_length=120)
    referent_contact: str | None = Field(default=None, max_length=120)
    # Where the animator goes for home visits (the morning digest shows it).
    address: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    # Retention (bot/services/retention.py) counts from the day the household left the programme.
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    anonymised_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Person(SQLModel, table=True):
    id: int = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_type=sa.BigInteger, sa_column_kwargs={"unique": True}, nullable=False)
    name: str = Field(max_length=120)
    role: Role = Field(sa_column=_enum_column(Role, nullable=False))
    locale: str = Field(default="fr", max_length=8)
    household_id: int | None = Field(default=None, foreign_key="household.id", ondelete="SET NULL", index=True)
    consent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    consent_version: int | None = None
    unreachable_since: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Set by /stop: no proactive message is sent until /start clears it.
    paused_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Invite(SQLModel, table=True):
    """A single-use invitation. Only the SHA-256 of the code is stored."""

    id: int = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True}, nullable=False)
    role: Role = Field(sa_column=_enum_column(Role, nullable=False))
    household_id: int | None = Field(default=None, foreign_key="household.id", ondelete="CASCADE", index=True)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    used_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class CodeAttempt(SQLModel, table=True):
    """A wrong invitation code, kept one hour to lock out guessing.

    The account is stored as a keyed hash, not the Telegram id: someone who
    never got in must not leave a trace that names them.
    """

    __tablename__ = "code_attempt"

    id: int = Field(default=None, primary_key=True)
    account_key: str = Field(max_length=64, index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True)


class AuditLog(SQLModel, table=True):
    """Who did what to what, and when. actor_id is None for the command line."""

    __tablename__ = "audit_log"

    id: int = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True)
    actor_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    action: str = Field(max_length=60)
    target_type: str | None = Field(default=None, max_length=40)
    target_id: int | None = None
    details: str | None = Field(default=None, max_length=500)


class OutboxStatus(str, enum.Enum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"
    cancelled = "cancelled"


class Broadcast(SQLModel, table=True):
    """A message sent to many people at once, so its sender can follow delivery."""

    id: int = Field(default=None, primary_key=True)
    kind: str = Field(max_length=60)
    created_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    # The sender's message that shows delivery progress, edited until everything is done.
    progress_chat_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    progress_message_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class OutboxMessage(SQLModel, table=True):
    """A proactive message waiting to be sent, being sent, or done.

    Services write these rows; only the pump (bot/delivery/pump.py) talks to
    Telegram. Content is either `text` rendered in advance, or a `kind` with
    `params` rendered at send time in the recipient's current language.
    """

    __tablename__ = "outbox"
    __table_args__ = (sa.Index("ix_outbox_due", "status", "due_at"),)

    id: int = Field(default=None, primary_key=True)
    recipient_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    kind: str = Field(max_length=60, index=True)
    text: str | None = Field(default=None, sa_type=sa.Text)
    params: str | None = Field(default=None, sa_type=sa.Text)  # JSON
    reply_markup: str | None = Field(default=None, sa_type=sa.Text)  # JSON, Bot API shape
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    urgent: bool = False
    dedup_key: str = Field(max_length=200, sa_column_kwargs={"unique": True}, nullable=False)
    status: OutboxStatus = Field(
        sa_column=_enum_column(OutboxStatus, nullable=False, default=OutboxStatus.pending.value)
    )
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=300)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    telegram_message_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    broadcast_id: int | None = Field(default=None, foreign_key="broadcast.id", ondelete="SET NULL", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class ContentEventKind(str, enum.Enum):
    opened = "opened"
    finished = "finished"


class ContentEvent(SQLModel, table=True):
    """A tutorial opened or finished, for the coordinators' counts.

    person_id becomes NULL when the person erases their data: the count stays.
    """

    __tablename__ = "content_event"

    id: int = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    item_id: str = Field(max_length=80, index=True)
    kind: ContentEventKind = Field(sa_column=_enum_column(ContentEventKind, nullable=False))
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class TipSubscription(SQLModel, table=True):
    """One energy tip a week, on the day the person chose (0 = Monday)."""

    __tablename__ = "tip_subscription"

    id: int = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", sa_column_kwargs={"unique": True})
    weekday: int = Field(ge=0, le=6)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class TipSent(SQLModel, table=True):
    """Which tip a person received, so none comes twice before all have."""

    __tablename__ = "tip_sent"
    __table_args__ = (sa.UniqueConstraint("person_id", "tip_id", "cycle", name="uq_tip_sent"),)

    id: int = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    tip_id: str = Field(max_length=80)
    cycle: int = 0  # starts again at 0… when every tip has been sent
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class WorkshopTheme(str, enum.Enum):
    """DOMAIN.md, "Collective side": DIY every two weeks, thematic workshops more rarely."""

    diy = "diy"
    energy = "energy"
    rights = "rights"
    maintenance = "maintenance"
    neighbourhood = "neighbourhood"
    other = "other"


class WorkshopStatus(str, enum.Enum):
    scheduled = "scheduled"
    cancelled = "cancelled"


class RsvpAnswer(str, enum.Enum):
    yes = "yes"
    maybe = "maybe"
    no = "no"
    waiting = "waiting"  # said yes when the workshop was full
    walk_in = "walk_in"  # never answered, ticked as come by the team: not a choice a tenant makes


class WorkshopSeries(SQLModel, table=True):
    """Sessions repeating every N weeks until a date (every two weeks is the common case)."""

    __tablename__ = "workshop_series"

    id: int = Field(default=None, primary_key=True)
    every_weeks: int = Field(ge=1, le=8)
    until: datetime = Field(sa_type=UTCDateTime, nullable=False)
    created_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Workshop(SQLModel, table=True):
    id: int = Field(default=None, primary_key=True)
    series_id: int | None = Field(default=None, foreign_key="workshop_series.id", ondelete="SET NULL", index=True)
    theme: WorkshopTheme = Field(sa_column=_enum_column(WorkshopTheme, nullable=False))
    title: str = Field(max_length=120)
    description: str | None = Field(default=None, max_length=1000)
    starts_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    duration_minutes: int = Field(default=120, ge=15, le=600)
    place: str = Field(max_length=200)
    latitude: float | None = None
    longitude: float | None = None
    capacity: int = Field(ge=1, le=500)
    # Seats given to "yes" answers, changed only by conditional UPDATEs so two
    # people pressing "I'm coming" for the last seat never both get it.
    seats_taken: int = 0
    bring: str | None = Field(default=None, max_length=300)
    children_welcome: bool = False
    status: WorkshopStatus = Field(
        sa_column=_enum_column(WorkshopStatus, nullable=False, default=WorkshopStatus.scheduled.value)
    )
    # Bumped when the time or place changes: reminder keys carry it, so new reminders replace old ones.
    version: int = 1
    created_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class WorkshopText(SQLModel, table=True):
    """A workshop's title and description in another language than the programme's (French):
    tenants who read that language get these; everyone else gets the workshop's own."""

    __tablename__ = "workshop_text"
    __table_args__ = (sa.UniqueConstraint("workshop_id", "locale", name="uq_workshop_text"),)

    id: int = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", index=True)
    locale: str = Field(max_length=8)
    title: str = Field(max_length=120)
    description: str | None = Field(default=None, max_length=1000)


class WorkshopInvitation(SQLModel, table=True):
    __tablename__ = "workshop_invitation"
    __table_args__ = (sa.UniqueConstraint("workshop_id", "person_id", name="uq_workshop_invitation"),)

    id: int = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", index=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    invited_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    reminded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Rsvp(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("workshop_id", "person_id", name="uq_rsvp"),)

    id: int = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", ondelete="CASCADE", index=True)
    # SET NULL: attendance still counts in reports after a person erases their data.
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    answer: RsvpAnswer = Field(sa_column=_enum_column(RsvpAnswer, nullable=False))
    answered_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    waiting_since: datetime | None = Field(default=None, sa_type=UTCDateTime)
    attended: bool | None = None


class VisitKind(str, enum.Enum):
    """The home visits of an accompaniment (DOMAIN.md, "The process")."""

    tripartite = "tripartite"  # first meeting: household, animator, social referent
    preparation = "preparation"
    works = "works"
    encouragement = "encouragement"
    closing = "closing"  # tripartite closing visit


class VisitStatus(str, enum.Enum):
    booked = "booked"
    done = "done"
    missed = "missed"  # the household was not there
    cancelled = "cancelled"


class VisitSlot(SQLModel, table=True):
    """A time an animator is free for a home visit. Booked when a booked visit points at it."""

    __tablename__ = "visit_slot"
    __table_args__ = (sa.Index("ix_visit_slot_animator_start", "animator_id", "starts_at"),)

    id: int = Field(default=None, primary_key=True)
    animator_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    starts_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    ends_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Visit(SQLModel, table=True):
    """A home visit and what became of it: the household's history keeps every one."""

    __table_args__ = (
        # The database, not only the code, makes a slot bookable once: of fifty
        # tenants pressing the same slot, one INSERT succeeds, the others fail.
        sa.Index(
            "uq_visit_slot_booked",
            "slot_id",
            unique=True,
            sqlite_where=sa.text("status = 'booked'"),
            postgresql_where=sa.text("status = 'booked'"),
        ),
    )

    id: int = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    animator_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    slot_id: int | None = Field(default=None, foreign_key="visit_slot.id", ondelete="SET NULL")
    kind: VisitKind = Field(sa_column=_enum_column(VisitKind, nullable=False))
    status: VisitStatus = Field(sa_column=_enum_column(VisitStatus, nullable=False, default=VisitStatus.booked.value))
    starts_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    ends_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    booked_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    tenant_note: str | None = Field(default=None, max_length=1000)
    photo_file_id: str | None = Field(default=None, max_length=200)
    confirmed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # "I confirm" on a reminder
    # Changed less than 24 h before: allowed, but the animator sees it flagged.
    late_change: bool = False
    cancel_reason: str | None = Field(default=None, max_length=500)
    cancelled_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    referent_present: bool | None = None  # tripartite and closing visits
    outcome_note: str | None = Field(default=None, max_length=1000)
    next_step: str | None = Field(default=None, max_length=500)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Bumped when the time changes: reminder keys carry it, so new reminders replace old ones.
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class RelayDirection(str, enum.Enum):
    to_team = "to_team"  # a tenant writes to their animator (or the coordinators)
    to_household = "to_household"  # a team member answers the household's tenants


class RelayKind(str, enum.Enum):
    text = "text"
    photo = "photo"
    voice = "voice"


class RelayMessage(SQLModel, table=True):
    """A message passed between a household and its animator through the bot
    ("Write to my animator"), so neither shares a phone number. Kept so that
    nothing is lost on a restart and the household's history shows the thread;
    erased with its sender (/supprimer) and with the household (retention)."""

    __tablename__ = "relay_message"

    id: int = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    sender_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    direction: RelayDirection = Field(sa_column=_enum_column(RelayDirection, nullable=False))
    kind: RelayKind = Field(sa_column=_enum_column(RelayKind, nullable=False))
    text: str | None = Field(default=None, sa_type=sa.Text)  # the text, or the caption of a photo or voice note
    file_id: str | None = Field(default=None, max_length=255)  # Telegram's id of the photo or voice note
    # Emergency words were found (gas smell, leak…): the tenant got the numbers, the team sees a flag.
    emergency: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    # When the first copy reached someone (set by the outbox pump).
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class QuestionnaireAssignment(SQLModel, table=True):
    """One questionnaire sent to one person for one reason (the trigger).

    `trigger_key` is unique ("visit:42:after_visit:person:7"), so a trigger that
    fires twice sends once. `position` is the index of the question on screen:
    a questionnaire left halfway resumes there, after a restart too. person_id
    becomes NULL when the person erases their data; the household stays for the
    site and programme counts (never for an anonymous questionnaire's reports).
    """

    __tablename__ = "questionnaire_assignment"

    id: int = Field(default=None, primary_key=True)
    questionnaire_id: str = Field(max_length=80, index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    household_id: int | None = Field(default=None, foreign_key="household.id", ondelete="SET NULL", index=True)
    trigger_key: str = Field(max_length=200, sa_column_kwargs={"unique": True}, nullable=False)
    anonymous: bool = False
    # When the invitation goes out (the outbox row has the same due time; its one
    # reminder is due three days later and is cancelled once the questionnaire is done).
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    position: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class QuestionnaireAnswer(SQLModel, table=True):
    """One answer; answering the same question again updates it (unique per assignment and question).

    `value` holds a choice key, "yes"/"no", a score "1".."5", several choice keys
    joined by "," (multiple choice), or None when skipped; `text` holds free text.
    """

    __tablename__ = "questionnaire_answer"
    __table_args__ = (sa.UniqueConstraint("assignment_id", "question_id", name="uq_questionnaire_answer"),)

    id: int = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="questionnaire_assignment.id", ondelete="CASCADE", index=True)
    question_id: str = Field(max_length=60)
    value: str | None = Field(default=None, max_length=300)
    text: str | None = Field(default=None, max_length=2000)
    answered_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)


class ContributionKind(str, enum.Enum):
    photo = "photo"
    voice = "voice"


class ContributionStatus(str, enum.Enum):
    pending = "pending"  # waiting for a coordinator; shown to nobody else
    approved = "approved"  # shown to tenants on the step (a voice note to readers of its language)


class StepContribution(SQLModel, table=True):
    """A photo or a voice note a team member added to a tutorial's step (seed 003: tutorials made
    from the workshops). Telegram keeps the file; the row holds its `file_id`. A coordinator
    approves it before tenants see it; a rejected one is deleted at once. Erased with its author
    (/supprimer), listed in their /mes_donnees."""

    __tablename__ = "step_contribution"

    id: int = Field(default=None, primary_key=True)
    tutorial_id: str = Field(max_length=80, index=True)
    step: int  # the step's number, 1-based, as in the content file's "## 2. …"
    kind: ContributionKind = Field(sa_column=_enum_column(ContributionKind, nullable=False))
    # A voice note's language (fr or ar): only readers of that language hear it. None for a
    # photo, which every reader sees.
    locale: str | None = Field(default=None, max_length=5)
    file_id: str = Field(max_length=255)
    author_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    status: ContributionStatus = Field(sa_column=_enum_column(ContributionStatus, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    reviewed_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    reviewed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


# --- Worksite: contract, materials, journal


class WorkKind(str, enum.Enum):
    """What a works item is; content/worksite.yaml links each kind to its tutorials."""

    walls = "walls"  # walls and ceilings: painting
    woodwork = "woodwork"
    wallpaper = "wallpaper"
    tiles = "tiles"  # tiles and joints
    floor = "floor"  # floor covering
    filling = "filling"  # filling and plaster
    plumbing = "plumbing"  # small plumbing
    draughts = "draughts"  # draught-proofing
    energy_kit = "energy_kit"


class Doer(str, enum.Enum):
    """Who does a works item (the landlord's part: décret n°87-712 on tenants' repairs)."""

    household = "household"
    with_animator = "with_animator"
    landlord = "landlord"
    volunteers = "volunteers"
    other_household = "other_household"


class ItemProgress(str, enum.Enum):
    not_started = "not_started"
    in_progress = "in_progress"
    done_with_help = "done_with_help"
    done_alone = "done_alone"


class Buyer(str, enum.Enum):
    association = "association"
    household = "household"
    landlord = "landlord"


class PhotoStage(str, enum.Enum):
    before = "before"
    after = "after"
    problem = "problem"  # a tenant shows a problem
    done_alone = "done_alone"  # a tenant shows a step done alone


class WorksiteContract(SQLModel, table=True):
    """A household's participation contract (seed 003). `version` goes up when a change is made
    to a version someone accepted; the household accepts each version (ContractAcceptance)."""

    __tablename__ = "worksite_contract"

    id: int = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", sa_column_kwargs={"unique": True})
    version: int = 1
    # The household's contribution: a share of the materials the association buys, or an amount.
    contribution_percent: int | None = Field(default=None, ge=0, le=100)
    contribution_cents: int | None = Field(default=None, ge=0)
    help_other_worksite: bool = False
    come_to_workshops: bool = False
    created_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class ContractAcceptance(SQLModel, table=True):
    """A tenant's tap on "I accept" for one version: who, when. person_id becomes NULL when they
    erase their data (the fact that the version was accepted stays)."""

    __tablename__ = "contract_acceptance"

    id: int = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="worksite_contract.id", ondelete="CASCADE", index=True)
    version: int
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    accepted_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class WorksItem(SQLModel, table=True):
    __tablename__ = "works_item"

    id: int = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="worksite_contract.id", ondelete="CASCADE", index=True)
    room: str = Field(max_length=60)
    kind: WorkKind = Field(sa_column=_enum_column(WorkKind, nullable=False))
    doer: Doer = Field(sa_column=_enum_column(Doer, nullable=False))
    sessions_planned: int = Field(default=1, ge=0, le=50)
    area_m2: float | None = Field(default=None, ge=0, le=1000)  # what the animator measured
    progress: ItemProgress = Field(
        sa_column=_enum_column(ItemProgress, nullable=False, default=ItemProgress.not_started.value)
    )
    progress_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # when `progress` last changed


class MaterialLine(SQLModel, table=True):
    """One line of a contract's shopping list: a material of a linked tutorial (its name is read
    from the tutorial in the reader's language), how many, at what estimated price, who buys it."""

    __tablename__ = "material_line"

    id: int = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="worksite_contract.id", ondelete="CASCADE", index=True)
    item_id: int = Field(foreign_key="works_item.id", ondelete="CASCADE", index=True)
    tutorial_id: str = Field(max_length=80)
    material_index: int = Field(ge=0, le=50)
    quantity: float = Field(default=1, ge=0, le=10000)
    unit: str = Field(default="piece", max_length=12)  # piece, tin, roll, m2
    unit_price_cents: int | None = Field(default=None, ge=0)
    buyer: Buyer = Field(sa_column=_enum_column(Buyer, nullable=False, default=Buyer.association.value))
    bought: bool = False


class WorksSession(SQLModel, table=True):
    """A works session at home (several hours), kept with the `works` visit of that day when
    there is one: hours and who took part (counts; named helpers are counted elsewhere)."""

    __tablename__ = "works_session"

    id: int = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    visit_id: int | None = Field(
        default=None, foreign_key="visit.id", ondelete="SET NULL", sa_column_kwargs={"unique": True}
    )
    started_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    ended_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    household_members: int = Field(default=0, ge=0, le=20)
    animator_present: bool = True
    volunteers: int = Field(default=0, ge=0, le=20)
    other_households: int = Field(default=0, ge=0, le=20)
    note: str | None = Field(default=None, max_length=1000)
    recorded_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class WorksPhoto(SQLModel, table=True):
    """A photo of the worksite: Telegram's file id, and a copy in PHOTOS_DIR (`path`, absolute) that
    the before/after picture uses and that erasure and retention delete with the row."""

    __tablename__ = "works_photo"

    id: int = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    session_id: int | None = Field(default=None, foreign_key="works_session.id", ondelete="SET NULL", index=True)
    item_id: int | None = Field(default=None, foreign_key="works_item.id", ondelete="SET NULL", index=True)
    stage: PhotoStage = Field(sa_column=_enum_column(PhotoStage, nullable=False))
    file_id: str = Field(max_length=255)
    path: str | None = Field(default=None, max_length=300)
    mime_type: str = Field(max_length=30)
    size: int = Field(ge=0)
    author_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


# --- Worksite: tools lent, energy kit, mutual help


class ToolCondition(str, enum.Enum):
    good = "good"
    worn = "worn"
    damaged = "damaged"


class Tool(SQLModel, table=True):
    """A tool of the association's tool library (outilthèque). `available` moves only by
    conditional UPDATEs (bot/services/lending.py), so it never goes below 0 or above `count`."""

    __table_args__ = (
        sa.CheckConstraint("available >= 0 AND available <= count", name="ck_tool_available"),
        sa.CheckConstraint("count >= 0", name="ck_tool_count"),
    )

    id: int = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    count: int = 1
    available: int = 1
    condition: ToolCondition = Field(sa_column=_enum_column(ToolCondition, nullable=False, default="good"))
    photo_file_id: str | None = Field(default=None, max_length=255)  # Telegram keeps the picture
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class ToolLoan(SQLModel, table=True):
    """A tool lent to a household until a day; returned with its condition."""

    __tablename__ = "tool_loan"

    id: int = Field(default=None, primary_key=True)
    tool_id: int = Field(foreign_key="tool.id", ondelete="CASCADE", index=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    quantity: int = 1
    lent_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    due_on: date = Field(sa_type=sa.Date, nullable=False, index=True)  # the day it comes back
    lent_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    returned_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    returned_condition: ToolCondition | None = Field(default=None, sa_column=_enum_column(ToolCondition, nullable=True))


class KitItem(SQLModel, table=True):
    """Energy-saving items installed at a household's home (the kind's figures are in content/energy_kit.yaml)."""

    __tablename__ = "kit_item"

    id: int = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    kind: str = Field(max_length=40)
    count: int = 1
    installed_on: date = Field(sa_type=sa.Date, nullable=False, index=True)
    installed_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")


class HelpOfferStatus(str, enum.Enum):
    open = "open"
    matched = "matched"
    withdrawn = "withdrawn"


class HelpOffer(SQLModel, table=True):
    """A household offers help on another household's worksite (a skill, a half-day)."""

    __tablename__ = "help_offer"

    id: int = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    skill: str = Field(max_length=200)
    half_day: str = Field(max_length=10)  # bot/services/mutual_help.HalfDay
    status: HelpOfferStatus = Field(sa_column=_enum_column(HelpOfferStatus, nullable=False, default="open"))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class GuestRole(str, enum.Enum):
    helper = "helper"  # mutual help: a tenant of another household
    referent = "referent"  # the household's social referent, at the tripartite and closing visits


class GuestAnswer(str, enum.Enum):
    invited = "invited"
    confirmed = "confirmed"
    declined = "declined"


class VisitGuest(SQLModel, table=True):
    """Someone invited to a visit of another household (a helper) or to a visit of the household
    they referred (a social referent): they get
    the visit, its changes and its reminders, answer, and staff record that they came and for how long."""

    __tablename__ = "visit_guest"
    __table_args__ = (sa.UniqueConstraint("visit_id", "person_id", name="uq_visit_guest"),)

    id: int = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", ondelete="CASCADE", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    # The guest's household (a helper's), kept for the counts when the person erases their data.
    household_id: int | None = Field(default=None, foreign_key="household.id", ondelete="SET NULL", index=True)
    role: GuestRole = Field(sa_column=_enum_column(GuestRole, nullable=False))
    offer_id: int | None = Field(default=None, foreign_key="help_offer.id", ondelete="SET NULL")
    answer: GuestAnswer = Field(sa_column=_enum_column(GuestAnswer, nullable=False, default="invited"))
    invited_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    invited_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    came: bool | None = None
    minutes: int | None = None  # time spent helping, recorded by staff after the visit


# --- Partners: referents, referrals, household file


class Organisation(SQLModel, table=True):
    """A partner organisation whose social workers refer households (a CCAS, a Département, a CAF)."""

    id: int = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, sa_column_kwargs={"unique": True}, nullable=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class ReferentMembership(SQLModel, table=True):
    """Which organisation a social referent works for (one each)."""

    __tablename__ = "referent_membership"

    id: int = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", sa_column_kwargs={"unique": True})
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE", index=True)


class InviteOrganisation(SQLModel, table=True):
    """The organisation a referent's invitation attaches its user to."""

    __tablename__ = "invite_organisation"

    id: int = Field(default=None, primary_key=True)
    invite_id: int = Field(foreign_key="invite.id", ondelete="CASCADE", sa_column_kwargs={"unique": True})
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE", index=True)


class ReferralStatus(str, enum.Enum):
    pending = "pending"
    accepted = "accepted"
    declined = "declined"


class Urgency(str, enum.Enum):
    normal = "normal"
    soon = "soon"  # within the month
    urgent = "urgent"  # health or safety at stake


class Referral(SQLModel, table=True):
    """A referral ("saisine", fiche de prescription) sent by a social referent from the chat.

    Only what the accompaniment and the funders' indicators need (SECURITY.md): counts, yes/no
    situations, the year the household became tenant, the landlord's name, the needs in a few words.
    Accepted, it creates the household and its file; erased with the household (retention), or
    RETENTION_MONTHS after it was declined."""

    id: int = Field(default=None, primary_key=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", ondelete="SET NULL", index=True)
    referent_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    status: ReferralStatus = Field(
        sa_column=_enum_column(ReferralStatus, nullable=False, default=ReferralStatus.pending.value)
    )
    site: str = Field(max_length=80)
    priority_neighbourhood: bool = False
    adults_women: int = Field(default=0, ge=0, le=20)
    adults_men: int = Field(default=0, ge=0, le=20)
    children: int = Field(default=0, ge=0, le=20)
    minimum_income: bool = False
    single_parent: bool = False
    newcomer: bool = False
    dalo: bool = False
    tenant_since: int | None = None  # the year
    landlord: str = Field(max_length=120)
    needs: str = Field(max_length=1000)  # housing problems and the works wished
    urgency: Urgency = Field(sa_column=_enum_column(Urgency, nullable=False, default=Urgency.normal.value))
    household_agreed: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    decline_reason: str | None = Field(default=None, max_length=500)
    household_id: int | None = Field(default=None, foreign_key="household.id", ondelete="SET NULL", index=True)


class HouseholdFile(SQLModel, table=True):
    """What staff know of a household beyond its reference: make-up and situation (only what the
    indicators need), its referent and its landlord. Deleted when the household is anonymised."""

    __tablename__ = "household_file"

    id: int = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", sa_column_kwargs={"unique": True})
    adults_women: int = Field(default=0, ge=0, le=20)
    adults_men: int = Field(default=0, ge=0, le=20)
    children: int = Field(default=0, ge=0, le=20)
    minimum_income: bool = False
    single_parent: bool = False
    newcomer: bool = False
    dalo: bool = False
    tenant_since: int | None = None
    landlord: str | None = Field(default=None, max_length=120)
    referent_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", ondelete="SET NULL")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class ReferentConsent(SQLModel, table=True):
    """A household's tenant agreed that its referent reads the tenants' messages to the team and
    their answers to questionnaires. Revoking deletes the row (the audit log keeps the dates)."""

    __tablename__ = "referent_consent"

    id: int = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", sa_column_kwargs={"unique": True})
    given_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    given_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
