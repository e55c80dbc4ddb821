"""PostgreSQL: a trigram index so name search (``nama__icontains``) stays fast at 100,000+
employees. Django turns icontains into ``UPPER(nama::text) LIKE UPPER('%…%')``; the index is on
that same expression. Other databases skip it."""

import logging

from django.db import migrations

logger = logging.getLogger(__name__)

CREATE = """
CREATE INDEX IF NOT EXISTS pegawai_nama_trgm
ON pegawai_pegawai USING gin ((UPPER("nama"::text)) gin_trgm_ops);
"""


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            logger.warning("pg_trgm is not available: name search runs without its index")
            return
        # Needs a role allowed to create extensions (or an administrator ran it already).
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS pegawai_nama_trgm")


class Migration(migrations.Migration):
    dependencies = [("pegawai", "0002_constraints")]

    operations = [migrations.RunPython(forwards, backwards)]
