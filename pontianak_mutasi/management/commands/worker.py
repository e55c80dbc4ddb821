"""``manage.py worker``: django-tasks-db's ``db_worker`` plus a heartbeat for /healthz.

Same options as ``db_worker`` (queues, interval, --reload, --batch …)."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from pontianak_mutasi import heartbeat


class Command(DbWorkerCommand):
    help = "Run the background task worker (django-tasks-db) with a heartbeat for /healthz."

    def handle(self, *args, **options):
        heartbeat.start()
        return super().handle(*args, **options)
