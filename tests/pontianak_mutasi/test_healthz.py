"""/healthz: the database and the task worker's heartbeat (issue 8, production)."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.core.management import call_command

from pontianak_mutasi import heartbeat


@pytest.fixture(autouse=True)
def _no_beat():
    cache.delete(heartbeat.KEY)
    yield
    cache.delete(heartbeat.KEY)


def test_healthy_with_a_recent_beat(client, db):
    heartbeat.beat(time.time() - 10)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "database: ok\nworker: ok (10 s ago)\n"


def test_503_without_a_worker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "worker: no heartbeat" in response.content.decode()


def test_503_when_the_worker_went_quiet(client, db):
    heartbeat.beat(time.time() - heartbeat.STALE_AFTER - 5)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "worker: last heartbeat" in response.content.decode()


def test_503_when_the_database_fails(client, db, monkeypatch):
    from django.db import DatabaseError

    from pontianak_mutasi import views

    heartbeat.beat()

    class Down:
        def cursor(self):
            raise DatabaseError("down")

    monkeypatch.setattr(views, "connection", Down())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content.decode().startswith("database: error (DatabaseError)")


def test_the_worker_command_beats(monkeypatch, settings):
    """`manage.py worker` starts the heartbeat, then runs django-tasks-db's worker loop (stubbed
    here: the real loop closes database connections between tasks, the test's included)."""
    from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ran = []
    monkeypatch.setattr(heartbeat, "INTERVAL", 0.01)
    monkeypatch.setattr(DbWorkerCommand, "handle", lambda self, *a, **kw: ran.append(kw))
    call_command("worker", "--batch", verbosity=0)
    assert ran and ran[0]["batch"] is True
    for _ in range(100):  # the beat comes from a thread
        if heartbeat.age() is not None:
            break
        time.sleep(0.01)
    assert heartbeat.age() is not None and heartbeat.age() < 5
