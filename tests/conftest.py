"""Fixtures named by role, as the house style asks."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

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


# Property-based tests (hypothesis): few examples per test so the suite stays fast under
# xdist; HYPOTHESIS_MAX_EXAMPLES raises it for a longer hunt. Function-scoped fixtures are
# fine here: every example runs in a rolled-back savepoint (test_hostile_forms.rolled_back).
# No example database: a failure prints its reproducing example, and nothing lands in the tree.
settings.register_profile(
    "simutasi",
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "12")),
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
settings.load_profile("simutasi")
