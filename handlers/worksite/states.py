"""The worksite's steps that wait for typed input or a photo, and what each expects."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram.utils.i18n import lazy_gettext as __


class WorksItemDraft(StatesGroup):
    room = State()  # typed: the room
    kind = State()  # a button: the kind of work
    doer = State()  # a button: who does it
    sessions = State()  # a button: how many works sessions are planned
    area = State()  # typed: square metres, or Skip


class ItemArea(StatesGroup):
    area = State()


class ContributionAmount(StatesGroup):
    amount = State()


class WorksPhotoWait(StatesGroup):
    photo = State()


HINTS = {
    WorksItemDraft.room: __("Type the room, e.g. <i>Bedroom</i>."),
    WorksItemDraft.kind: __("Tap the kind of work above."),
    WorksItemDraft.doer: __("Tap who does it above."),
    WorksItemDraft.sessions: __("Tap how many works sessions are planned above."),
    WorksItemDraft.area: __("Type the area in m², e.g. <i>12.5</i>, or tap Skip."),
    ItemArea.area: __("Type the area in m², e.g. <i>12.5</i>."),
    ContributionAmount.amount: __("Type the amount in euros, e.g. <i>40</i>."),
    WorksPhotoWait.photo: __("Send a photo (not a file)."),
}
