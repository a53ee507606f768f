"""What an outbox row of a kind carries, typed: one model per message kind,
declared beside the kind by the service that queues it and read back by the
kind's renderer at send time (handlers/<feature>/renderers.py).

The row stores the model as JSON (`outbox.params`). Unknown keys are ignored
and new fields need a default, so rows queued by the previous release still
render after an upgrade."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from pydantic import BaseModel, ConfigDict


class Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    def params(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def of(cls, params: Mapping[str, Any]) -> Self:
        return cls.model_validate(dict(params))
