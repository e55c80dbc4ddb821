from django.urls import path

from pegawai import views, views_tugas

app_name = "pegawai"

urlpatterns = [
    path("", views.pegawai_list, name="list"),
    # Before "<str:nip>/", which would take "impor" for a NIP.
    path("impor/", views_tugas.pegawai_impor, name="impor"),
    path("ekspor.<str:fmt>", views_tugas.pegawai_ekspor, name="ekspor"),
    path("<str:nip>/", views.pegawai_detail, name="detail"),
]

# Reports (issue 5). Two path segments, so they never collide with "<str:nip>/".
from pegawai import views_laporan  # noqa: E402

urlpatterns += [
    path("laporan/rotasi/", views_laporan.laporan_rotasi, name="laporan_rotasi"),
    path(
        "laporan/rotasi/ekspor.<str:fmt>",
        views_laporan.laporan_rotasi_ekspor,
        name="laporan_rotasi_ekspor",
    ),
    path("laporan/kualitas-data/", views_laporan.laporan_kualitas, name="laporan_kualitas"),
]
