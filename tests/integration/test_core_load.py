"""Many people at once on one process: every client ends with its room's notes,
all of them, once each, in one seq order shared by the whole room."""

from __future__ import annotations

import asyncio

from support.api import Api, Member, Workshop
from support.server import ServerProcess
from support.ws import Client, connect, open_many, run

ROOMS = 10
PEOPLE_PER_ROOM = 20
NOTES_EACH = 5
WAIT = 180.0


def test_200_clients_in_10_rooms_each_add_5_notes(server: ServerProcess, api: Api) -> None:
    rooms: list[tuple[Workshop, list[Member]]] = []
    for r in range(ROOMS):
        ws = api.workshop(title=f"Room {r}")
        rooms.append((ws, [api.member(ws, f"P{r}-{i}") for i in range(PEOPLE_PER_ROOM)]))
    # The text says 125 notes per room, but 200 clients in 10 rooms adding
    # 5 notes each make 20 x 5 = 100 per room; the counts, not that figure, decide.
    per_room = PEOPLE_PER_ROOM * NOTES_EACH
    assert per_room == 100

    async def add_notes(client: Client) -> list[tuple[int, str]]:
        texts = [f"{client.label} idea {n}" for n in range(NOTES_EACH)]
        replies = await asyncio.gather(*(
            client.request("note.add", {"text": t}, timeout=WAIT) for t in texts))
        for reply in replies:
            assert reply["type"] == "ack", (client.label, reply)
        return [(reply["seq"], text) for reply, text in zip(replies, texts, strict=True)]

    async def scenario() -> None:
        tokens = [(m.name, m.token) for _, members in rooms for m in members]
        clients = await open_many(server.ws, tokens, timeout=WAIT)
        try:
            assert len(clients) == ROOMS * PEOPLE_PER_ROOM
            for client in clients:
                assert client.welcome is not None and client.welcome["seq"] == 0
            sent = await asyncio.gather(*(add_notes(c) for c in clients))
            await asyncio.gather(*(c.event(per_room, timeout=WAIT) for c in clients))

            for r, (ws, _) in enumerate(rooms):
                group = clients[r * PEOPLE_PER_ROOM:(r + 1) * PEOPLE_PER_ROOM]
                group_sent = sent[r * PEOPLE_PER_ROOM:(r + 1) * PEOPLE_PER_ROOM]
                reference = group[0].events()
                assert [e["seq"] for e in reference] == list(range(1, per_room + 1))
                assert all(e["room"] == ws.plenary_room_id for e in reference)
                for client in group[1:]:
                    assert client.events() == reference, f"{client.label} saw another order"
                by_seq = {e["seq"]: e for e in reference}
                for client, acks in zip(group, group_sent, strict=True):
                    for seq, text in acks:
                        assert by_seq[seq]["data"]["text"] == text, (client.label, seq)
                        assert by_seq[seq]["actor"] == client.welcome["participant"]["id"]
                texts = sorted(e["data"]["text"] for e in reference)
                assert texts == sorted(t for acks in group_sent for _, t in acks)
                assert len(set(texts)) == per_room
        finally:
            await asyncio.gather(*(c.close() for c in clients))

        for ws, _ in rooms:
            async with connect(server.ws, ws.facilitator.token) as fac:
                assert fac.welcome is not None
                assert fac.welcome["seq"] == per_room
                assert len(fac.welcome["state"]["notes"]) == per_room

    run(scenario(), timeout=900)
