"""The Qt-free edits store: where the sidecar is kept, a corrupt one set aside, saving on the
writing thread (outcomes taken in on the owner's thread), the fallback folder."""

from __future__ import annotations

import threading
from pathlib import Path

from sidecar_fakes import SidecarWrites

from nkviewer.app.curation import CurationStore
from nkviewer.corpus.curation import fallback_sidecar
from nkviewer.corpus.sidecar import SIDECAR_NAME, Edits, read_edits, write_edits


class Heard:
    """What a store told its owner, and on which thread."""

    def __init__(self) -> None:
        self.changed: list[str] = []
        self.problems: list[str] = []
        self.threads: set[str] = set()
        self.woken = threading.Event()

    def store(self) -> CurationStore:
        return CurationStore(on_changed=self._changed, on_problem=self._problem, wake=self._wake)

    def _changed(self, field: str) -> None:
        self.threads.add(threading.current_thread().name)
        self.changed.append(field)

    def _problem(self, msg: str) -> None:
        self.threads.add(threading.current_thread().name)
        self.problems.append(msg)

    def _wake(self) -> None:
        self.woken.set()


def take_in(store: CurationStore, folder: Path) -> list[str]:
    """Open a corpus' edits as the window does: read (in its opening thread), then adopted
    on the owner's thread; the problems met."""
    opened = store.read([folder], store.saves)
    assert store.adopt(opened)
    return opened.problems


def test_edits_read_before_a_save_are_not_adopted_and_read_again(tmp_path: Path) -> None:
    """A read that an edit saved afterwards may have missed is refused (the window reads
    again): the edit is in the file the second read finds."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    heard = Heard()
    store = heard.store()
    take_in(store, first)
    stale = store.read([first], store.saves)  # reopening the same corpus...
    store.set_many("hidden", {"ev-a": True})  # ...while an edit is saved
    assert not store.adopt(stale) and stale.edits.hidden == {}
    again = store.read([first], store.saves)
    assert store.adopt(again) and store.hidden == {"ev-a"}
    assert take_in(store, second) == [] and store.hidden == set()
    assert store.path == second / SIDECAR_NAME


def test_edits_are_read_changed_and_saved_next_to_the_corpus(tmp_path: Path) -> None:
    write_edits(tmp_path / SIDECAR_NAME, Edits(hidden={"ev-a": True}))
    heard = Heard()
    store = heard.store()
    assert take_in(store, tmp_path) == [] and heard.changed == []  # opening announces nothing
    assert store.path == tmp_path / SIDECAR_NAME and store.hidden == {"ev-a"}
    store.set_many("titles", {"ev-b": "Kim met Putin"})
    store.set_many("hidden", {"ev-a": None})
    assert store.flush()
    assert heard.changed == ["titles", "hidden"] and not heard.problems
    saved = read_edits(tmp_path / SIDECAR_NAME)
    assert saved.titles == {"ev-b": "Kim met Putin"} and saved.hidden == {}
    assert store.get("titles", "ev-b") == "Kim met Putin" and not store.is_empty()


def test_a_corrupt_sidecar_is_set_aside_and_a_fresh_one_started(tmp_path: Path) -> None:
    (tmp_path / SIDECAR_NAME).write_text("{not json", encoding="utf-8")
    store = CurationStore()
    (msg,) = take_in(store, tmp_path)
    assert "could not be read" in msg and f"renamed to {SIDECAR_NAME}.corrupt-" in msg
    (aside,) = tmp_path.glob(SIDECAR_NAME + ".corrupt-*")
    assert aside.read_text(encoding="utf-8") == "{not json"
    assert store.is_empty() and store.path == tmp_path / SIDECAR_NAME
    store.set_many("hidden", {"ev-a": True})
    assert store.flush()
    assert read_edits(tmp_path / SIDECAR_NAME).hidden == {"ev-a": True}


def test_an_unwritable_folder_saves_in_the_user_data_folder(
    tmp_path: Path, sidecar_writes: SidecarWrites
) -> None:
    folder_file = tmp_path / SIDECAR_NAME
    sidecar_writes.refused.add(folder_file)
    heard = Heard()
    store = heard.store()
    take_in(store, tmp_path)
    store.set_many("hidden", {"ev-a": True})
    assert store.flush()
    fallback = fallback_sidecar([tmp_path])
    assert store.path == fallback and read_edits(fallback).hidden == {"ev-a": True}
    assert heard.problems == [f"Edits are saved in {fallback} ({folder_file} is not writable)."]


LARGE = 20_000  # entries of a sidecar already there


def big(n: int) -> Edits:
    return Edits(hidden={f"{i:016x}": True for i in range(n)})


def test_every_save_is_written_on_the_writing_thread_and_taken_in_by_its_owner(
    tmp_path: Path, sidecar_writes: SidecarWrites
) -> None:
    path = tmp_path / SIDECAR_NAME
    write_edits(path, big(LARGE + 10))
    sidecar_writes.threads.clear()
    heard = Heard()
    store = heard.store()
    take_in(store, tmp_path)
    store.set_many("hidden", {"ev-x": True})
    store.set_many("titles", {"ev-y": "Xi met Kim"})
    assert store.flush()
    assert heard.woken.is_set() and set(sidecar_writes.threads) == {"nkviewer-edits-writer"}
    saved = read_edits(path)
    assert len(saved.hidden) == LARGE + 11 and saved.titles == {"ev-y": "Xi met Kim"}
    assert heard.threads <= {threading.current_thread().name} and not heard.problems


def test_a_failed_background_write_goes_to_the_fallback_before_flush_returns(
    tmp_path: Path, sidecar_writes: SidecarWrites
) -> None:
    path = tmp_path / SIDECAR_NAME
    write_edits(path, big(LARGE + 10))
    sidecar_writes.refused.add(path)
    heard = Heard()
    store = heard.store()
    take_in(store, tmp_path)
    store.set_many("hidden", {"ev-x": True})
    assert heard.problems == []  # nothing known yet: the write ends on the writing thread
    assert store.flush()
    fallback = fallback_sidecar([tmp_path])
    assert store.path == fallback and len(read_edits(fallback).hidden) == LARGE + 11
    assert heard.problems == [f"Edits are saved in {fallback} ({path} is not writable)."]
    assert heard.threads <= {threading.current_thread().name}


def test_a_write_that_fails_everywhere_is_reported_with_the_file_and_the_reason(
    tmp_path: Path, sidecar_writes: SidecarWrites
) -> None:
    path = tmp_path / SIDECAR_NAME
    sidecar_writes.refused.update({path, fallback_sidecar([tmp_path])})
    heard = Heard()
    store = heard.store()
    take_in(store, tmp_path)
    store.set_many("hidden", {"ev-x": True})
    assert heard.problems == []  # the window's thread did not wait for the disk
    assert store.flush()
    assert heard.problems == [f"Your edits could not be saved to {path} (Permission denied)."]
    assert store.hidden == {"ev-x"}  # kept: the next edit tries again


def test_the_hidden_ids_are_one_frozen_set_until_they_change(tmp_path: Path) -> None:
    """`hidden` is asked at every selection change and refilter: the same set is handed out
    until an edit of the hidden ids (or another corpus' edits) changes it, never a copy per
    call, and what was handed out never changes under its holder."""
    heard = Heard()
    store = heard.store()
    take_in(store, tmp_path)
    store.set_many("hidden", {"ev-a": True, "ev-b": True})
    first = store.hidden
    assert isinstance(first, frozenset) and first == {"ev-a", "ev-b"}
    assert store.hidden is first
    store.set_many("titles", {"ev-a": "Kim met Xi"})  # not the hidden ids: the same set
    assert store.hidden is first
    store.set_many("hidden", {"ev-b": None})
    assert store.hidden == {"ev-a"} and first == {"ev-a", "ev-b"}  # the old one unchanged
    again = tmp_path / "again"
    again.mkdir()
    write_edits(again / SIDECAR_NAME, Edits(hidden={"ev-z": True}))
    take_in(store, again)
    assert store.hidden == {"ev-z"}
    assert store.flush()
