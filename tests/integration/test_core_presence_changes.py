"""Presence as changes (hello `"presence": "changes"`): one whole list first, then
who arrived and who left against it, across processes; clients that did not ask
keep getting whole lists."""

from __future__ import annotations

from typing import Any

from support.api import Api
from support.server import ServerProcess
from support.ws import Client, run


def _ids(frame: dict[str, Any]) -> set[str]:
    return {p["id"] for p in frame["participants"]}


def _apply(here: dict[str, dict[str, Any]], frame: dict[str, Any]) -> None:
    if frame["type"] == "presence":
        here.clear()
        here.update({p["id"]: p for p in frame["participants"]})
    else:
        for pid in frame["left"]:
            here.pop(pid, None)
        here.update({p["id"]: p for p in frame["joined"]})


def _presence_frames(client: Client, start: int = 0) -> list[dict[str, Any]]:
    return [m for m in client.messages[start:]
            if m.get("type") in ("presence", "presence.changes")]


def test_changes_follow_one_whole_list_on_both_processes(two: list[ServerProcess],
                                                          api: Api) -> None:
    ws = api.workshop()
    ann, bo, cy = (api.member(ws, name, group="NGO") for name in ("Ann", "Bo", "Cy"))
    fac = ws.facilitator.participant_id

    async def scenario() -> None:
        watcher = await Client.open(two[0].ws, label="watcher")
        legacy = await Client.open(two[1].ws, label="legacy")
        try:
            await watcher.hello(ws.facilitator.token, presence="changes")
            await legacy.hello(ann.token)
            here: dict[str, dict[str, Any]] = {}
            first = await watcher.wait_for(
                lambda m: m.get("type") in ("presence", "presence.changes"), what="a list")
            assert first["type"] == "presence", first  # the first one is whole
            arrivals = []
            for member, server, label in ((bo, two[1], "bo"), (cy, two[0], "cy")):
                c = await Client.open(server.ws, label=label)
                await c.hello(member.token, presence="changes")
                arrivals.append(c)
            everyone = {fac, ann.participant_id, bo.participant_id, cy.participant_id}

            def knows(ids: set[str]) -> bool:
                here.clear()
                for frame in _presence_frames(watcher):
                    _apply(here, frame)
                return set(here) == ids

            await watcher.wait_for(lambda m: knows(everyone), what="all four, by changes")
            later = _presence_frames(watcher)[1:]
            assert later and all(f["type"] == "presence.changes" for f in later), later
            assert all(set(f) == {"type", "joined", "left", "ready"} for f in later)
            assert here[bo.participant_id]["name"] == "Bo"
            # Nobody is listed twice in a change: only arrivals and changed entries.
            assert sum(len(f["joined"]) for f in later) <= len(later) * 3
            await legacy.wait_for(lambda m: m.get("type") == "presence" and _ids(m) == everyone,
                                  what="the whole list, for a client that did not ask")
            assert not any(m.get("type") == "presence.changes" for m in legacy.messages)
            # Bo's own first list is whole, and has everyone who was there.
            bo_first = await arrivals[0].wait_type("presence")
            assert ann.participant_id in _ids(bo_first)

            mark = watcher.mark()
            await arrivals[0].close()
            left = await watcher.wait_for(
                lambda m: m.get("type") == "presence.changes"
                and bo.participant_id in m["left"], start=mark, what="Bo leaving")
            assert bo.participant_id not in {p["id"] for p in left["joined"]}
            await watcher.wait_for(lambda m: knows(everyone - {bo.participant_id}), start=mark,
                                   what="three left, by changes")
            await arrivals[1].close()
        finally:
            await watcher.close()
            await legacy.close()

    run(scenario())


def test_a_ready_change_alone_is_a_change_with_nobody_in_it(server: ServerProcess,
                                                            api: Api) -> None:
    ws = api.workshop()
    ann = api.member(ws, "Ann")

    async def scenario() -> None:
        watcher = await Client.open(server.ws, label="watcher")
        member = await Client.open(server.ws, label="ann")
        try:
            await watcher.hello(ws.facilitator.token, presence="changes")
            await member.hello(ann.token, presence="changes")
            await watcher.wait_for(
                lambda m: ann.participant_id in {p["id"] for p in
                                                 m.get("participants", m.get("joined", []))},
                what="Ann arriving")
            mark = watcher.mark()
            await member.ack("ready.set", {"ready": True})
            frame = await watcher.wait_for(
                lambda m: m.get("type") == "presence.changes" and m["ready"]["done"] == 1,
                start=mark, what="the count moving")
            assert (frame["joined"], frame["left"], frame["ready"]) == ([], [],
                                                                      {"done": 1, "of": 1})
        finally:
            await watcher.close()
            await member.close()

    run(scenario())
