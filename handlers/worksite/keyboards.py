"""The worksite's keyboards: one big button a row, a way back on every screen."""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.models import Buyer, Doer, ItemProgress, MaterialLine, PhotoStage, WorkKind, WorksItem
from bot.services.content import ContentLibrary
from bot.services.worksite.contract import Commitment, Contract
from handlers.ui.callbacks import HouseholdCardCallback, MenuAction, MenuCallback, SkipCallback, WorksiteCallback
from handlers.ui.layout import Row, button, grid, keyboard
from handlers.ui.menus import back_to_menu_button
from handlers.worksite import texts
from handlers.worksite.callbacks import (
    ItemAction,
    Screen,
    WsAcceptCallback,
    WsBoughtCallback,
    WsBuyerCallback,
    WsCommitCallback,
    WsDoerCallback,
    WsItemActionCallback,
    WsItemCallback,
    WsKindCallback,
    WsLineCallback,
    WsPercentCallback,
    WsPhotoCallback,
    WsPlannedCallback,
    WsProgressCallback,
    WsScreenCallback,
    WsSessionCallback,
)

LABEL_MAX = 30
PERCENTS = (0, 5, 10, 15, 20)


def _fit(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def _rows(buttons: Iterable[InlineKeyboardButton]) -> list[Row]:
    return [[item] for item in buttons]


def _screen(household_id: int, screen: Screen, text: str) -> Row:
    return [button(text, WsScreenCallback(household_id=household_id, screen=screen))]


def back_to_worksite(household_id: int, *, staff: bool) -> Row:
    if staff:
        return [button(_("⬅️ Back to the worksite"), WorksiteCallback(household_id=household_id))]
    return [button(_("⬅️ Back to my worksite"), MenuCallback(action=MenuAction.my_worksite))]


def _mark(on: bool) -> str:
    return "☑️" if on else "⬜"


def staff_contract(household_id: int, contract: Contract | None) -> InlineKeyboardMarkup:
    items = contract.items if contract else []
    rows = _rows(
        button(
            _fit(f"{texts.PROGRESS_NAMES[item.progress][:1]} {item.room} · {texts.KIND_NAMES[item.kind]}"),
            WsItemCallback(item_id=item.id),
        )
        for item in items
    )
    rows.append(_screen(household_id, Screen.add_item, _("➕ Add a works item")))
    if contract is not None:
        terms = contract.contract
        rows += [
            _screen(household_id, Screen.contribution, _("💶 Contribution")),
            [
                button(
                    _mark(terms.help_other_worksite) + " " + _("Help another worksite"),
                    WsCommitCallback(household_id=household_id, commitment=Commitment.help_other_worksite),
                )
            ],
            [
                button(
                    _mark(terms.come_to_workshops) + " " + _("Come to workshops"),
                    WsCommitCallback(household_id=household_id, commitment=Commitment.come_to_workshops),
                )
            ],
        ]
        if items and not contract.signed:
            rows.append(_screen(household_id, Screen.send, _("📤 Send to the household")))
        rows += [
            _screen(household_id, Screen.materials, _("🛒 Materials")),
            _screen(household_id, Screen.journal, _("📔 Works journal")),
            _screen(household_id, Screen.pdf, _("📄 Contract as PDF")),
        ]
    rows.append([button(_("⬅️ Back to the household"), HouseholdCardCallback(household_id=household_id))])
    return keyboard(*rows)


def tenant_contract(household_id: int, contract: Contract | None) -> InlineKeyboardMarkup:
    rows: list[Row] = []
    if contract is not None:
        if contract.items and not contract.signed:
            rows.append(
                [
                    button(
                        _("✅ I accept"), WsAcceptCallback(household_id=household_id, version=contract.contract.version)
                    )
                ]
            )
        rows += [
            _screen(household_id, Screen.materials, _("🛒 My shopping list")),
            _screen(household_id, Screen.journal, _("📔 My works journal")),
            _screen(household_id, Screen.pdf, _("📄 Contract as PDF")),
        ]
    # The tools lent and the offers of help live here, not in the main menu: a tenant's menu stays
    # short (handlers/lending and handlers/mutual_help answer these presses).
    rows += [
        [button(_("🧰 What I borrowed"), MenuCallback(action=MenuAction.borrowed))],
        [button(_("🤝 Offer help"), MenuCallback(action=MenuAction.offer_help))],
    ]
    return keyboard(*rows, [back_to_menu_button()])


def kinds() -> InlineKeyboardMarkup:
    return keyboard(
        *_rows(button(str(texts.KIND_NAMES[kind]), WsKindCallback(kind=kind)) for kind in WorkKind),
        [back_to_menu_button()],
    )


def doers() -> InlineKeyboardMarkup:
    return keyboard(
        *_rows(button(str(texts.DOER_NAMES[doer]), WsDoerCallback(doer=doer)) for doer in Doer),
        [back_to_menu_button()],
    )


def planned() -> InlineKeyboardMarkup:
    return keyboard(
        *grid((button(str(count), WsPlannedCallback(count=count)) for count in range(1, 7)), 3), [back_to_menu_button()]
    )


def skip() -> InlineKeyboardMarkup:
    return keyboard([button(_("⏭ Skip"), SkipCallback())], [back_to_menu_button()])


def item(household_id: int, works_item: WorksItem, *, has_before_after: bool) -> InlineKeyboardMarkup:
    progress = grid(
        (
            button(
                ("• " if value is works_item.progress else "") + str(texts.PROGRESS_NAMES[value]),
                WsProgressCallback(item_id=works_item.id, progress=value),
            )
            for value in ItemProgress
        ),
        2,
    )
    photos = [
        button(
            str(texts.STAGE_NAMES[stage]),
            WsPhotoCallback(household_id=household_id, stage=stage, item_id=works_item.id),
        )
        for stage in (PhotoStage.before, PhotoStage.after)
    ]
    rows = [*progress, photos]
    if has_before_after:
        rows.append(
            [button(_("🖼 Before and after"), WsItemActionCallback(item_id=works_item.id, action=ItemAction.compare))]
        )
    rows += [
        [button(_("📏 Measured m²"), WsItemActionCallback(item_id=works_item.id, action=ItemAction.area))],
        [button(_("🗑 Remove this item"), WsItemActionCallback(item_id=works_item.id, action=ItemAction.remove))],
        back_to_worksite(household_id, staff=True),
    ]
    return keyboard(*rows)


def contribution(household_id: int, default: int, current: int | None) -> InlineKeyboardMarkup:
    shares = grid(
        (
            button(
                ("• " if percent == current else "") + f"{percent} %" + (" ⭐" if percent == default else ""),
                WsPercentCallback(household_id=household_id, percent=percent),
            )
            for percent in PERCENTS
        ),
        3,
    )
    return keyboard(
        *shares,
        _screen(household_id, Screen.amount, _("💶 A fixed amount")),
        back_to_worksite(household_id, staff=True),
    )


def materials(
    household_id: int, lines: list[MaterialLine], library: ContentLibrary, *, staff: bool
) -> InlineKeyboardMarkup:
    rows: list[Row] = []
    if staff:
        rows = _rows(
            button(
                _fit(("☑️ " if line.bought else "⬜ ") + texts.material_name(line, library)),
                WsLineCallback(line_id=line.id),
            )
            for line in lines
        )
        rows.append(_screen(household_id, Screen.xlsx, _("📊 Spreadsheet (XLSX)")))
    return keyboard(*rows, back_to_worksite(household_id, staff=staff))


def line(household_id: int, material: MaterialLine) -> InlineKeyboardMarkup:
    buyers = _rows(
        button(
            ("• " if buyer is material.buyer else "") + str(texts.BUYER_NAMES[buyer]),
            WsBuyerCallback(line_id=material.id, buyer=buyer),
        )
        for buyer in Buyer
    )
    bought = _("☑️ Bought") if material.bought else _("⬜ Bought")
    return keyboard(
        *buyers,
        [button(bought, WsBoughtCallback(line_id=material.id))],
        _screen(household_id, Screen.materials, _("⬅️ Back to the materials")),
    )


def journal(household_id: int, items: list[WorksItem], compare: set[int], *, staff: bool) -> InlineKeyboardMarkup:
    rows: list[Row] = []
    if staff:
        rows.append([button(_("🛠 New works session"), WsSessionCallback(household_id=household_id))])
        rows += _rows(
            button(_fit("📷 " + item.room + " · " + texts.KIND_NAMES[item.kind]), WsItemCallback(item_id=item.id))
            for item in items
        )
    else:
        rows += [
            [button(str(texts.STAGE_NAMES[stage]), WsPhotoCallback(household_id=household_id, stage=stage))]
            for stage in (PhotoStage.problem, PhotoStage.done_alone)
        ]
        rows += _rows(
            button(
                _fit("🖼 " + item.room + " · " + texts.KIND_NAMES[item.kind]),
                WsItemActionCallback(item_id=item.id, action=ItemAction.compare),
            )
            for item in items
            if item.id in compare
        )
    return keyboard(*rows, back_to_worksite(household_id, staff=staff))


def session_step(household_id: int, data: WsSessionCallback) -> InlineKeyboardMarkup:
    """The choices of the question `data` is at: hours first, then the three counts."""
    if data.hours < 0:
        values, field = range(1, 9), "hours"
    elif data.members < 0:
        values, field = range(0, 6), "members"
    elif data.volunteers < 0:
        values, field = range(0, 5), "volunteers"
    else:
        values, field = range(0, 5), "others"
    choices = grid((button(str(value), data.model_copy(update={field: value})) for value in values), 4)
    return keyboard(*choices, back_to_worksite(household_id, staff=True))


def after_session(household_id: int, items: list[WorksItem]) -> InlineKeyboardMarkup:
    return journal(household_id, items, set(), staff=True)


def done(household_id: int, *, staff: bool) -> InlineKeyboardMarkup:
    return keyboard(back_to_worksite(household_id, staff=staff))


def back_to_item(item_id: int) -> InlineKeyboardMarkup:
    return keyboard([button(_("⬅️ Back to the item"), WsItemCallback(item_id=item_id))])


def proposed() -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("📄 Read the contract"), MenuCallback(action=MenuAction.my_worksite))], [back_to_menu_button()]
    )
