"""The admin's transition buttons go through the services: lock, guard, one log row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mutasi.models import Status, UsulanMutasi
from pontianak_mutasi.models import Role
from tests.factories import UserFactory
from tests.mutasi.conftest import put_in_state


@pytest.fixture
def verifikator_staff(db):
    return UserFactory(username="verif_staff", is_staff=True, roles=[Role.VERIFIKATOR_BKD])


def test_admin_transition_with_a_note_writes_one_log_row(client, usulan, verifikator_staff):
    usulan = put_in_state(usulan, Status.DIAJUKAN)
    client.force_login(verifikator_staff)
    url = reverse(
        "admin:mutasi_usulanmutasi_transition",
        kwargs={"object_id": usulan.pk, "transition_name": "kembalikan"},
    )
    # A return needs a note: an empty one re-renders the form and changes nothing.
    assert client.post(url, {"note": ""}).status_code == 200
    assert UsulanMutasi.objects.get(pk=usulan.pk).status == Status.DIAJUKAN
    response = client.post(url, {"note": "SKP 2025 belum dilampirkan"})
    assert response.status_code == 302
    usulan.refresh_from_db()
    assert usulan.status == Status.DIKEMBALIKAN
    log = usulan.log.last()
    assert (log.transition, log.actor, log.note) == (
        "kembalikan",
        verifikator_staff,
        "SKP 2025 belum dilampirkan",
    )


def test_admin_refuses_a_transition_the_user_may_not_take(client, usulan, admin):
    # The superuser has every permission but proposed nothing: the guard still applies
    # (documents missing), and nothing changes.
    usulan = put_in_state(usulan, Status.VERIFIKASI)
    client.force_login(admin)
    url = reverse(
        "admin:mutasi_usulanmutasi_transition",
        kwargs={"object_id": usulan.pk, "transition_name": "nyatakan_memenuhi_syarat"},
    )
    client.post(url, {"note": ""})
    usulan.refresh_from_db()
    assert usulan.status == Status.VERIFIKASI
    assert usulan.log.count() == 1


def test_log_is_read_only_in_admin(client, usulan, admin):
    client.force_login(admin)
    log = usulan.log.get()
    assert client.get(reverse("admin:mutasi_usulanlog_add")).status_code == 403
    change = client.post(
        reverse("admin:mutasi_usulanlog_change", args=[log.pk]), {"note": "ditulis ulang"}
    )
    assert change.status_code == 403
    delete = client.post(reverse("admin:mutasi_usulanlog_delete", args=[log.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert usulan.log.get().note == ""
