"""Generations (pontianak_mutasi/generasi.py): kept values, the process's own memory of them."""

from __future__ import annotations

import copy

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test.utils import override_settings

from instansi.models import Bidang
from pontianak_mutasi import generasi


@pytest.fixture
def uji():
    cache.clear()
    g = generasi.Generasi("uji", lambda: (Bidang,), "REFERENCE_CACHE_SECONDS")
    with override_settings(SIMUTASI={**settings.SIMUTASI, "REFERENCE_CACHE_SECONDS": 600}):
        yield g
    generasi.REGISTRY.remove(g)
    cache.clear()


class Reads:
    """A ``read`` that counts its calls and returns a fresh mutable object per name."""

    def __init__(self):
        self.calls: list[list[str]] = []

    def __call__(self, names: list[str]) -> dict:
        self.calls.append(names)
        return {name: {"name": name, "read": len(self.calls)} for name in names}


def test_read_once_then_kept(uji):
    reads = Reads()
    assert uji.kept_many(["a", "b"], reads, copy.deepcopy) == {
        "a": {"name": "a", "read": 1},
        "b": {"name": "b", "read": 1},
    }
    assert uji.kept_many(["b", "a", "c"], reads, copy.deepcopy)["a"]["read"] == 1
    assert reads.calls == [["a", "b"], ["c"]]


def test_the_process_memory_answers_without_the_shared_values(uji):
    reads = Reads()
    uji.kept_many(["a"], reads, copy.deepcopy)
    cache.delete(uji.prefix + "a")  # only the token is read from the shared cache now
    assert uji.kept_many(["a"], reads, copy.deepcopy)["a"]["read"] == 1
    assert len(reads.calls) == 1


def test_another_process_sees_what_this_one_kept(uji):
    reads = Reads()
    uji.kept_many(["a"], reads, copy.deepcopy)
    uji._memory.clear()  # as a process that never read it
    assert uji.kept_many(["a"], reads, copy.deepcopy)["a"]["read"] == 1
    assert len(reads.calls) == 1


def test_a_new_token_drops_the_memory_and_the_shared_values(uji):
    reads = Reads()
    uji.kept_many(["a"], reads, copy.deepcopy)
    uji.renew()  # a write, in this process or another
    assert uji.kept_many(["a"], reads, copy.deepcopy)["a"]["read"] == 2


def test_each_caller_gets_its_own_copy(uji):
    reads = Reads()
    first = uji.kept_many(["a"], reads, copy.deepcopy)["a"]
    first["name"] = "changed by a caller"
    assert uji.kept_many(["a"], reads, copy.deepcopy)["a"]["name"] == "a"


def test_memory_older_than_the_setting_is_not_used(uji, monkeypatch):
    reads = Reads()
    now = [1000.0]
    monkeypatch.setattr(generasi.time, "monotonic", lambda: now[0])
    uji.kept_many(["a"], reads, copy.deepcopy)
    cache.delete(uji.prefix + "a")
    now[0] += 601  # REFERENCE_CACHE_SECONDS is 600
    assert uji.kept_many(["a"], reads, copy.deepcopy)["a"]["read"] == 2


def test_off_reads_every_time(uji):
    reads = Reads()
    with override_settings(SIMUTASI={**settings.SIMUTASI, "REFERENCE_CACHE_SECONDS": 0}):
        uji.kept_many(["a"], reads)
        uji.kept_many(["a"], reads)
    assert len(reads.calls) == 2


def test_generations_are_registered_at_startup():
    from instansi.referensi import REFERENSI
    from mutasi.models import ATURAN
    from pontianak_mutasi.akses import AKSES

    assert {AKSES, REFERENSI, ATURAN} <= set(generasi.REGISTRY)
