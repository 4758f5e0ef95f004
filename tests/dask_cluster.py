"""A real Dask LocalCluster in its own process, for the whole test session (`python -m tests.dask_cluster`).

Started once by the `dask_scheduler` fixture in conftest.py: it prints the scheduler's address on
stdout, then serves until its stdin closes. Why a process of its own: the cluster's event-loop thread
then lives outside pytest, so the batch tests that fork their workers from pytest fork a process
without it.
"""

from __future__ import annotations

import logging
import sys

# Two single-threaded workers: the size `batch --engine dask` starts by default, and what 2 cores hold.
WORKERS = 2


def main() -> None:
    from dask.distributed import LocalCluster

    with LocalCluster(
        n_workers=WORKERS,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": ":0"},  # HTTP routes on a free port, as cleaner's own cluster
        silence_logs=logging.ERROR,
    ) as cluster:
        print(cluster.scheduler_address, flush=True)
        sys.stdin.read()  # until the fixture closes the pipe (or pytest itself ends)


if __name__ == "__main__":
    main()
