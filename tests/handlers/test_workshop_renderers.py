"""The workshop kinds' renderers read rows queued before the payloads were typed (plain
dicts, "again" and "which" only where they were set) exactly as the new payloads."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import create_i18n
from bot.services import rsvp, workshop_invitations, workshops
from bot.services.delivery import Claimed
from bot.services.workshop_invitations import InvitationPayload
from handlers.workshops import renderers

PARIS = ZoneInfo("Europe/Paris")
OLD_ROW = {  # rsvp.snapshot() of the previous release
    "workshop_id": 7,
    "title": "Peinture",
    "starts_at": "2026-12-01T13:00:00+00:00",
    "place": "Centre social",
    "bring": "Vieux habits",
    "children_welcome": True,
    "latitude": None,
    "longitude": None,
}


def _render(kind: str, params: dict[str, object], locale: str = "fr") -> tuple[str, list[str]]:
    row = Claimed(1, 1, 1, locale, kind, None, dict(params), None, 0, False)
    i18n = create_i18n("fr")
    with i18n.context(), i18n.use_locale(locale):
        rendered = renderers.renderers(PARIS)[kind](row)
    buttons = [
        b.callback_data or ""
        for r in (rendered.reply_markup.inline_keyboard if rendered.reply_markup else [])
        for b in r
    ]
    return rendered.text, buttons


@pytest.mark.parametrize(
    ("kind", "extra", "head", "buttons"),
    [
        (workshop_invitations.INVITATION, {}, "📨", ["rsvp:7:yes", "rsvp:7:maybe", "rsvp:7:no"]),
        (workshop_invitations.INVITATION, {"again": True}, "🔔", ["rsvp:7:yes", "rsvp:7:maybe", "rsvp:7:no"]),
        (rsvp.REMINDER, {"which": "2d"}, "⏰", ["rsvp:7:no"]),
        (rsvp.REMINDER, {"which": "morning"}, "⏰", ["rsvp:7:no"]),
        (rsvp.PROMOTED, {}, "🎉", ["rsvp:7:no"]),
        (workshops.CHANGED, {}, "✏️", ["rsvp:7:no"]),
        (workshops.CANCELLED, {}, "✖️", []),
    ],
)
def test_a_row_queued_before_the_upgrade_renders(
    kind: str, extra: dict[str, object], head: str, buttons: list[str]
) -> None:
    text, found = _render(kind, {**OLD_ROW, **extra})
    assert text.startswith(head) and "<b>Peinture</b>" in text and "mardi 1 décembre à 14:00" in text
    assert found == buttons


def test_the_two_reminders_differ_and_the_preview_needs_no_row() -> None:
    two_days, _ = _render(rsvp.REMINDER, {**OLD_ROW, "which": "2d"})
    morning, _ = _render(rsvp.REMINDER, {**OLD_ROW, "which": "morning"})
    assert two_days != morning
    i18n = create_i18n("fr")
    with i18n.context(), i18n.use_locale("ar"):
        preview = renderers.invitation(InvitationPayload.of(OLD_ROW), "ar", PARIS)
    assert preview.text == _render(workshop_invitations.INVITATION, OLD_ROW, locale="ar")[0]


def test_new_payloads_keep_the_stored_keys() -> None:
    stored = InvitationPayload.of(OLD_ROW).params()
    assert {key: stored[key] for key in OLD_ROW} == OLD_ROW
    assert datetime.fromisoformat(stored["starts_at"]) == datetime(2026, 12, 1, 13, tzinfo=UTC)
