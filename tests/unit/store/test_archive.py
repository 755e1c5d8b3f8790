"""Pure parts of the archive's import (the database parts:
tests/integration/test_archive_roundtrip.py)."""

from __future__ import annotations

from cocreate.store.archive import agenda_before_the_log


def test_finished_rounds_keep_their_order_before_the_fresh_log() -> None:
    agenda = [{"title": "A", "done": True, "ended": 57}, {"title": "B"},
              {"title": "C", "done": True, "ended": 12}, {"title": "D", "ended": None}]
    moved = agenda_before_the_log(agenda)
    assert [r.get("ended") for r in moved] == [0, None, -1, None]
    assert [r["title"] for r in moved] == ["A", "B", "C", "D"]
    # Any round ended after the import (seq 1 on) is later than all of them.
    assert max(r["ended"] for r in moved if r.get("ended") is not None) < 1


def test_an_agenda_without_finished_rounds_stays_as_it_is() -> None:
    agenda = [{"title": "A", "seconds": 60}]
    assert agenda_before_the_log(agenda) == agenda
