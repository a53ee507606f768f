"""HTML parse_mode and spec validation, without the HTTP server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.sandbox import spec
from bot.sandbox.errors import ApiError
from bot.sandbox.html import parse_html
from bot.sandbox.spec import (
    SPEC_ENV_VAR,
    UploadedFile,
    load_spec,
    locate_spec,
    validate_call,
)

# ../shared/ is beside the repo in development and CI, not in a fresh clone elsewhere.
SHARED_SPEC = next(
    (
        d.parent / "shared/telegram-bot-api/api.json"
        for d in (spec.REPO_ROOT, *spec.REPO_ROOT.parents)
        if (d.parent / "shared/telegram-bot-api/api.json").is_file()
    ),
    None,
)


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("é<br>", 'Unsupported start tag "br" at byte offset 2'),
        ("Tom & Jerry", 'Character "&" must be escaped as "&amp;" at byte offset 4'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<a>link</a>", 'Tag "a" must have attribute "href" at byte offset 0'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
    ],
)
def test_broken_html_is_reported_like_telegram(source: str, reason: str) -> None:
    with pytest.raises(ApiError) as failure:
        parse_html(source)

    assert failure.value.error_code == 400
    assert failure.value.description == f"Bad Request: can't parse entities: {reason}"


def test_html_entities_are_decoded_and_offsets_count_utf16_units() -> None:
    parsed = parse_html('😀 <a href="https://x.org/?a=1&b=2">lien</a> &lt;&#233;&gt; <tg-spoiler>s</tg-spoiler>')

    assert parsed.text == "😀 lien <é> s"
    assert parsed.entities == (
        {"type": "text_link", "offset": 3, "length": 4, "url": "https://x.org/?a=1&b=2"},
        {"type": "spoiler", "offset": 12, "length": 1},
    )


def test_pre_with_code_language_is_one_entity() -> None:
    parsed = parse_html('<pre><code class="language-python">x = 1</code></pre><blockquote expandable>q</blockquote>')

    assert parsed.entities == (
        {"type": "pre", "offset": 0, "length": 5, "language": "python"},
        {"type": "expandable_blockquote", "offset": 5, "length": 1},
    )


def test_spec_location_prefers_argument_then_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(SPEC_ENV_VAR, str(tmp_path / "from-env.json"))

    assert locate_spec(tmp_path / "explicit.json") == tmp_path / "explicit.json"
    assert locate_spec() == tmp_path / "from-env.json"
    monkeypatch.delenv(SPEC_ENV_VAR)
    if SHARED_SPEC is not None:
        assert locate_spec().parts[-3:] == ("shared", "telegram-bot-api", "api.json")


def test_without_shared_the_bundled_methods_are_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(SPEC_ENV_VAR, raising=False)
    monkeypatch.setattr(spec, "REPO_ROOT", tmp_path / "fresh" / "clone")
    assert locate_spec() == spec.BUNDLED_SPEC
    bundled = load_spec(spec.BUNDLED_SPEC)
    assert bundled.method("sendMessage").fields["chat_id"].required
    assert len(bundled.methods) > 150


@pytest.mark.skipif(SHARED_SPEC is None, reason="no ../shared/telegram-bot-api/api.json beside the repo")
def test_the_bundled_methods_are_those_of_the_shared_spec() -> None:
    assert SHARED_SPEC is not None
    shared = spec.bundle(json.loads(SHARED_SPEC.read_text(encoding="utf-8")))
    assert json.loads(spec.BUNDLED_SPEC.read_text(encoding="utf-8")) == shared, (
        "refresh it: .venv/bin/python scripts/bundle_bot_api_spec.py"
    )


def test_validation_converts_values_and_resolves_attachments() -> None:
    send_photo = load_spec().method("SENDPHOTO")
    assert send_photo is not None
    upload = UploadedFile("plan.png", "image/png", b"data")

    params = validate_call(
        send_photo,
        {
            "chat_id": "-100",
            "photo": "attach://part1",
            "has_spoiler": "true",
            "reply_markup": '{"inline_keyboard": []}',
        },
        {"part1": upload},
    )

    assert params == {"chat_id": -100, "photo": upload, "has_spoiler": True, "reply_markup": {"inline_keyboard": []}}


def test_legacy_parameters_are_accepted_only_where_telegram_still_takes_them() -> None:
    spec = load_spec()
    send_message, get_me = spec.method("sendMessage"), spec.method("getMe")
    assert send_message is not None and get_me is not None

    params = validate_call(send_message, {"chat_id": "1", "text": "hi", "reply_to_message_id": "5"}, {})
    with pytest.raises(ApiError, match="unknown parameter reply_to_message_id"):
        validate_call(get_me, {"reply_to_message_id": "5"}, {})

    assert params["reply_to_message_id"] == 5
