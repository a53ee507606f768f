"""Every CallbackData factory of the chat layer (the features' callbacks.py, the shared
handlers/ui/callbacks.py, the calendar's), and their enums, gathered in one namespace for the tests that
forge buttons of every kind."""

from __future__ import annotations

import enum
import importlib
import pkgutil
from types import SimpleNamespace

from aiogram.filters.callback_data import CallbackData

import handlers


def _callback_modules() -> list[object]:
    # Every module of the chat layer: the features' callbacks.py, ui's, and the calendar's own.
    return [importlib.import_module(info.name) for info in pkgutil.walk_packages(handlers.__path__, "handlers.")]


def _collect() -> dict[str, type]:
    found: dict[str, type] = {}
    for module in _callback_modules():
        for name, value in vars(module).items():
            defined_here = isinstance(value, type) and value.__module__ == module.__name__  # type: ignore[attr-defined]
            if defined_here and (issubclass(value, CallbackData) or issubclass(value, enum.Enum)):
                # Two features' classes of one name would hide one from the forged presses.
                assert name not in found, f"{name} is defined in {found[name].__module__} and {module.__name__}"
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
