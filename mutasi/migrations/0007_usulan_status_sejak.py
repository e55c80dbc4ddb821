"""``status_sejak``: when each proposal entered its current state, from its log — the latest
row that entered that state (``buat`` enters draft; otherwise a row whose from and to differ),
else the proposal's creation."""

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


BACKFILL = """
UPDATE mutasi_usulanmutasi SET status_sejak = COALESCE(
    (SELECT MAX(l.created_at) FROM mutasi_usulanlog l
     WHERE l.usulan_id = mutasi_usulanmutasi.id
       AND l.to_status = mutasi_usulanmutasi.status
       AND (l.from_status <> l.to_status OR l.transition = 'buat')),
    mutasi_usulanmutasi.created_at)
"""


def backfill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(BACKFILL)


class Migration(migrations.Migration):

    dependencies = [
        ('instansi', '0002_constraints'),
        ('mutasi', '0006_usulan_created_at_index'),
        ('pegawai', '0006_nip_trigram_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='usulanmutasi',
            name='status_sejak',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='in this state since'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='usulanmutasi',
            index=models.Index(fields=['status', 'status_sejak'], name='usulan_status_sejak_idx'),
        ),
    ]
