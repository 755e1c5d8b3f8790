"""The server's layout, seen by real clients: two people see the same board after
`board.tidy` and `cluster.move`, and a restarted server shows the same positions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from support.api import Api
from support.server import ServerProcess
from support.ws import Client, connect, run

Positions = dict[str, tuple[float, float]]


def _apply(board: dict[str, Positions], event: dict[str, Any]) -> None:
    """What a client does with an event's positions (web/js/board-state.js does the same)."""
    d, op = event["data"], event["op"]
    notes, clusters = board["notes"], board["clusters"]
    if op in ("note.add", "note.move") and "x" in d:
        notes[d["id"]] = (d["x"], d["y"])
    elif op in ("cluster.add", "cluster.move"):
        clusters[d["id"]] = (d["x"], d["y"])
    elif op == "notes.reveal":
        for n in d["notes"]:
            notes[n["id"]] = (n["x"], n["y"])
    for moved in d.get("layout", {}).get("notes", ()):
        notes[moved["id"]] = (moved["x"], moved["y"])
    for moved in d.get("layout", {}).get("clusters", ()):
        clusters[moved["id"]] = (moved["x"], moved["y"])


def _seen(client: Client) -> dict[str, Positions]:
    assert client.welcome is not None
    state = client.welcome["state"]
    board: dict[str, Positions] = {
        "notes": {n["id"]: (n["x"], n["y"]) for n in state["notes"]},
        "clusters": {c["id"]: (c["x"], c["y"]) for c in state["clusters"]}}
    for event in client.events():
        _apply(board, event)
    return board


async def _welcome_board(url: str, token: str) -> dict[str, Positions]:
    async with connect(url, token, label="fresh") as fresh:
        return _seen(fresh)


def test_two_clients_see_the_same_board_after_tidy_and_cluster_move(
        server: ServerProcess, api: Api, start_server: Callable[..., ServerProcess]) -> None:
    ws = api.workshop()
    ada = api.member(ws, "Ada", group="City")
    fac = ws.facilitator

    async def scenario() -> dict[str, Positions]:
        async with connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, fac.token, label="fac") as f:
            notes = []
            for i in range(9):  # all at one spot, the way a busy minute looks
                seq = await a.ack("note.add", {"text": f"idea {i}", "x": 100, "y": 100})
                notes.append((await f.event(seq))["data"]["id"])
            seq = await a.ack("cluster.add", {"title": "Transport", "notes": notes[:4],
                                              "x": 100, "y": 100})
            cid = (await f.event(seq))["data"]["id"]
            # Tidy is one op, however many notes move.
            reply = await f.request("board.tidy", {})
            assert reply["type"] == "ack", reply
            tidy = await a.event(reply["seq"])
            assert tidy["op"] == "board.tidy" and tidy["actor"] == fac.participant_id
            assert a.events() == f.events()
            seq = await a.ack("cluster.move", {"id": cid, "x": 900, "y": 700})
            moved = await f.event(seq)
            assert (moved["data"]["x"], moved["data"]["y"]) == (900, 700)
            assert {m["id"] for m in moved["data"]["layout"]["notes"]} == set(notes[:4])
            await a.event(seq)
            assert a.events() == f.events()
            seen = _seen(a)
            assert seen == _seen(f)
            # The frame moved with its notes: each sits at the same offset in it.
            assert seen["clusters"][cid] == (900, 700)
            xs = sorted(seen["notes"][n] for n in notes[:4])
            assert xs == [(918, 752), (918, 918), (1134, 752), (1134, 918)]
            # A participant may not tidy.
            await a.refused("board.tidy", {}, "forbidden")
            assert seen == await _welcome_board(server.ws, ada.token)
            return seen

    seen = run(scenario())
    server.stop()
    again = start_server()
    assert run(_welcome_board(again.ws, ada.token)) == seen
