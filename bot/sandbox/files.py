"""Files known to one bot: uploaded by the bot or sent by test users, addressable by file_id and path."""

from __future__ import annotations

import mimetypes
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

PHOTO_UPLOAD_LIMIT = 10 * 1024 * 1024
FILE_UPLOAD_LIMIT = 50 * 1024 * 1024

_DIRECTORIES = {"photo": "photos", "document": "documents", "voice": "voice", "sticker": "stickers"}


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str  # "photo", "document", "voice", "sticker"
    file_path: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None
    source_url: str | None = None  # sent by URL: Telegram would download it, the emulator does not

    @property
    def file_size(self) -> int:
        return len(self.data)

    def as_file(self) -> dict[str, object]:
        """The Bot API `File` object returned by getFile."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
            "file_path": self.file_path,
        }


class FileStore(Mapping[str, bytes]):
    """Maps file_id to content; `info()` and `by_path()` give the metadata."""

    def __init__(self, bot_id: int) -> None:
        self._bot_id = bot_id
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}

    def add(
        self,
        data: bytes,
        *,
        kind: str,
        file_name: str | None = None,
        mime_type: str | None = None,
        source_url: str | None = None,
    ) -> StoredFile:
        number = len(self._by_id)
        extension = _extension(file_name, mime_type, kind)
        stored = StoredFile(
            file_id=f"{kind}-{self._bot_id}-{number}",
            file_unique_id=f"u{self._bot_id:x}{number:x}",
            kind=kind,
            file_path=f"{_DIRECTORIES.get(kind, 'files')}/file_{number}{extension}",
            data=data,
            file_name=file_name,
            mime_type=mime_type,
            source_url=source_url,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def info(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)

    def __getitem__(self, file_id: str) -> bytes:
        return self._by_id[file_id].data

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)


def guess_mime_type(file_name: str | None) -> str:
    guessed = mimetypes.guess_type(file_name)[0] if file_name else None
    return guessed or "application/octet-stream"


def _extension(file_name: str | None, mime_type: str | None, kind: str) -> str:
    if file_name and "." in file_name:
        return "." + file_name.rsplit(".", 1)[1].lower()
    if kind == "photo":
        return ".jpg"
    return (mimetypes.guess_extension(mime_type) or "") if mime_type else ""


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, GIF, BMP, WebP or JPEG image; None if it is not one."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width, height
    if data.startswith(b"BM") and len(data) >= 26:
        width, height = struct.unpack("<ii", data[18:26])
        return width, abs(height)
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return _webp_size(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    position = 2
    while position + 9 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        # SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return width, height
        (segment_length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + segment_length
    return None


def ogg_opus_duration(data: bytes) -> int:
    """Whole seconds (rounded up) of an Ogg/Opus voice note, as Telegram reports it; 0 if the bytes
    are not Ogg/Opus. The last page's granule position counts 48 kHz samples, less the pre-skip."""
    head = data.find(b"OpusHead")
    last = data.rfind(b"OggS")
    if not data.startswith(b"OggS") or head < 0 or len(data) < head + 12 or last < 0 or len(data) < last + 14:
        return 0
    pre_skip = struct.unpack("<H", data[head + 10 : head + 12])[0]
    granule = struct.unpack("<q", data[last + 6 : last + 14])[0]
    samples = granule - pre_skip
    return -(-samples // 48000) if samples > 0 else 0
