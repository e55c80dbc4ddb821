"""Background work (django.tasks; the django-tasks-db worker in production, ImmediateBackend in
tests). Tasks take ids, not objects, and do their work through a service."""

from __future__ import annotations

from django.tasks import task


@task
def sk_render(sk_id: int) -> None:
    """Render a large decree's PDF, with progress on the decree row (retry: enqueue again)."""
    from mutasi.services.sk import sk_render_background

    sk_render_background(sk_id=sk_id)
