"""Every feature's CallbackData factories (handlers/<feature>/callbacks.py and the
shared handlers/ui/callbacks.py), gathered in one namespace for the tests that
forge buttons of every kind."""

from __future__ import annotations

import enum
import importlib
import pkgutil
from types import SimpleNamespace

from aiogram.filters.callback_data import CallbackData

import handlers


def _callback_modules() -> list[object]:
    return [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(handlers.__path__, "handlers.")
        if info.name.endswith(".callbacks")
    ]


def _collect() -> dict[str, type]:
    found: dict[str, type] = {}
    for module in _callback_modules():
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == module.__name__:  # type: ignore[attr-defined]
                found[name] = value
    return found


_CLASSES = _collect()

# factories.VisitCallback, factories.ShareTarget…: the factories and their enums.
factories = SimpleNamespace(**_CLASSES)


def all_factories() -> list[type[CallbackData]]:
    return sorted(
        (cls for cls in _CLASSES.values() if issubclass(cls, CallbackData) and not issubclass(cls, enum.Enum)),
        key=lambda cls: cls.__name__,
    )
