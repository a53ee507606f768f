"""Every label the bot puts on a button fits what a phone shows (about 30 characters) in each
language: the msgids passed to the keyboard builders (handlers/), read from the source, in the
shipped catalogs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.i18n import LANGUAGE_NAMES
from handlers.workshops.texts import LABEL_LENGTH
from tests.e2e.helpers import tr

ROOT = Path(__file__).resolve().parents[1]
GETTEXT = {"_", "__"}
BUILDERS = {"button", "url_button", "InlineKeyboardButton"}


def _literal(node: ast.AST) -> str | None:
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in GETTEXT
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def _candidates(node: ast.AST) -> list[ast.AST]:
    """Expressions that end up as a button's text."""
    found: list[ast.AST] = []
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in BUILDERS and node.args:
            found.append(node.args[0])
        found += [
            k.value for k in node.keywords if k.arg in ("yes_text", "no_text") or (k.arg == "text" and name in BUILDERS)
        ]
    if (
        isinstance(node, ast.Tuple)
        and len(node.elts) in (2, 3)
        and isinstance(node.elts[-1], (ast.Call, ast.Attribute))
    ):
        found += node.elts[:-1]  # (label, Callback(...)) as ui.layout.column takes them, (label, action) lists
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
        names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        if any(n.endswith(("_NAMES", "_VERSION")) for n in names):
            found += [v for v in node.value.values if v is not None]
    return found


def button_msgids() -> dict[str, str]:
    """Each msgid shown on a button, with a file that shows it."""
    msgids: dict[str, str] = {}
    for path in sorted((ROOT / "handlers").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            stack = _candidates(node)
            while stack:
                candidate = stack.pop()
                if isinstance(candidate, ast.IfExp):
                    stack += [candidate.body, candidate.orelse]
                elif isinstance(candidate, ast.BoolOp):  # yes_text or _("✅ Confirm")
                    stack += candidate.values
                elif (msgid := _literal(candidate)) is not None:
                    msgids.setdefault(msgid, str(path.relative_to(ROOT)))
    return msgids


def test_the_scan_finds_the_buttons():
    msgids = button_msgids()
    assert {"⬅️ Main menu", "📨 Invite", "✅ Confirm", "◀️ Previous", "➕ Arabic version"} <= set(msgids)
    assert len(msgids) > 150


@pytest.mark.parametrize("locale", sorted(LANGUAGE_NAMES))
def test_every_button_label_fits_a_phone(locale):
    too_long = {
        msgid: (len(tr(locale, msgid)), where)
        for msgid, where in button_msgids().items()
        if len(tr(locale, msgid).format_map(_Blank())) > LABEL_LENGTH
    }
    assert too_long == {}


class _Blank(dict):  # type: ignore[type-arg]
    """Placeholders measured as a short value ("{count}" → "12")."""

    def __missing__(self, key: str) -> str:
        return "12"
