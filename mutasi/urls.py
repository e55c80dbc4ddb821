from django.urls import path

from mutasi import views, views_sk

app_name = "mutasi"

# Decrees first: "sk/" would otherwise be read as a proposal number by "<str:nomor>/".
sk_urlpatterns = [
    path("sk/", views_sk.sk_list, name="sk_list"),
    path("sk/baru/", views_sk.sk_compose, name="sk_compose"),
    path("sk/<int:pk>/", views_sk.sk_detail, name="sk_detail"),
    path("sk/<int:pk>/ubah/", views_sk.sk_update, name="sk_update"),
    path("sk/<int:pk>/pratinjau/", views_sk.sk_preview, name="sk_preview"),
    path("sk/<int:pk>/terbitkan/", views_sk.sk_issue, name="sk_issue"),
    path("sk/<int:pk>/buang/", views_sk.sk_discard, name="sk_discard"),
    path("sk/<int:pk>/cabut/", views_sk.sk_revoke, name="sk_revoke"),
    path("sk/<int:pk>/unduh/", views_sk.sk_download, name="sk_download"),
    path("sk/<int:pk>/render/", views_sk.sk_render_status, name="sk_render_status"),
    path("sk/<int:pk>/render/ulang/", views_sk.sk_render_retry, name="sk_render_retry"),
    path("sk/<int:pk>/petikan/", views_sk.sk_petikan_zip, name="sk_petikan_zip"),
    path("sk/<int:pk>/petikan/<str:nomor>/", views_sk.sk_petikan, name="sk_petikan"),
]

urlpatterns = [
    *sk_urlpatterns,
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
    path("<str:nomor>/penanganan/", views.penanganan_selesai, name="penanganan_selesai"),
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
