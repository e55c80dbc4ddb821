"""Create the four role groups with their model permissions.

Permissions are normally created after all migrations (post_migrate); we create them here
explicitly so the groups get them on the very first ``migrate``.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_REFERENCE = [
    ("instansi", "view_instansi"),
    ("instansi", "view_unitkerja"),
    ("instansi", "view_jabatan"),
    ("instansi", "view_bidang"),
    ("instansi", "view_formasi"),
    ("instansi", "view_analisisbebankerja"),
    ("instansi", "view_kebutuhankompetensi"),
]
RIWAYAT = [
    "pegawai",
    "riwayatjabatan",
    "riwayatgolongan",
    "riwayatpendidikan",
    "riwayatdiklat",
    "penilaiankinerja",
    "hukumandisiplin",
    "kompetensi",
]


def crud(app, model, actions=("view", "add", "change", "delete")):
    return [(app, f"{action}_{model}") for action in actions]


ROLES = {
    # Agency HR operators keep their own agency's records and ABK (scoped in views).
    "Operator OPD": VIEW_REFERENCE
    + [p for m in RIWAYAT for p in crud("pegawai", m, ("view", "add", "change"))]
    + crud("instansi", "analisisbebankerja"),
    # BKD verifiers read everything province-wide.
    "Verifikator BKD": VIEW_REFERENCE + [("pegawai", f"view_{m}") for m in RIWAYAT],
    # Approving officials read everything; their decisions come with the workflow.
    "Pejabat Penyetuju": VIEW_REFERENCE + [("pegawai", f"view_{m}") for m in RIWAYAT],
    # HR administrators keep the master data through the admin, imports included.
    "Admin Kepegawaian": [
        p
        for m in [
            "instansi",
            "unitkerja",
            "jabatan",
            "bidang",
            "formasi",
            "analisisbebankerja",
            "kebutuhankompetensi",
        ]
        for p in crud("instansi", m)
    ]
    + [p for m in RIWAYAT for p in crud("pegawai", m)]
    + [("pontianak_mutasi", "view_user")],
}


def create_roles(apps, schema_editor):
    for app_label in ("pontianak_mutasi", "instansi", "pegawai"):
        app_config = apps.get_app_config(app_label)
        # Migration app configs are stubs without models_module; create_permissions needs it.
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            perm = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            group.permissions.add(perm)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pontianak_mutasi", "0001_initial"),
        ("instansi", "0001_initial"),
        ("pegawai", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
