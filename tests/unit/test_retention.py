"""What `cocreate purge` prints, and a Redis that does not answer during a deletion."""

from __future__ import annotations

import asyncio

from cocreate import retention
from cocreate.store.purge import Deleted
from support.server import free_port


def test_the_summary_counts_rows_and_names_nobody() -> None:
    report = retention.report_of([
        Deleted("w1", {"w1", "r1", "p1"}, {"note": 3, "participant": 2, "workshop": 1}),
        Deleted("w2", {"w2", "r2"}, {"note": 1, "workshop": 1}),
    ])
    assert report.summary() == ("deleted 2 expired workshop(s); rows: note 4, participant 2, "
                                "workshop 2; redis keys: 0; space not reclaimed")
    assert not any(i in report.summary() for i in report.ids)
    assert retention.report_of([]).summary() == (
        "deleted 0 expired workshop(s); rows: none; redis keys: 0; space not reclaimed")


def test_a_redis_that_does_not_answer_leaves_the_deletion_done() -> None:
    report = retention.report_of([Deleted("w1", {"w1"}, {"workshop": 1})])
    nobody = f"redis://127.0.0.1:{free_port()}/0"  # a port nothing listens on
    asyncio.run(retention.forget_redis_keys(nobody, "cocreate:", report))
    assert (report.workshops, report.redis_keys) == (1, 0)
    # Without Redis configured there is nothing to sweep.
    asyncio.run(retention.forget_redis_keys(None, "cocreate:", report))
    assert report.redis_keys == 0
