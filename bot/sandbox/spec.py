"""The official Bot API description (api.json) and validation of method calls against it.

Validation is deliberately stricter than Telegram in one way: unknown parameters are
rejected, so a typo in the bot's code fails a test instead of being silently ignored.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.sandbox.errors import bad_request

SPEC_ENV_VAR = "TELEGRAM_API_SPEC"
REPO_ROOT = Path(__file__).resolve().parents[2]
_SPEC_RELATIVE = Path("shared") / "telegram-bot-api" / "api.json"
BUNDLED_SPEC = Path(__file__).with_name("bot-api-methods.json")

# Removed from the documentation in Bot API 7.0 but still accepted by Telegram wherever their
# replacement field exists, and aiogram still sends them when code uses the deprecated arguments.
# name -> (replacement field, type)
LEGACY_PARAMETERS = {
    "reply_to_message_id": ("reply_parameters", "Integer"),
    "allow_sending_without_reply": ("reply_parameters", "Boolean"),
    "disable_web_page_preview": ("link_preview_options", "Boolean"),
}

# Telegram's own wording where it is well known; other fields get a generic message.
_MISSING_FIELD_REASONS = {
    "chat_id": "chat_id is empty",
    "text": "message text is empty",
    "message_id": "message identifier is not specified",
    "photo": "there is no photo in the request",
    "document": "there is no document in the request",
}

_SCALAR_TYPES = frozenset({"Integer", "String", "Boolean", "Float"})
_INTEGER = re.compile(r"[+-]?\d+")
_TRUE = frozenset({"true", "1"})
_FALSE = frozenset({"false", "0"})
ATTACH_PREFIX = "attach://"


@dataclass(frozen=True)
class UploadedFile:
    """A multipart part that carried a file."""

    filename: str
    content_type: str | None
    data: bytes


@dataclass(frozen=True)
class FieldSpec:
    name: str
    types: tuple[str, ...]
    required: bool

    @property
    def accepts_upload(self) -> bool:
        return "InputFile" in self.types

    @property
    def is_json(self) -> bool:
        """Object and array fields travel as JSON-serialised strings."""
        return not set(self.types) <= _SCALAR_TYPES | {"InputFile"}


@dataclass(frozen=True)
class MethodSpec:
    name: str
    fields: Mapping[str, FieldSpec]


@dataclass(frozen=True)
class ApiSpec:
    version: str
    methods: Mapping[str, MethodSpec]  # keyed by lower-case name: Telegram ignores the case

    def method(self, name: str) -> MethodSpec | None:
        return self.methods.get(name.lower())


def locate_spec(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Argument, else $TELEGRAM_API_SPEC, else `../shared/telegram-bot-api/api.json` above the repo,
    else the methods bundled with the package (BUNDLED_SPEC), so a fresh clone runs the sandbox."""
    if explicit is not None:
        return Path(explicit)
    if from_env := os.environ.get(SPEC_ENV_VAR):
        return Path(from_env)
    searched = [directory.parent / _SPEC_RELATIVE for directory in (REPO_ROOT, *REPO_ROOT.parents)]
    for candidate in searched:
        if candidate.is_file():
            return candidate
    return BUNDLED_SPEC


def bundle(document: Mapping[str, Any]) -> dict[str, Any]:
    """What the emulator reads of api.json: each method's fields with their types and whether
    they are required. BUNDLED_SPEC is this, written by scripts/bundle_bot_api_spec.py."""
    return {
        "version": document.get("version", "unknown"),
        "source": "PaulSonOfLars/telegram-bot-api-spec (MIT licence: bot-api-spec-LICENSE beside this file)",
        "methods": {
            name: {
                "name": name,
                "fields": [
                    {"name": field["name"], "types": field["types"], "required": field["required"]}
                    for field in method.get("fields", [])
                ],
            }
            for name, method in document["methods"].items()
        },
    }


def load_spec(path: str | os.PathLike[str] | None = None) -> ApiSpec:
    return _load_spec_file(locate_spec(path).resolve())


@lru_cache(maxsize=4)
def _load_spec_file(path: Path) -> ApiSpec:
    document = json.loads(path.read_text(encoding="utf-8"))
    methods = {
        name.lower(): MethodSpec(
            name=name,
            fields={
                field["name"]: FieldSpec(field["name"], tuple(field["types"]), bool(field["required"]))
                for field in method.get("fields", [])
            },
        )
        for name, method in document["methods"].items()
    }
    return ApiSpec(version=document.get("version", "unknown"), methods=methods)


def validate_call(
    method: MethodSpec, raw: Mapping[str, Any], attachments: Mapping[str, UploadedFile]
) -> dict[str, Any]:
    """Check a call's parameters and convert them to Python values (JSON fields decoded).

    `raw` holds form/query/JSON-body values; `attachments` the uploaded multipart files,
    referenced either by field name or as `attach://<part name>`.
    """
    legacy = {
        name: FieldSpec(name, (kind,), False)
        for name, (replacement, kind) in LEGACY_PARAMETERS.items()
        if replacement in method.fields
    }
    for name in sorted(raw):
        if name not in method.fields and name not in legacy:
            raise bad_request(f"unknown parameter {name}")
    params: dict[str, Any] = {}
    for field in method.fields.values():
        value = raw.get(field.name)
        if value is None and field.accepts_upload:
            value = attachments.get(field.name)
        if value is None or value == "":
            if field.required:
                raise bad_request(_MISSING_FIELD_REASONS.get(field.name, f'parameter "{field.name}" is required'))
            continue
        params[field.name] = _convert(field, value, attachments)
    for name in legacy.keys() & raw.keys():
        params[name] = _convert(legacy[name], raw[name], attachments)
    return params


def _convert(field: FieldSpec, value: Any, attachments: Mapping[str, UploadedFile]) -> Any:
    if field.accepts_upload:
        if isinstance(value, UploadedFile):
            return value
        if isinstance(value, str) and value.startswith(ATTACH_PREFIX):
            part = value.removeprefix(ATTACH_PREFIX)
            if part not in attachments:
                raise bad_request(f"file {value} not found in the request")
            return attachments[part]
        if "String" in field.types and isinstance(value, str):
            return value
        raise bad_request(f"there is no {field.name} in the request")
    if isinstance(value, UploadedFile):
        raise bad_request(f'parameter "{field.name}" can\'t be a file')
    if field.is_json:
        converted = _convert_json(field, value)
        # An InputMedia names its file inside the JSON ("media": "attach://photo"), as editMessageMedia does.
        if isinstance(converted, dict) and str(converted.get("media", "")).startswith(ATTACH_PREFIX):
            part = converted["media"].removeprefix(ATTACH_PREFIX)
            if part not in attachments:
                raise bad_request(f"file {converted['media']} not found in the request")
            converted["media"] = attachments[part]
        return converted
    types = set(field.types)
    if types == {"Integer", "String"}:
        return _as_integer(field.name, value) if _looks_like_integer(value) else str(value)
    if "Integer" in types:
        return _as_integer(field.name, value)
    if "Float" in types:
        return _as_float(field.name, value)
    if "Boolean" in types:
        return _as_boolean(field.name, value)
    return value if isinstance(value, str) else json.dumps(value)


def _convert_json(field: FieldSpec, value: Any) -> Any:
    wants_array = all(kind.startswith("Array of") for kind in field.types)
    shape = "array" if wants_array else "object"
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {field.name} JSON {shape}") from None
    if not isinstance(value, list if wants_array else dict):
        raise bad_request(f"can't parse {field.name} JSON {shape}")
    return value


def _looks_like_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and _INTEGER.fullmatch(value) is not None)


def _as_integer(name: str, value: Any) -> int:
    if not _looks_like_integer(value):
        raise bad_request(f'parameter "{name}" must be an Integer')
    return int(value)


def _as_float(name: str, value: Any) -> float:
    try:
        number = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        raise bad_request(f'parameter "{name}" must be a Float')
    return number


def _as_boolean(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise bad_request(f'parameter "{name}" must be a Boolean')
