"""Kept figures, refreshed in the background (stale-while-revalidate)."""

from __future__ import annotations

import pytest
import time_machine
from django.core.cache import cache

from pontianak_mutasi import cache_segar

KEY = "uji:segar"


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


class Counter:
    def __init__(self):
        self.computed = 0
        self.refreshes = 0

    def compute(self):
        self.computed += 1
        return f"nilai-{self.computed}"

    def refresh_later(self):
        """A job the worker will run later: only counted."""
        self.refreshes += 1

    def refresh_now(self):
        """The immediate backend: the job runs during the read."""
        self.refreshes += 1
        cache_segar.store(KEY, self.compute(), keep_for=3600)


def read(c: Counter, refresh=None):
    return cache_segar.get_or_compute(
        KEY, c.compute, fresh_for=60, keep_for=3600, refresh=refresh or c.refresh_later
    )


def test_computed_once_then_served_while_fresh():
    c = Counter()
    with time_machine.travel(1_800_000_000, tick=False):
        first = read(c)
        assert (first.value, first.fresh, first.computed_at) == ("nilai-1", True, 1_800_000_000)
    with time_machine.travel(1_800_000_059, tick=False):
        again = read(c)
    assert (again.value, again.fresh, c.computed, c.refreshes) == ("nilai-1", True, 1, 0)


def test_stale_value_is_served_at_once_and_one_refresh_starts():
    c = Counter()
    with time_machine.travel(1_800_000_000, tick=False):
        read(c)
    with time_machine.travel(1_800_000_061, tick=False):
        stale = read(c)
        assert (stale.value, stale.fresh, stale.computed_at) == ("nilai-1", False, 1_800_000_000)
        # Other readers meanwhile: still the kept value, no second job.
        read(c)
        read(c)
    assert (c.computed, c.refreshes) == (1, 1)
    # The job stores the new value and releases the lock.
    with time_machine.travel(1_800_000_070, tick=False):
        cache_segar.store(KEY, c.compute(), keep_for=3600)
        fresh = read(c)
    assert (fresh.value, fresh.fresh, c.refreshes) == ("nilai-2", True, 1)


def test_a_refresh_that_ran_during_the_read_is_served():
    c = Counter()
    with time_machine.travel(1_800_000_000, tick=False):
        read(c)
    with time_machine.travel(1_800_000_100, tick=False):
        kept = read(c, refresh=c.refresh_now)
    assert (kept.value, kept.fresh, kept.computed_at) == ("nilai-2", True, 1_800_000_100)


def test_a_refresh_that_cannot_start_leaves_the_value_and_the_next_reader_retries(caplog):
    c = Counter()

    def broken():
        c.refreshes += 1
        raise ConnectionError("task queue down")

    with time_machine.travel(1_800_000_000, tick=False):
        read(c)
    with time_machine.travel(1_800_000_100, tick=False):
        assert read(c, refresh=broken).value == "nilai-1"
        assert read(c, refresh=broken).value == "nilai-1"
    assert c.refreshes == 2  # the lock was released after each failure
    assert "could not start" in caplog.text


def test_a_lost_job_is_retried_once_its_lock_runs_out():
    c = Counter()
    with time_machine.travel(1_800_000_000, tick=False):
        read(c)
    with time_machine.travel(1_800_000_100, tick=False):
        read(c)
    assert c.refreshes == 1
    later = 1_800_000_100 + cache_segar.REFRESH_LOCK_SECONDS + 1
    with time_machine.travel(later, tick=False):
        read(c)
    assert c.refreshes == 2


def test_after_keep_for_the_value_is_computed_again():
    c = Counter()
    with time_machine.travel(1_800_000_000, tick=False):
        read(c)
    with time_machine.travel(1_800_000_000 + 3601, tick=False):
        again = read(c)
    assert (again.value, again.fresh, c.computed, c.refreshes) == ("nilai-2", True, 2, 0)
