from django.urls import path

from mutasi import views

app_name = "mutasi"

urlpatterns = [
    path("", views.usulan_list, name="list"),
    path("baru/", views.usulan_create, name="create"),
    path("cari-pegawai/", views.pegawai_cari, name="cari_pegawai"),
    path("unit/", views.unit_options, name="unit_options"),
    path("formasi/", views.formasi_info, name="formasi"),
    path("pratinjau/", views.usulan_pratinjau, name="pratinjau"),
    path("verifikasi/", views.antrian_verifikasi, name="antrian_verifikasi"),
    path("persetujuan/", views.antrian_persetujuan, name="antrian_persetujuan"),
    path("persetujuan/hasil/", views.persetujuan_hasil, name="persetujuan_hasil"),
    path("<str:nomor>/", views.usulan_detail, name="detail"),
    path("<str:nomor>/ubah/", views.usulan_update, name="update"),
    path("<str:nomor>/aksi/<str:transition>/", views.usulan_transition, name="transition"),
    path("<str:nomor>/verifikasi/", views.usulan_verifikasi, name="verifikasi"),
    path("<str:nomor>/aturan/<str:kode>/kecualikan/", views.aturan_override, name="override"),
    path(
        "<str:nomor>/dokumen/unggah/<int:persyaratan_pk>/",
        views.dokumen_upload,
        name="dokumen_upload",
    ),
    path("<str:nomor>/dokumen/<int:pk>/", views.dokumen_download, name="dokumen_download"),
    path("<str:nomor>/dokumen/<int:pk>/periksa/", views.dokumen_review, name="dokumen_review"),
]

# Mounted at /notifikasi/ by the project's urls.py (namespace "notifikasi").
notifikasi_urlpatterns = (
    [
        path("", views.notifikasi_list, name="list"),
        path("baca-semua/", views.notifikasi_baca_semua, name="baca_semua"),
    ],
    "notifikasi",
)
