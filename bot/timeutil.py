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
