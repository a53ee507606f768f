"""Calendar files (.ics) for visits, written with the icalendar library.

Times are written in UTC: every calendar app converts them to the phone's
zone, and no VTIMEZONE block is needed. The UID is stable and SEQUENCE is the
visit's version, so re-importing a moved visit updates the event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

PRODUCT = "-//ARA Assistant//visits//FR"


@dataclass(frozen=True)
class Event:
    visit_id: int
    version: int
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str
    location: str | None = None
    cancelled: bool = False


def calendar_file(events: Iterable[Event], *, now: datetime) -> bytes:
    import icalendar  # only when someone asks for a file: it is 3 MiB of idle memory otherwise

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    for item in events:
        event = icalendar.Event()
        event.add("uid", f"visit-{item.visit_id}@ara-assistant")
        event.add("sequence", item.version)
        event.add("dtstamp", now.astimezone(UTC))
        event.add("dtstart", item.starts_at.astimezone(UTC))
        event.add("dtend", item.ends_at.astimezone(UTC))
        event.add("summary", item.summary)
        event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
