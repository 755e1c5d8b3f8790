"""A room's events reach delivery in seq order, once each, however they arrive.

The log is a fake: a dict of the room's events that the sequencer may read
from, with a record of every read.
"""

from __future__ import annotations

import asyncio

import pytest

from cocreate.board.state import Event
from cocreate.sequencer import RoomSequencer
from support.ws import run

GAP_WAIT_S = 0.05


def event(seq: int) -> Event:
    return Event("r1", seq, "note.add", "ann", 1_700_000_000_000 + seq, {"id": f"n{seq}"})


class FakeLog:
    def __init__(self, upto: int) -> None:
        self.events = {seq: event(seq) for seq in range(1, upto + 1)}
        self.reads: list[tuple[int, int | None]] = []
        self.fail_next = 0

    async def events_between(self, room_id: str, after: int, upto: int | None) -> list[Event]:
        assert room_id == "r1"
        self.reads.append((after, upto))
        if self.fail_next:
            self.fail_next -= 1
            raise ConnectionError("the database is away")
        last = max(self.events) if upto is None else upto
        return [self.events[s] for s in range(after + 1, last + 1) if s in self.events]


def sequencer(log: FakeLog, delivered: list[int]) -> RoomSequencer:
    return RoomSequencer("r1", log, lambda e: delivered.append(e.seq), gap_wait_s=GAP_WAIT_S)


def test_in_order_events_are_delivered_at_once_and_duplicates_dropped() -> None:
    async def scenario() -> None:
        delivered: list[int] = []
        seq = sequencer(FakeLog(0), delivered)
        seq.start(0)
        for s in (1, 2, 2, 3, 1):
            seq.receive(event(s))
        assert delivered == [1, 2, 3]
        assert seq.expected == 4
    run(scenario(), timeout=10)


def test_nothing_is_delivered_before_start_and_start_skips_what_the_welcome_had() -> None:
    async def scenario() -> None:
        delivered: list[int] = []
        seq = sequencer(FakeLog(0), delivered)
        for s in (3, 4, 5):
            seq.receive(event(s))
        assert delivered == []
        seq.start(4)  # the welcome showed the board at seq 4
        assert delivered == [5]
        seq.start(10)  # a later welcome does not move the starting point
        seq.receive(event(6))
        assert delivered == [5, 6]
    run(scenario(), timeout=10)


def test_an_early_event_waits_then_the_gap_is_read_from_the_log() -> None:
    async def scenario() -> None:
        log = FakeLog(5)
        delivered: list[int] = []
        seq = sequencer(log, delivered)
        seq.start(1)
        seq.receive(event(5))  # 2, 3 and 4 were lost on the way
        assert delivered == []
        assert seq.waiting == [5]
        await asyncio.sleep(GAP_WAIT_S * 4)
        assert delivered == [2, 3, 4, 5]
        assert log.reads == [(1, 4)]
        assert seq.waiting == []
    run(scenario(), timeout=10)


def test_a_gap_that_fills_itself_in_time_is_not_read() -> None:
    async def scenario() -> None:
        log = FakeLog(3)
        delivered: list[int] = []
        seq = sequencer(log, delivered)
        seq.start(0)
        seq.receive(event(2))
        seq.receive(event(1))
        await asyncio.sleep(GAP_WAIT_S * 4)
        assert delivered == [1, 2]
        assert log.reads == []
    run(scenario(), timeout=10)


def test_a_failed_gap_read_is_retried() -> None:
    async def scenario() -> None:
        log = FakeLog(4)
        log.fail_next = 1
        delivered: list[int] = []
        seq = sequencer(log, delivered)
        seq.start(0)
        seq.receive(event(4))
        await asyncio.sleep(GAP_WAIT_S * 8)
        assert delivered == [1, 2, 3, 4]
        assert len(log.reads) == 2
    run(scenario(), timeout=10)


def test_catch_up_delivers_a_lost_tail_from_the_log() -> None:
    async def scenario() -> None:
        log = FakeLog(6)
        delivered: list[int] = []
        seq = sequencer(log, delivered)
        seq.start(2)
        seq.receive(event(3))
        await seq.catch_up(6)  # 4, 5 and 6 never arrived: no later event shows the gap
        assert delivered == [3, 4, 5, 6]
        assert log.reads == [(3, 6)]
        await seq.catch_up(6)  # nothing new: no read
        assert log.reads == [(3, 6)]
    run(scenario(), timeout=10)


def test_catch_up_before_start_reads_nothing() -> None:
    async def scenario() -> None:
        log = FakeLog(3)
        seq = sequencer(log, [])
        await seq.catch_up(3)
        assert log.reads == []
    run(scenario(), timeout=10)


def test_a_delivery_that_raises_does_not_stop_the_room() -> None:
    async def scenario() -> None:
        delivered: list[int] = []

        def deliver(e: Event) -> None:
            if e.seq == 2:
                raise RuntimeError("a broken frame")
            delivered.append(e.seq)

        seq = RoomSequencer("r1", FakeLog(0), deliver, gap_wait_s=GAP_WAIT_S)
        seq.start(0)
        for s in (1, 2, 3):
            seq.receive(event(s))
        assert delivered == [1, 3]
        assert seq.expected == 4
    run(scenario(), timeout=10)


@pytest.mark.parametrize("arrival", [[3, 1, 2], [2, 3, 1], [3, 2, 1]])
def test_any_arrival_order_delivers_in_seq_order(arrival: list[int]) -> None:
    async def scenario() -> None:
        log = FakeLog(3)
        delivered: list[int] = []
        seq = sequencer(log, delivered)
        seq.start(0)
        for s in arrival:
            seq.receive(event(s))
        assert delivered == [1, 2, 3]
        seq.close()
    run(scenario(), timeout=10)
