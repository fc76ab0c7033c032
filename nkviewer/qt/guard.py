"""The boundary between Qt and Python handlers: no exception crosses it.

An exception that escapes a Python override (`mousePressEvent`, `paintEvent`...) called by Qt
beneath a Python `event()` override that itself calls `super().event()` can kill the process
inside shiboken (PySide6 6.11) instead of reaching `sys.excepthook`. `guarded` catches it where
Qt calls us, reports it through `sys.excepthook` (the exception dialog once the app installed
it) and lets the window keep going.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])


def report_current_exception() -> None:
    """Hand the exception being handled to `sys.excepthook` (the exception dialog)."""
    exc_type, exc, tb = sys.exc_info()
    if exc_type is None or exc is None:
        return
    try:
        sys.excepthook(exc_type, exc, tb)
    except Exception:  # a broken hook must not bring the window down either
        sys.__excepthook__(exc_type, exc, tb)


def guarded(default: Any = None) -> Callable[[F], F]:
    """Decorate a Qt event handler: an exception is reported and `default` returned."""

    def decorate(method: F) -> F:
        @functools.wraps(method)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            except Exception:
                report_current_exception()
                return default

        return cast(F, wrapper)

    return decorate
