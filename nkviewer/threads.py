"""Background threads made when first needed and shared by every caller of one kind (a
dataset's opener, its janitor, the window fetcher): starting a thread per request cost
0.05-0.1 s on the window's thread when the machine was busy."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor


class SharedThread:
    """One named worker thread, made on first use; work submitted runs in order."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self._name)
            return self._executor
