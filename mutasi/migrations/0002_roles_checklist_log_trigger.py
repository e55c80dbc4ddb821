"""Give the roles their transition permissions, load the default document checklists
(DOMAIN.md §3) and make the proposal log append-only in PostgreSQL."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMS = {
    "Operator OPD": [
        "view_usulanmutasi",
        "add_usulanmutasi",
        "change_usulanmutasi",
        "propose_usulanmutasi",
        "view_dokumenusulan",
        "add_dokumenusulan",
        "view_persyaratandokumen",
    ],
    "Verifikator BKD": [
        "view_usulanmutasi",
        "verify_usulanmutasi",
        "view_dokumenusulan",
        "change_dokumenusulan",
        "view_persyaratandokumen",
        "view_pengecualianaturan",
        "add_pengecualianaturan",
        "view_aturanmutasi",
    ],
    "Pejabat Penyetuju": [
        "view_usulanmutasi",
        "decide_usulanmutasi",
        "view_dokumenusulan",
        "view_persyaratandokumen",
        "view_pengecualianaturan",
    ],
    "Admin Kepegawaian": [
        "view_usulanmutasi",
        "view_usulanlog",
        "view_dokumenusulan",
        "view_pengecualianaturan",
        "view_aturanmutasi",
        "change_aturanmutasi",
        "view_persyaratandokumen",
        "add_persyaratandokumen",
        "change_persyaratandokumen",
        "delete_persyaratandokumen",
    ],
}

INTRA = [
    ("surat-permohonan", "Surat permohonan pindah dari PNS yang bersangkutan", True, True),
    ("sk-pangkat-jabatan", "SK pangkat terakhir dan SK jabatan terakhir", True, False),
    ("skp-2-tahun", "SKP dengan predikat paling rendah Baik untuk 2 tahun terakhir", True, False),
    (
        "pernyataan-disiplin",
        "Surat pernyataan tidak sedang menjalani proses atau hukuman disiplin",
        True,
        False,
    ),
    ("anjab-abk", "Anjab/ABK jabatan tujuan", True, False),
]
ANTAR_INSTANSI = [
    ("surat-permohonan", "Surat permohonan pindah dari PNS yang bersangkutan", True, True),
    (
        "usul-ppk-penerima",
        "Surat usul PPK instansi penerima yang menyebutkan jabatan yang akan diduduki",
        True,
        False,
    ),
    (
        "persetujuan-ppk-asal",
        "Surat persetujuan PPK instansi asal (melepas) yang menyebutkan jabatan",
        True,
        False,
    ),
    (
        "pernyataan-disiplin",
        "Surat pernyataan tidak sedang dalam proses atau menjalani hukuman disiplin "
        "dan/atau proses peradilan",
        True,
        False,
    ),
    ("sk-pangkat-jabatan", "Fotokopi SK pangkat terakhir dan SK jabatan terakhir", True, False),
    ("skp-2-tahun", "SKP dengan predikat paling rendah Baik dalam 2 tahun terakhir", True, False),
    (
        "pernyataan-tubel",
        "Surat pernyataan tidak sedang tugas belajar atau terikat ikatan dinas",
        True,
        False,
    ),
    ("anjab-abk", "Anjab dan ABK jabatan yang akan diduduki", True, False),
    ("bebas-temuan", "Surat keterangan bebas temuan dari Inspektorat", True, False),
]
CHECKLISTS = {
    "intra": INTRA,
    "kabkota_prov": ANTAR_INSTANSI,
    "antar_kabkota": ANTAR_INSTANSI,
    "antar_prov": ANTAR_INSTANSI,
    "pusat": ANTAR_INSTANSI,
}

# PostgreSQL: refuse UPDATE and DELETE on the proposal log, whoever asks.
TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION mutasi_usulanlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'mutasi_usulanlog is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER mutasi_usulanlog_no_update_delete
    BEFORE UPDATE OR DELETE ON mutasi_usulanlog
    FOR EACH ROW EXECUTE FUNCTION mutasi_usulanlog_append_only();
"""
DROP_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS mutasi_usulanlog_no_update_delete ON mutasi_usulanlog;
DROP FUNCTION IF EXISTS mutasi_usulanlog_append_only();
"""


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("mutasi")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="mutasi", codename__in=codenames)
        )
    Persyaratan = apps.get_model("mutasi", "PersyaratanDokumen")
    for jenis, items in CHECKLISTS.items():
        for urutan, (kode, nama, wajib, sendiri) in enumerate(items, start=1):
            Persyaratan.objects.get_or_create(
                jenis_mutasi=jenis,
                kode=kode,
                defaults={
                    "nama": nama,
                    "wajib": wajib,
                    "hanya_permintaan_sendiri": sendiri,
                    "urutan": urutan,
                },
            )
    if schema_editor.connection.vendor == "postgresql":
        # A plain cursor: no parameter interpolation of the '%' in RAISE's format string.
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(TRIGGER_SQL)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(DROP_TRIGGER_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("mutasi", "0001_initial"),
        ("pontianak_mutasi", "0002_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
