"""Fuzzing the protocol across two processes: random ops and malformed frames.

Two `cocreate serve` processes share one database and a real `redis-server`.
Hypothesis writes scripts (`support.fuzz`): several participants, a facilitator
on one or both processes and maybe a wall send random sequences of valid ops,
interleaved with malformed frames (a wrong JSON type in every field, unknown
ops and frame types, deeply nested and oversized JSON, unicode edge cases,
invalid UTF-8, hellos out of order, reconnects with junk before the hello).
Every frame must get exactly one documented answer (an ack or an error with
the op's ref, a pong, a welcome) or a documented close; neither server logs a
traceback; at the end the two processes replay identical event logs for every
room, and every client's board equals a fresh welcome's.

Profiles (`support/fuzz.py`):

- `ci`, the default (`make test`): 20 derandomized examples of up to 30 steps,
  no example database; well under three minutes per database.
- `long` (`make fuzz`, i.e. `HYPOTHESIS_PROFILE=long`): rounds of random examples
  of up to 60 steps until `FUZZ_SECONDS` (default 600; 0: until interrupted).

A failing example is shrunk and printed as a `Script(...)` literal (paste it
into `REGRESSIONS` below, `from support.fuzz import *` names every part), and
under `long` it is also saved: Hypothesis's database in
`tests/fuzz-regressions/hypothesis/` (tried first by the next `make fuzz`) and
the script as `tests/fuzz-regressions/fuzz-*.json`, which every run of this
test, `make test` included, plays first as an explicit example. Commit the
JSON file with the fix.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from collections.abc import Callable

import pytest
from hypothesis import example, given, note, settings

from support import fuzz
from support.api import Api
from support.fuzz import (
    Hello,
    Op,
    Raw,
    Reconnect,
    Ref,
    Script,
)
from support.redis import RedisServer
from support.server import ServerProcess
from support.ws import Client, Message, connect, run

# Scripts that once failed, kept as explicit examples (shrunk output of the fuzzer).
REGRESSIONS: list[Script] = []

STEPS = {"ci": (30, 80), "long": (10, 120)}  # (fewest, most) per script


def _two_processes(start_server: Callable[..., ServerProcess],
                   redis_server: RedisServer) -> list[ServerProcess]:
    env = {"COCREATE_CREATES_PER_MINUTE": "100000"}
    return [start_server(redis_url=redis_server.url, extra_env=env) for _ in range(2)]


@pytest.mark.redis
def test_fuzzed_sessions_on_two_processes_keep_the_protocol(
        start_server: Callable[..., ServerProcess], redis_server: RedisServer) -> None:
    servers = _two_processes(start_server, redis_server)
    name = fuzz.profile_name()
    failing: list[fuzz.Script] = []
    totals: Counter[str] = Counter()

    def check(script: fuzz.Script) -> None:
        try:
            totals.update(fuzz.play_sync(servers, script).stats)
            totals["examples"] += 1
            totals["steps"] += len(script.steps)
        except BaseException:
            failing[:] = [script]
            note("as JSON (tests/fuzz-regressions/*.json):\n" + fuzz.script_to_json(script))
            raise

    explicit = [*REGRESSIONS, *(script for _, script in fuzz.saved_scripts())]
    for script in reversed(explicit):
        check = example(script=script)(check)
    test = settings(fuzz.profile())(given(script=fuzz.scripts(*STEPS[name]))(check))

    if name == "ci":
        test()
        print(_summary(totals))
        return
    seconds = float(os.environ.get("FUZZ_SECONDS", "600"))
    deadline = time.monotonic() + seconds if seconds > 0 else float("inf")
    rounds = 0
    while time.monotonic() < deadline:
        rounds += 1
        try:
            test()  # a new random seed each time: only the database's examples come back
        except BaseException:
            if failing:
                path = fuzz.save_script(failing[-1])
                print(f"\nmake fuzz: round {rounds} failed; the shrunk script is saved as "
                      f"{path.relative_to(fuzz.REPO)} (replayed by every later run)")
            raise
    print(f"\nmake fuzz: {rounds} rounds of {fuzz.profile().max_examples} examples passed; "
          + _summary(totals))


def _summary(totals: Counter[str]) -> str:
    answers = {k: v for k, v in totals.items() if not k.startswith(("op ", "event:"))}
    events = sum(v for k, v in totals.items() if k.startswith("event:"))
    return f"{answers}, {events} events applied by clients"


def test_scripts_round_trip_through_json() -> None:
    script = Script("hidden", 2, True, 2, (
        Op(1, "note.add", {"text": "\U0001f600 \u202e", "cluster": Ref("cluster", 1)}),
        Raw(0, '{"type": "ping", "t": "\\ud800"}'),
        Hello(2, token=[1], room=Ref("room", 3), since=2**64 - 1),
        Reconnect(1, 1, ("{", {"type": "op", "ref": "early", "op": "note.add"})),
        fuzz.Binary(0, b"\xff\x00"),
        fuzz.Mutant(3, "note.move", {"id": Ref("note", 0)}, ("data", "x"), fuzz.DELETE),
        fuzz.Oversized(1, 65_537, True),
        fuzz.Sync(),
    ))
    assert fuzz.script_from_json(fuzz.script_to_json(script)) == script


# --- what the fuzzer found, one focused test each -------------------------------------------


def test_an_op_before_hello_is_refused_with_its_ref(server: ServerProcess, api: Api) -> None:
    """Found: `{"type": "op", "ref": "deep", ...}` as the first frame got
    `{"type": "error", "ref": null, "code": "bad_message"}`: the ref was dropped
    (an error's ref is null only when the frame had none)."""
    workshop = api.workshop()

    async def scenario() -> None:
        async with connect(server.ws, label="early") as client:
            start = client.mark()
            await client.send({"type": "op", "ref": "early-1", "op": "note.add",
                               "data": {"text": "too soon"}})
            error = await client.wait_type("error", start=start, timeout=10)
            assert (error["ref"], error["code"]) == ("early-1", "bad_message"), error
            start = client.mark()
            await client.send({"type": "op", "ref": 7, "op": "note.add"})
            error = await client.wait_type("error", start=start, timeout=10)
            assert (error["ref"], error["code"]) == (None, "bad_message"), error
            await client.hello(workshop.facilitator.token)
            await client.ack("note.add", {"text": "now"})
    run(scenario(), timeout=60)


def test_every_overview_watch_is_answered_at_once(server: ServerProcess, api: Api) -> None:
    """Found: a second `overview.watch` on a socket that already watched got no
    answer at all until something changed (the protocol: answered at once). The
    web client sends one after every welcome, also on the same socket."""
    workshop = api.workshop()

    async def scenario() -> None:
        async with connect(server.ws, workshop.facilitator.token, label="fac") as fac:
            for _ in range(3):
                start = fac.mark()
                await fac.send({"type": "overview.watch"})
                overview = await fac.wait_type("overview", start=start, timeout=5)
                assert [r["id"] for r in overview["rooms"]] == [workshop.plenary_room_id]
            await fac.hello(workshop.facilitator.token)  # a new welcome, the same socket
            start = fac.mark()
            await fac.send({"type": "overview.watch"})
            await fac.wait_type("overview", start=start, timeout=5)
    run(scenario(), timeout=60)


def test_a_ref_with_nul_is_bad_message_and_poisons_no_batch(server: ServerProcess,
                                                            api: Api) -> None:
    """Found on PostgreSQL: an op whose ref held a NUL (`"ref": "\\u0000"`) reached
    the accepted-ref insert, which PostgreSQL refuses: the whole batch rolled back
    (every op committed with it answered `unavailable`) and the log held a
    traceback. A ref is a client's opaque id; one with NUL is `bad_message`."""
    workshop = api.workshop()
    people = [api.member(workshop, f"P{i}") for i in range(3)]

    async def refused_nul(client: Client, ref: str) -> Message:
        start = client.mark()
        await client.send({"type": "op", "ref": ref, "op": "note.add", "data": {"text": "nul"}})
        return await client.wait_type("error", start=start, timeout=10)

    async def scenario() -> None:
        async with connect(server.ws, people[0].token, label="nul") as bad, \
                connect(server.ws, people[1].token, label="p1") as one, \
                connect(server.ws, people[2].token, label="p2") as two:
            for round_ in range(5):  # sent together, so that they share a batch
                refs = [f"ok-{round_}-a", f"ok-{round_}-b"]
                bad_reply, *replies = await asyncio.gather(
                    refused_nul(bad, "nul\x00" * (round_ + 1)),
                    one.request("note.add", {"text": "fine"}, ref=refs[0]),
                    two.request("note.add", {"text": "fine too"}, ref=refs[1]))
                for reply in replies:
                    assert reply["type"] == "ack", (reply, bad_reply)
                assert (bad_reply["code"], bad_reply["ref"]) == ("bad_message", None), bad_reply
            await bad.ack("note.add", {"text": "the socket lives"})
    run(scenario(), timeout=60)
    assert "Traceback" not in server.output()


def test_a_reconnect_with_since_across_a_new_author_display_forgets_the_names(
        server: ServerProcess, api: Api) -> None:
    """Found: a participant who reconnected with `since` after the facilitator hid
    the authors (`workshop.settings {"authors": "group"}`) got `state: null` and
    the replay, and kept every author id it knew: live viewers get a fresh
    welcome for that change, a returning one never did. The fuzzer saw its board
    differ from a fresh welcome's (`/notes/ID/author: 'fac id' != None`)."""
    workshop = api.workshop(authors="named")
    member = api.member(workshop, "P")

    async def scenario() -> None:
        async with connect(server.ws, workshop.facilitator.token, label="fac") as fac:
            await fac.ack("note.add", {"text": "whose?"})
            async with connect(server.ws, member.token, label="p") as p:
                assert p.welcome is not None
                [note] = p.welcome["state"]["notes"]
                assert note["author"] == workshop.facilitator.participant_id
                since = p.welcome["seq"]
            await fac.ack("workshop.settings", {"authors": "group"})
            async with connect(server.ws, label="p again") as p:
                start = p.mark()
                await p.send({"type": "hello", "token": member.token, "since": since})
                # The whole state: the answer, or an unsolicited welcome after the replay.
                fresh = await p.wait_for(
                    lambda m: m.get("type") == "welcome" and m["state"] is not None,
                    start=start, timeout=5, what="a welcome with the whole state")
                [note] = fresh["state"]["notes"]
                assert note["author"] is None and note["author_group"] is None, note
    run(scenario(), timeout=60)
