"""The catalogs are complete, consistent with the code, and compiled."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import UTC
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from bot.config import SUPPORTED_LOCALES
from bot.i18n import locales_dir

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
TAG = re.compile(r"</?[a-z]+[^>]*>")
COMMAND = re.compile(r"/[a-z_]{3,}")


def _catalog(locale: str):
    with open(locales_dir() / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


def _ids(catalog) -> set[object]:
    return {message.id for message in catalog if message.id}  # a plural's id is its (singular, plural) pair


def test_template_is_up_to_date_with_the_code(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "__",
            "-k",
            "lazy_ngettext:1,2",
            "-k",
            "lazy_gettext",
            "--no-location",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with open(fresh, "rb") as handle:
        extracted = _ids(read_po(handle))
    with open(locales_dir() / "messages.pot", "rb") as handle:
        shipped = _ids(read_po(handle))
    assert extracted == shipped, "run `make i18n` and translate the new strings"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_string_is_translated(locale):
    with open(locales_dir() / "messages.pot", "rb") as handle:
        template = _ids(read_po(handle))
    catalog = _catalog(locale)
    assert _ids(catalog) == template, f"{locale}: run `make i18n-update`"
    missing = [m.id for m in catalog if m.id and not all(_forms(m.string))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert missing == [] and fuzzy == []


def _forms(text: str | tuple[str, ...] | list[str]) -> list[str]:
    """A message's strings: one, or one per plural form."""
    return [text] if isinstance(text, str) else list(text)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_translations_keep_placeholders_tags_and_commands(locale):
    for message in _catalog(locale):
        if not message.id:
            continue
        source = _forms(message.id)[-1]  # the plural source has every placeholder
        for translated in _forms(message.string):
            for pattern in (PLACEHOLDER, TAG, COMMAND):
                assert sorted(pattern.findall(translated)) == sorted(pattern.findall(source)), message.id


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_compiled_catalogs_are_fresh(locale):
    compiled = io.BytesIO()
    write_mo(compiled, _catalog(locale))
    compiled.seek(0)
    with open(locales_dir() / locale / "LC_MESSAGES" / "messages.mo", "rb") as handle:
        shipped = read_mo(handle)
    fresh = read_mo(compiled)

    def strings(catalog) -> dict[str, list[str]]:
        return {str(m.id): _forms(m.string) for m in catalog if m.id}

    assert strings(fresh) == strings(shipped), f"{locale}: run `make i18n-compile`"


def test_dates_read_naturally_in_each_language():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from bot.i18n import create_i18n, format_day_time

    i18n = create_i18n("fr")
    moment = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)  # 14:00 in Paris (winter)
    with i18n.context(), i18n.use_locale("fr"):
        assert format_day_time(moment, "fr", ZoneInfo("Europe/Paris")) == "mardi 1 décembre à 14:00"
    with i18n.context(), i18n.use_locale("en"):
        assert format_day_time(moment, "en", ZoneInfo("Europe/Paris")) == "Tuesday 1 December at 14:00"
    with i18n.context(), i18n.use_locale("ar"):
        assert "14:00" in format_day_time(moment, "ar", ZoneInfo("Europe/Paris"))
