"""The worksite's photos: kept by Telegram's file id and copied to PHOTOS_DIR, so that the
before/after picture can be composed and erasure and retention can delete the files too.
The handler downloads the bytes (services do not talk to Telegram); this module checks them
(size; a real JPEG or PNG, read by Pillow, whatever the name says) and writes them in a thread
so the event loop never waits on the disk."""

from __future__ import annotations

import asyncio
import io
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Person, PhotoStage, Role, WorksiteContract, WorksItem, WorksPhoto, WorksSession
from bot.services.worksite.rules import (
    WorksiteRefusal,
    WorksiteRefused,
    household_of_tenant,
    household_to_edit,
)

ALLOWED = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
TENANT_STAGES = (PhotoStage.problem, PhotoStage.done_alone)
STAFF_STAGES = (PhotoStage.before, PhotoStage.after)
SESSION_PHOTO_HOURS = 12


def checked(data: bytes, max_bytes: int) -> tuple[str, str]:
    """(MIME type, extension) of a photo we keep; refused when too large or not a picture."""
    from PIL import Image, UnidentifiedImageError

    if not data or len(data) > max_bytes:
        raise WorksiteRefused(WorksiteRefusal.bad_photo)
    try:
        with Image.open(io.BytesIO(data)) as image:
            found = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise WorksiteRefused(WorksiteRefusal.bad_photo) from None
    if found not in ALLOWED:
        raise WorksiteRefused(WorksiteRefusal.bad_photo)
    return ALLOWED[found]


def _write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path.resolve()


async def add(
    session: AsyncSession,
    person: Person,
    household_id: int,
    *,
    stage: PhotoStage,
    item_id: int | None,
    works_session_id: int | None,
    file_id: str,
    data: bytes,
    photos_dir: Path,
    max_bytes: int,
    now: datetime,
) -> WorksPhoto:
    """Staff add before/after photos; the household's tenants a problem or a step done alone."""
    if person.role is Role.tenant:
        household = await household_of_tenant(session, person, household_id)
        allowed = TENANT_STAGES
    else:
        household = await household_to_edit(session, person, household_id)
        allowed = STAFF_STAGES
    if stage not in allowed:
        raise WorksiteRefused(WorksiteRefusal.not_allowed)
    if item_id is not None:
        item = await session.get(WorksItem, item_id)
        contract = await session.get(WorksiteContract, item.contract_id) if item is not None else None
        if contract is None or contract.household_id != household.id:
            raise WorksiteRefused(WorksiteRefusal.not_allowed)
    if works_session_id is not None:
        works = await session.get(WorksSession, works_session_id)
        if works is None or works.household_id != household.id:
            raise WorksiteRefused(WorksiteRefusal.not_allowed)
    else:  # the session going on, or just recorded: photos taken that day belong to it
        latest = await session.exec(
            select(WorksSession.id)
            .where(
                col(WorksSession.household_id) == household.id,
                col(WorksSession.started_at) >= now - timedelta(hours=SESSION_PHOTO_HOURS),
            )
            .order_by(col(WorksSession.started_at).desc())
        )
        works_session_id = latest.first()
    mime, extension = checked(data, max_bytes)
    name = f"{now:%Y%m%d}-{secrets.token_hex(8)}.{extension}"
    path = await asyncio.to_thread(_write, photos_dir / str(household.id), name, data)
    photo = WorksPhoto(
        household_id=household.id,
        session_id=works_session_id,
        item_id=item_id,
        stage=stage,
        file_id=file_id[:255],
        path=str(path),
        mime_type=mime,
        size=len(data),
        author_id=person.id,
        created_at=now,
    )
    session.add(photo)
    await session.flush()
    return photo


async def of_household(session: AsyncSession, household_id: int) -> list[WorksPhoto]:
    rows = await session.exec(
        select(WorksPhoto).where(col(WorksPhoto.household_id) == household_id).order_by(col(WorksPhoto.id))
    )
    return list(rows.all())


def before_and_after(photos: Iterable[WorksPhoto], item_id: int) -> tuple[WorksPhoto, WorksPhoto] | None:
    """The first "before" and the last "after" of an item, when it has both."""
    of_item = [photo for photo in photos if photo.item_id == item_id]
    before = next((p for p in of_item if p.stage is PhotoStage.before), None)
    after = next((p for p in reversed(of_item) if p.stage is PhotoStage.after), None)
    return (before, after) if before is not None and after is not None else None


def _side_by_side(left: Path, right: Path, height: int) -> bytes:
    from PIL import Image

    with Image.open(left) as first, Image.open(right) as second:
        pictures = [
            image.convert("RGB").resize((max(1, round(image.width * height / image.height)), height))
            for image in (first, second)
        ]
    gap = max(4, height // 50)
    composed = Image.new("RGB", (pictures[0].width + gap + pictures[1].width, height), "white")
    composed.paste(pictures[0], (0, 0))
    composed.paste(pictures[1], (pictures[0].width + gap, 0))
    out = io.BytesIO()
    composed.save(out, "JPEG", quality=85)
    return out.getvalue()


async def compose(before: WorksPhoto, after: WorksPhoto, height: int = 600) -> bytes | None:
    """Before (left) and after (right) in one picture, from the copies on disk; None if one is gone."""
    if before.path is None or after.path is None:
        return None
    left, right = Path(before.path), Path(after.path)
    if not (await asyncio.to_thread(left.is_file) and await asyncio.to_thread(right.is_file)):
        return None
    return await asyncio.to_thread(_side_by_side, left, right, height)


def _unlink(paths: list[str]) -> None:
    for path in paths:
        Path(path).unlink(missing_ok=True)


async def delete(session: AsyncSession, photos: list[WorksPhoto]) -> int:
    """Delete photos, their rows and their files (erasure, retention)."""
    paths = [photo.path for photo in photos if photo.path]
    for photo in photos:
        await session.delete(photo)
    await session.flush()
    await asyncio.to_thread(_unlink, paths)
    return len(photos)
