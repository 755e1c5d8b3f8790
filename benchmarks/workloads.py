"""The named workloads: room sizes, a per-client send rate, and how long to run.

A workload is a list of room sizes and one rate; clients fill the rooms in
order and each room is spread over the server processes (see `assign`), so
every room's traffic crosses Redis.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Workload:
    name: str
    rooms: list[int]           # clients per room
    rate: float                # messages per second per client (0: idle)
    duration: float = 20.0     # measured seconds (after the warm-up)
    stalled_fraction: float = 0.0
    stall_after: float = 10.0  # seconds into the measured window
    stall_for: float = 30.0
    description: str = ""
    note: str = field(default="", compare=False)

    @property
    def clients(self) -> int:
        return sum(self.rooms)

    def offered_deliveries_per_s(self) -> float:
        return sum(n * (n - 1) for n in self.rooms) * self.rate


WORKLOADS: dict[str, Workload] = {
    "A": Workload("A", [25] * 20, 1.0,
                  description="500 clients, 20 rooms of 25, 1 msg/s each"),
    "B": Workload("B", [50] * 40, 0.5,
                  description="2,000 clients, 40 rooms of 50, 0.5 msg/s each"),
    "C": Workload("C", [5] * 200, 1.0,
                  description="1,000 clients, 200 rooms of 5, 1 msg/s each",
                  note="rate not fixed by the issue; 1 msg/s chosen"),
    "D": Workload("D", [300] * 3 + [10] * 10, 0.2,
                  description="1,000 clients: 3 rooms of 300 plus 10 of 10, 0.2 msg/s each",
                  note="rate not fixed by the issue; 0.2 msg/s keeps the offered load near B's"),
    "idle": Workload("idle", [25] * 200, 0.0, duration=10.0,
                     description="5,000 idle connections in 200 rooms of 25 (memory)"),
    "slow": Workload("slow", [25] * 20, 1.0, duration=50.0, stalled_fraction=0.05,
                     description="A, with 5% of clients not reading for 30 s"),
}


def custom(clients: int, rooms: int, rate: float) -> Workload:
    base, extra = divmod(clients, rooms)
    sizes = [base + (1 if i < extra else 0) for i in range(rooms)]
    return Workload("custom", sizes, rate,
                    description=f"{clients} clients, {rooms} rooms, {rate:g} msg/s each")


@dataclass(frozen=True)
class Seat:
    """Where one client sits: its room, the server process it connects to, if it stalls."""
    index: int
    room: int
    server: int
    stalled: bool


def assign(workload: Workload, servers: int) -> list[Seat]:
    """Fill rooms in order; within a room, members go round-robin over the servers.

    The first member of room r goes to server r mod W, so with rooms of one
    size the processes also get equal shares. Every 1/fraction-th client stalls.
    """
    every = round(1 / workload.stalled_fraction) if workload.stalled_fraction else 0
    seats: list[Seat] = []
    for room, size in enumerate(workload.rooms):
        for j in range(size):
            index = len(seats)
            stalled = bool(every) and index % every == every - 1
            seats.append(Seat(index, room, (room + j) % servers, stalled))
    return seats
