"""The default decree texts (DOMAIN.md §10) and the decree permissions of the roles."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MENIMBANG = """bahwa dalam rangka pembinaan karier, peningkatan kinerja, dan pemenuhan kebutuhan pegawai sesuai analisis jabatan dan analisis beban kerja di lingkungan Pemerintah Provinsi Kalimantan Barat, dipandang perlu melakukan pemindahan Pegawai Negeri Sipil;
bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan Keputusan Gubernur tentang Pemindahan Pegawai Negeri Sipil di Lingkungan Pemerintah Provinsi Kalimantan Barat;"""

MENGINGAT = """Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara;
Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah beberapa kali diubah, terakhir dengan Undang-Undang Nomor 6 Tahun 2023;
Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil sebagaimana telah diubah dengan Peraturan Pemerintah Nomor 17 Tahun 2020;
Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil;
Peraturan Badan Kepegawaian Negara Nomor 5 Tahun 2019 tentang Tata Cara Pelaksanaan Mutasi;
Peraturan Daerah Provinsi Kalimantan Barat tentang Pembentukan dan Susunan Perangkat Daerah Provinsi Kalimantan Barat;"""

KESATU_INDIVIDU = (
    "Memindahkan Pegawai Negeri Sipil atas nama {nama}, NIP {nip}, dari jabatan {jabatan_lama} "
    "ke jabatan {jabatan_baru}, terhitung mulai tanggal {tmt}."
)
KESATU_KOLEKTIF = (
    "Memindahkan Pegawai Negeri Sipil sebagaimana tercantum dalam Lampiran yang merupakan "
    "bagian tidak terpisahkan dari Keputusan ini, terhitung mulai tanggal {tmt}."
)
KEDUA = (
    "Segala biaya yang timbul akibat ditetapkannya Keputusan ini dibebankan pada Anggaran "
    "Pendapatan dan Belanja Daerah Provinsi Kalimantan Barat."
)
KETIGA = (
    "Keputusan ini mulai berlaku pada tanggal ditetapkan, dengan ketentuan apabila di kemudian "
    "hari terdapat kekeliruan dalam penetapannya akan diadakan perbaikan sebagaimana mestinya."
)
TEMBUSAN = """Kepala Kantor Regional V Badan Kepegawaian Negara di Jakarta;
Kepala Badan Pengelola Keuangan dan Aset Daerah Provinsi Kalimantan Barat;
Kepala Badan Kepegawaian Daerah Provinsi Kalimantan Barat;
Inspektur Provinsi Kalimantan Barat;
Kepala Perangkat Daerah yang bersangkutan;
Pegawai Negeri Sipil yang bersangkutan;
Arsip."""

ROLE_PERMS = {
    "Admin Kepegawaian": [
        "view_suratkeputusan",
        "add_suratkeputusan",
        "change_suratkeputusan",
        "issue_suratkeputusan",
        "view_templatesk",
        "change_templatesk",
        "add_templatesk",
    ],
    "Verifikator BKD": ["view_suratkeputusan"],
    "Pejabat Penyetuju": ["view_suratkeputusan"],
    "Operator OPD": ["view_suratkeputusan"],
}


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
    TemplateSK = apps.get_model("mutasi", "TemplateSK")
    TemplateSK.objects.get_or_create(
        nama="Pemindahan PNS (standar)",
        defaults={
            "is_default": True,
            "menimbang": MENIMBANG,
            "mengingat": MENGINGAT,
            "diktum_kesatu_individu": KESATU_INDIVIDU,
            "diktum_kesatu_kolektif": KESATU_KOLEKTIF,
            "diktum_kedua": KEDUA,
            "diktum_ketiga": KETIGA,
            "tembusan": TEMBUSAN,
            "penandatangan_jabatan": "GUBERNUR KALIMANTAN BARAT",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("mutasi", "0003_sk")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
