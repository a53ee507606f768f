"""One page of a long list (households, the team, the journal, tutorials…): the
rows shown and where they sit in the whole, for the pager's buttons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    total: int
    offset: int
    limit: int

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.total

    @property
    def previous_offset(self) -> int:
        return max(0, self.offset - self.limit)

    @property
    def next_offset(self) -> int:
        return self.offset + self.limit


def page_of(items: Sequence[T], offset: int, limit: int) -> Page[T]:
    """A page of a list already in memory (a forged offset lands on the last page, never past it)."""
    offset = max(0, min(offset, max(0, len(items) - 1)))
    return Page(list(items[offset : offset + limit]), len(items), offset, limit)
