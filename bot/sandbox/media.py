"""Turning photo/document/voice parameters (upload, file_id or URL) into stored files and Message fields."""

from __future__ import annotations

from typing import Any

from bot.sandbox.errors import bad_request, entity_too_large
from bot.sandbox.files import (
    FILE_UPLOAD_LIMIT,
    PHOTO_UPLOAD_LIMIT,
    FileStore,
    StoredFile,
    guess_mime_type,
    image_size,
)
from bot.sandbox.spec import UploadedFile

# Telegram downloads files sent by URL; the emulator cannot, so it assumes this size.
_URL_PHOTO_SIZE = (800, 600)
_GENERIC_CONTENT_TYPES = frozenset({None, "", "application/octet-stream"})


def resolve_file(files: FileStore, value: UploadedFile | str, kind: str) -> StoredFile:
    """Store an upload, or find the file a file_id names, or record a URL."""
    if isinstance(value, UploadedFile):
        return _store_upload(files, value, kind)
    if value.startswith(("http://", "https://")):
        file_name = value.rsplit("/", 1)[-1] or None
        return files.add(b"", kind=kind, file_name=file_name, mime_type=guess_mime_type(file_name), source_url=value)
    stored = files.info(value)
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if stored.kind != kind:
        raise bad_request(f"can't use file of type {stored.kind.title()} as {kind.title()}")
    return stored


def photo_sizes(stored: StoredFile) -> list[dict[str, Any]]:
    width, height = image_size(stored.data) or _URL_PHOTO_SIZE
    return [
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": width,
            "height": height,
            "file_size": stored.file_size,
        }
    ]


def document_object(stored: StoredFile) -> dict[str, Any]:
    document: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.file_size,
    }
    if stored.file_name:
        document["file_name"] = stored.file_name
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    return document


def voice_object(stored: StoredFile, duration: int) -> dict[str, Any]:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "duration": duration,
        "mime_type": stored.mime_type or "audio/ogg",
        "file_size": stored.file_size,
    }


def _store_upload(files: FileStore, upload: UploadedFile, kind: str) -> StoredFile:
    if not upload.data:
        raise bad_request("file must be non-empty")
    if len(upload.data) > (PHOTO_UPLOAD_LIMIT if kind == "photo" else FILE_UPLOAD_LIMIT):
        raise entity_too_large()
    if kind == "photo":
        _check_photo(upload.data)
        return files.add(upload.data, kind=kind, mime_type="image/jpeg")
    mime_type = upload.content_type
    if mime_type in _GENERIC_CONTENT_TYPES:
        mime_type = guess_mime_type(upload.filename)
    return files.add(upload.data, kind=kind, file_name=upload.filename, mime_type=mime_type)


def _check_photo(data: bytes) -> None:
    size = image_size(data)
    if size is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    width, height = size
    if width <= 0 or height <= 0 or width + height > 10_000 or max(width, height) > 20 * min(width, height):
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
