"""Exports and snapshots as a reader gets them over HTTP from a real server.

- An export's file name follows RFC 6266: `filename*=UTF-8''...` carries any
  workshop or room name (Cyrillic, a check mark, Lithuanian), `filename="..."`
  is a plain ASCII fallback, and no quote, backslash, CR/LF or other control of
  a name ever reaches the header.
- A snapshot is read as a live board is seen: a hidden vote's tally stays null
  until that vote is revealed, and authors follow the workshop's current
  `authors` and `facilitator_sees_authors`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import unquote

import httpx

from support.api import Api, Member, Workshop
from support.server import ServerProcess
from support.ws import Client, connect, run

FORMATS = ("md", "csv", "json")
_FILENAME_STAR = re.compile(r"filename\*=UTF-8''([^;\s]+)")
_FALLBACK = re.compile(r'filename="([^"]*)"')


# --- export file names ------------------------------------------------------------------------


def _export(api: Api, room: str, token: str, fmt: str) -> httpx.Response:
    return api.get(f"/api/rooms/{room}/export", token=token, params={"format": fmt})


def _raw_disposition(response: httpx.Response) -> bytes:
    """The Content-Disposition header exactly as its bytes came over the wire."""
    values = [v for k, v in response.headers.raw if k.lower() == b"content-disposition"]
    assert len(values) == 1, response.headers.raw
    return values[0]


def _filenames(response: httpx.Response, fmt: str) -> tuple[str, str]:
    """(fallback, decoded filename*) of an export, after checking the header is safe."""
    assert response.status_code == 200, (fmt, response.status_code, response.text)
    raw = _raw_disposition(response)
    assert all(0x20 <= b < 0x7F for b in raw), raw  # ASCII, no CR/LF or other control
    header = raw.decode("ascii")
    assert header.startswith("attachment;"), header
    assert "\\" not in header, header
    fallback = _FALLBACK.findall(header)
    assert len(fallback) == 1, header
    assert header.count('"') == 2, header  # the fallback's own quotes and no others
    assert fallback[0].endswith(f".{fmt}") and len(fallback[0]) > len(fmt) + 1, header
    star = _FILENAME_STAR.findall(header)
    assert len(star) == 1, header
    assert re.fullmatch(r"[A-Za-z0-9!#$&+\-.^_`|~%]+", star[0]), header  # RFC 5987 attr-chars
    return fallback[0], unquote(star[0], encoding="utf-8", errors="strict")


async def _add_room(fac: Client, name: str) -> str:
    seq = await fac.ack("room.add", {"name": name})
    room: str = (await fac.event(seq))["data"]["room"]["id"]
    return room


def test_exports_of_non_latin1_workshop_and_room_names_carry_an_rfc6266_filename(
        server: ServerProcess, api: Api) -> None:
    cases: list[tuple[Workshop, list[tuple[str, str]]]] = []
    seminar = api.workshop(title="Семинар")
    city = api.workshop(title="Šiauliai")

    async def scenario() -> None:
        for ws, names in ((seminar, ["Raum ✓", "Šiauliai"]), (city, ["Семинар 2"])):
            rooms = [(ws.plenary_room_id, "Plenary")]
            async with connect(server.ws, ws.facilitator.token, label="fac") as fac:
                for name in names:
                    rooms.append((await _add_room(fac, name), name))
            cases.append((ws, rooms))

    run(scenario())
    for ws, rooms in cases:
        title = ws.body["workshop"]["title"]
        for room, name in rooms:
            for fmt in FORMATS:
                fallback, decoded = _filenames(_export(api, room, ws.facilitator.token, fmt), fmt)
                assert decoded == f"{title}-{name}.{fmt}", (decoded, title, name)
                assert fallback.isascii(), fallback


def test_quotes_backslashes_and_controls_in_names_never_reach_the_export_header(
        server: ServerProcess, api: Api) -> None:
    # Tab, CR/LF, DEL, C1 NEL, a line separator and a right-to-left override: characters
    # a name may hold (the C0 controls but tab, CR and LF are refused when it is set).
    title = 'Say "hi" \\ now\tor\x7fnever\u2028ok\u202e'
    room_name = 'Q "x"\r\nSet-Cookie: evil=1\\\x85\x7f/..'
    ws = api.workshop(title=title)
    assert ws.body["workshop"]["title"] == title, ws.body

    async def scenario() -> str:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac:
            return await _add_room(fac, room_name)

    room = run(scenario())
    for target in (ws.plenary_room_id, room):
        for fmt in FORMATS:
            r = _export(api, target, ws.facilitator.token, fmt)
            fallback, decoded = _filenames(r, fmt)
            assert "set-cookie" not in r.headers, r.headers
            assert not any(unicodedata.category(c).startswith(("C", "Z")) and c != " "
                           for c in decoded), repr(decoded)
            assert not set(decoded) & set('"\\/'), repr(decoded)
            assert decoded.endswith(f".{fmt}") and decoded.startswith("Say"), repr(decoded)
            assert re.fullmatch(r"[A-Za-z0-9._-]+", fallback), fallback


# --- snapshots --------------------------------------------------------------------------------


def _snapshots(api: Api, room: str, token: str) -> dict[str, dict[str, Any]]:
    """Every snapshot of the room by name, each read whole; checks the list's shape."""
    r = api.get(f"/api/rooms/{room}/snapshots", token=token)
    assert r.status_code == 200, r.text
    listed = r.json()
    # The list names the snapshots; it carries nothing of a board.
    assert all(set(s) == {"id", "name", "seq", "created"} for s in listed), listed
    out = {}
    for s in listed:
        one = api.get(f"/api/snapshots/{s['id']}", token=token)
        assert one.status_code == 200, one.text
        out[s["name"]] = one.json()
    return out


async def _note(client: Client, text: str) -> str:
    seq = await client.ack("note.add", {"text": text})
    note: str = (await client.event(seq))["data"]["id"]
    return note


async def _live_notes(server: ServerProcess, member: Member) -> dict[str, dict[str, Any]]:
    """The notes of a live board as `member` sees them now (a fresh welcome)."""
    async with connect(server.ws, member.token, label="look") as look:
        assert look.welcome is not None
        return {n["id"]: n for n in look.welcome["state"]["notes"]}


def _assert_authors_as_live(snapshot: dict[str, Any], live: dict[str, dict[str, Any]]) -> None:
    notes = {n["id"]: n for n in snapshot["state"]["notes"]}
    assert notes and set(notes) <= set(live), (notes, live)
    for nid, note in notes.items():
        assert note["author"] == live[nid]["author"], (note, live[nid])
        assert note.get("author_group") == live[nid].get("author_group"), (note, live[nid])


def test_saved_snapshots_keep_a_hidden_tally_null_until_the_reveal(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    room = ws.plenary_room_id
    ada = api.member(ws, "Ada", group="City")
    bo = api.member(ws, "Bo", group="NGO")

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, bo.token, label="bo") as b:
            first = await _note(a, "Car-free Sundays")
            second = await _note(b, "More benches")
            await fac.ack("voting.start", {"budget": 3, "hidden": True})
            await a.ack("vote.add", {"note": first})
            await a.ack("vote.add", {"note": first})
            await b.ack("vote.add", {"note": second})
            await fac.ack("snapshot.save", {"name": "While voting"})
            await fac.ack("voting.stop", {})
            await fac.ack("snapshot.save", {"name": "Vote closed"})

            for snap in _snapshots(api, room, ws.facilitator.token).values():
                voting = snap["state"]["voting"]
                assert voting["hidden"] is True and voting["tally"] is None, snap

            seq = await fac.ack("voting.reveal", {})
            revealed = (await b.event(seq))["data"]["tally"]
            assert revealed == {first: 2, second: 1}, revealed
            await fac.ack("snapshot.save", {"name": "Revealed"})

            # After the reveal: the closed vote's snapshot shows what the reveal published;
            # the one taken midway never does (the reveal published the final totals only).
            snaps = _snapshots(api, room, ws.facilitator.token)
            assert snaps["Revealed"]["state"]["voting"]["tally"] == revealed, snaps
            assert snaps["Vote closed"]["state"]["voting"]["tally"] == revealed, snaps
            assert snaps["While voting"]["state"]["voting"]["tally"] is None, snaps

    run(scenario())


def test_snapshot_authors_follow_the_workshops_current_settings_as_the_live_board(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop(authors="hidden", facilitator_sees_authors=False)
    room = ws.plenary_room_id
    fac_member = ws.facilitator
    ada = api.member(ws, "Ada", group="City")
    bo = api.member(ws, "Bo", group="NGO")
    for name in ("Cyd", "Cal"):  # three in City: shown by group, it is named
        api.member(ws, name, group="City")

    async def scenario() -> None:
        async with connect(server.ws, fac_member.token, label="fac") as fac, \
                connect(server.ws, ada.token, label="ada") as a, \
                connect(server.ws, bo.token, label="bo") as b:
            mine = await _note(a, "Car-free Sundays")
            await _note(b, "More benches")
            example = await _note(fac, "An example")
            await fac.ack("snapshot.save", {"name": "Ideas"})
            await fac.ack("agenda.set", {"rounds": [
                {"title": "Silent", "seconds": 0, "private": True}]})
            await fac.ack("round.start", {})
            await _note(b, "Quietly written")
            await fac.ack("snapshot.save", {"name": "Private round"})
            await fac.ack("round.end", {})

            # No authors (but the facilitator's own note), exactly as on the live board.
            live = await _live_notes(server, fac_member)
            assert live[example]["author"] == fac_member.participant_id, live
            assert live[mine]["author"] is None, live
            snaps = _snapshots(api, room, fac_member.token)
            assert set(snaps) == {"Ideas", "Private round", "After: Silent"}, snaps
            for snap in snaps.values():
                _assert_authors_as_live(snap, live)
                raw = api.get(f"/api/snapshots/{snap['id']}", token=fac_member.token).text
                for secret in (ada.participant_id, bo.participant_id, "City", "NGO"):
                    assert secret not in raw, (secret, raw)

            # The settings of now decide, not those of when the snapshot was taken.
            await fac.ack("workshop.settings", {"facilitator_sees_authors": True})
            live = await _live_notes(server, fac_member)
            assert live[mine]["author"] == ada.participant_id, live
            for snap in _snapshots(api, room, fac_member.token).values():
                _assert_authors_as_live(snap, live)
            await fac.ack("workshop.settings", {"authors": "group",
                                                "facilitator_sees_authors": False})
            live = await _live_notes(server, fac_member)
            assert live[mine]["author"] is None, live
            assert live[mine]["author_group"] == "City", live
            for snap in _snapshots(api, room, fac_member.token).values():
                _assert_authors_as_live(snap, live)

    run(scenario())


def test_round_end_snapshots_keep_a_hidden_tally_null_until_that_vote_is_revealed(
        server: ServerProcess, api: Api) -> None:
    ws = api.workshop()
    room = ws.plenary_room_id
    ada = api.member(ws, "Ada", group="City")
    secret = {"budget": 2, "hidden": True}

    async def scenario() -> None:
        async with connect(server.ws, ws.facilitator.token, label="fac") as fac, \
                connect(server.ws, ada.token, label="ada") as a:
            first = await _note(a, "Night buses")
            second = await _note(a, "Bike lanes")
            await fac.ack("agenda.set", {"rounds": [
                {"title": "Ballot one", "seconds": 60, "voting": secret},
                {"title": "Ballot two", "seconds": 60, "voting": secret}]})

            await fac.ack("round.start", {"index": 0})
            await a.ack("vote.add", {"note": first})
            await a.ack("vote.add", {"note": second})
            await fac.ack("round.end", {})
            snap = _snapshots(api, room, ws.facilitator.token)["After: Ballot one"]
            assert snap["state"]["voting"]["status"] == "closed", snap
            assert snap["state"]["voting"]["tally"] is None, snap
            await fac.ack("voting.reveal", {})
            snap = _snapshots(api, room, ws.facilitator.token)["After: Ballot one"]
            assert snap["state"]["voting"]["tally"] == {first: 1, second: 1}, snap

            await fac.ack("round.start", {"index": 1})
            await a.ack("vote.add", {"note": first})
            await a.ack("vote.add", {"note": first})
            await fac.ack("round.end", {})
            # A new vote starts before anyone revealed ballot two; revealing the new one
            # tells nothing about ballot two, so its snapshot keeps the tally hidden.
            await fac.ack("voting.start", {"budget": 1, "hidden": True})
            await a.ack("vote.add", {"note": second})
            await fac.ack("voting.stop", {})
            await fac.ack("voting.reveal", {})
            snaps = _snapshots(api, room, ws.facilitator.token)
            assert snaps["After: Ballot two"]["state"]["voting"]["tally"] is None, snaps
            assert snaps["After: Ballot one"]["state"]["voting"]["tally"] == {
                first: 1, second: 1}, snaps

    run(scenario())
