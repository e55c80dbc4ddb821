"""Fixtures named by role, as the house style asks."""

from __future__ import annotations

import pytest

from pontianak_mutasi.models import Role
from tests.factories import InstansiFactory, UserFactory

PASSWORD = "rahasia-uji-123"


@pytest.fixture
def dinkes(db):
    return InstansiFactory(kode="1.02.01", nama="Dinas Kesehatan", singkatan="Dinkes")


@pytest.fixture
def diskominfo(db):
    return InstansiFactory(
        kode="2.16.01", nama="Dinas Komunikasi dan Informatika", singkatan="Diskominfo"
    )


@pytest.fixture
def operator_dinkes(dinkes):
    return UserFactory(username="operator_dinkes", instansi=dinkes, roles=[Role.OPERATOR_OPD])


@pytest.fixture
def operator_diskominfo(diskominfo):
    return UserFactory(
        username="operator_diskominfo", instansi=diskominfo, roles=[Role.OPERATOR_OPD]
    )


@pytest.fixture
def verifikator_bkd(db):
    return UserFactory(username="verifikator_bkd", roles=[Role.VERIFIKATOR_BKD])


@pytest.fixture
def pejabat(db):
    return UserFactory(username="pejabat", roles=[Role.PEJABAT_PENYETUJU])


@pytest.fixture
def admin_kepegawaian(db):
    return UserFactory(username="admin_kepegawaian", is_staff=True, roles=[Role.ADMIN_KEPEGAWAIAN])


@pytest.fixture
def admin(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def _source_language():
    """Every test starts in English, the language of the source strings.

    Requests through the test client still get Indonesian from the locale middleware (the
    users' language); this only stops a language activated by an earlier test on the same
    worker from leaking into direct calls of services and validators.
    """
    from django.utils import translation

    with translation.override("en"):
        yield
