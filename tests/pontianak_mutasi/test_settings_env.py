"""Production settings read from the environment: media storage, log format, read replica."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from storages.backends.s3 import S3Storage

from pontianak_mutasi.settings import media_storage

ROOT = Path(__file__).resolve().parents[2]

S3_ENV = {
    "SIMUTASI_MEDIA_STORAGE": "s3",
    "SIMUTASI_S3_BUCKET": "simutasi-media",
    "SIMUTASI_S3_ENDPOINT_URL": "https://s3.kalbarprov.go.id",
    "SIMUTASI_S3_REGION": "ap-southeast-3",
    "SIMUTASI_S3_ACCESS_KEY_ID": "AKIA-TEST",
    "SIMUTASI_S3_SECRET_ACCESS_KEY": "secret-test",
}


def _settings(**env) -> dict:
    """Import the production settings module in a fresh process with this environment."""
    code = (
        "import json; from pontianak_mutasi import settings as s; print(json.dumps({"
        "'storage': s.STORAGES['default'], 'databases': s.DATABASES, "
        "'routers': s.DATABASE_ROUTERS, "
        "'formatter': s.LOGGING['handlers']['console']['formatter']}, default=str))"
    )
    skip = {"DATABASE_REPLICA_URL", "DJANGO_LOG_FORMAT", *S3_ENV}
    environ = {k: v for k, v in os.environ.items() if k not in skip}
    environ.update(env)
    out = subprocess.run(
        [sys.executable, "-c", code], env=environ, cwd=ROOT, capture_output=True, text=True
    )
    if out.returncode:
        return {"error": out.stderr}
    return json.loads(out.stdout)


# -- media storage ---------------------------------------------------------------------------


@pytest.mark.parametrize("env", [{}, {"SIMUTASI_MEDIA_STORAGE": "local"}])
def test_media_stays_in_the_local_folder_by_default(env):
    assert media_storage(env) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_s3_storage_is_private_signed_and_never_overwrites():
    storage = media_storage(S3_ENV)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert options["bucket_name"] == "simutasi-media"
    assert options["endpoint_url"] == "https://s3.kalbarprov.go.id"
    assert options["region_name"] == "ap-southeast-3"
    assert (options["access_key"], options["secret_key"]) == ("AKIA-TEST", "secret-test")
    # django-storages accepts every option (it refuses unknown names); no network is used.
    s3 = S3Storage(**options)
    assert (s3.bucket_name, s3.default_acl, s3.file_overwrite) == (
        "simutasi-media",
        "private",
        False,
    )
    assert s3.querystring_auth is True


def test_s3_path_addressing_and_prefix_for_minio():
    options = media_storage(
        {**S3_ENV, "SIMUTASI_S3_ADDRESSING_STYLE": "path", "SIMUTASI_S3_PREFIX": "/media/"}
    )["OPTIONS"]
    assert (options["addressing_style"], options["location"]) == ("path", "media")
    assert S3Storage(**options).addressing_style == "path"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SIMUTASI_MEDIA_STORAGE": "s3"}, "SIMUTASI_S3_BUCKET is required"),
        ({"SIMUTASI_MEDIA_STORAGE": "ftp"}, "must be local or s3"),
    ],
)
def test_incomplete_storage_settings_fail_loudly(env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        media_storage(env)


def test_the_environment_selects_the_storage_of_the_settings_module():
    assert _settings()["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    storage = _settings(**S3_ENV)["storage"]
    assert storage == media_storage(S3_ENV)


# -- logs and replica ------------------------------------------------------------------------


def test_log_format_is_text_unless_json_is_asked_for():
    assert _settings()["formatter"] == "text"
    assert _settings(DJANGO_LOG_FORMAT="json")["formatter"] == "json"
    assert "DJANGO_LOG_FORMAT must be text or json" in _settings(DJANGO_LOG_FORMAT="xml")["error"]


def test_replica_alias_only_when_configured():
    plain = _settings()
    assert set(plain["databases"]) == {"default"}
    assert plain["routers"] == ["pontianak_mutasi.db_router.ReplicaRouter"]
    replica = _settings(DATABASE_REPLICA_URL="postgres://reader@10.0.0.2:5432/simutasi")
    assert set(replica["databases"]) == {"default", "replica"}
    assert replica["databases"]["replica"]["HOST"] == "10.0.0.2"
    assert replica["databases"]["replica"]["ENGINE"] == "django.db.backends.postgresql"
    # A test run never creates (or migrates) a database of its own for the replica.
    assert replica["databases"]["replica"]["TEST"] == {"MIRROR": "default"}
