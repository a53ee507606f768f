"""Local time rules: quiet hours and wall-clock times that survive DST.

Everything is stored in UTC; people live in Europe/Paris. "18:00 the evening
before" is a wall-clock time, so it is computed in the local zone and then
converted, which keeps its meaning across daylight-saving changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def local_to_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time on a local day.

    A time that does not exist (skipped by the spring change) moves forward by
    the gap, the way clocks do; an ambiguous one (autumn) takes the first.
    """
    # fold=0 does both: zoneinfo reads a skipped time with the offset before the
    # change (02:30 → 03:30 summer time) and an ambiguous one as its first pass.
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True)
class QuietHours:
    """A nightly window (e.g. 21:00–08:00) when non-urgent messages wait."""

    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        try:
            start_text, end_text = text.replace(" ", "").split("-")
            start, end = time.fromisoformat(start_text), time.fromisoformat(end_text)
        except ValueError:
            raise ValueError("must look like 21:00-08:00") from None
        if start == end:
            raise ValueError("start and end must differ (use 00:00-00:01 for almost none)")
        return cls(start, end)

    def contains(self, moment: datetime, tz: ZoneInfo) -> bool:
        local = moment.astimezone(tz).time()
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def next_end(self, moment: datetime, tz: ZoneInfo) -> datetime:
        """When the window containing `moment` ends (the morning), in UTC."""
        local = moment.astimezone(tz)
        day = local.date()
        if not (self.start < self.end) and local.time() >= self.start:
            day += timedelta(days=1)
        return local_to_utc(day, self.end, tz)


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class WorkingSpan:
    """Some weekdays (0 = Monday) with the same opening hours."""

    days: tuple[int, ...]
    start: time
    end: time


@dataclass(frozen=True)
class WorkingHours:
    """When the team reads messages, in local time: "mon-fri 09:00-17:00",
    or several groups separated by ";" ("mon-thu 09:00-17:00; fri 09:00-12:00")."""

    spans: tuple[WorkingSpan, ...]

    @classmethod
    def parse(cls, text: str) -> WorkingHours:
        spans = []
        for group in filter(None, (part.strip() for part in text.lower().split(";"))):
            try:
                days_text, hours_text = group.split()
                start_text, end_text = hours_text.split("-")
                start, end = time.fromisoformat(start_text), time.fromisoformat(end_text)
            except ValueError:
                raise ValueError('must look like "mon-fri 09:00-17:00" (groups separated by ";")') from None
            if start >= end:
                raise ValueError(f"{group!r}: the end must come after the start, on the same day")
            spans.append(WorkingSpan(cls._days(days_text), start, end))
        if not spans:
            raise ValueError('must look like "mon-fri 09:00-17:00"')
        return cls(tuple(spans))

    @staticmethod
    def _days(text: str) -> tuple[int, ...]:
        days: list[int] = []
        for item in text.split(","):
            first, _, last = item.partition("-")
            if first not in WEEKDAYS or (last and last not in WEEKDAYS):
                raise ValueError(f"unknown day in {text!r} (use {', '.join(WEEKDAYS)})")
            start, stop = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
            if stop < start:
                raise ValueError(f"{item!r}: write the days in week order (mon-fri)")
            days.extend(day for day in range(start, stop + 1) if day not in days)
        return tuple(days)

    def _openings(self, day: date, tz: ZoneInfo) -> list[tuple[datetime, datetime]]:
        return sorted(
            (local_to_utc(day, span.start, tz), local_to_utc(day, span.end, tz))
            for span in self.spans
            if day.weekday() in span.days
        )

    def contains(self, moment: datetime, tz: ZoneInfo) -> bool:
        day = moment.astimezone(tz).date()
        return any(start <= moment < end for start, end in self._openings(day, tz))

    def next_start(self, moment: datetime, tz: ZoneInfo) -> datetime:
        """`moment` itself during working hours, else the next opening (UTC).

        Computed on local days, so an evening, a weekend or a daylight-saving
        change give the wall-clock opening people expect ("Monday at 9:00").
        """
        day = moment.astimezone(tz).date()
        for offset in range(8):
            for start, end in self._openings(day + timedelta(days=offset), tz):
                if start <= moment < end:
                    return moment
                if start > moment:
                    return start
        raise AssertionError("working hours with no opening in a week")  # parse() never allows it
