"""Refusals a service raises when a rule says no.

Services check the acting person themselves (callback data can be forged, and
a handler is only one way in) and raise a domain's `Refused` with an enum
reason; the handler maps the reason to a translated text. Nothing is changed
when a refusal is raised."""

from __future__ import annotations

import enum
from typing import Generic, TypeVar

R = TypeVar("R", bound=enum.Enum)


class Refused(Exception, Generic[R]):
    def __init__(self, reason: R) -> None:
        super().__init__(reason.value)
        self.reason = reason
