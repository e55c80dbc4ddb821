from django.urls import path

from instansi import views

app_name = "instansi"

urlpatterns = [
    path("", views.instansi_list, name="list"),
    path("<str:kode>/", views.instansi_detail, name="detail"),
    path("<str:kode>/formasi/<int:pk>/", views.formasi_detail, name="formasi_detail"),
]

# ABK editing and the province-wide gap table (issue 5). The gap table goes first: the
# "<str:kode>/" agency route would otherwise take "kesenjangan" for an agency code.
from instansi import views_abk, views_gap  # noqa: E402

urlpatterns = [
    path("kesenjangan/", views_gap.gap_table, name="kesenjangan"),
    *urlpatterns,
    path("<str:kode>/formasi/<int:pk>/abk/", views_abk.abk_edit, name="abk_edit"),
    path("<str:kode>/formasi/<int:pk>/abk/hitung/", views_abk.abk_totals, name="abk_totals"),
]

# Recommendations (issue 5). "rekomendasi/pegawai/<nip>/" has three segments, so it never
# collides with "<kode>/".
from instansi import views_rekomendasi  # noqa: E402

urlpatterns += [
    path(
        "<str:kode>/formasi/<int:pk>/rekomendasi/",
        views_rekomendasi.formasi_rekomendasi,
        name="formasi_rekomendasi",
    ),
    path(
        "rekomendasi/pegawai/<str:nip>/",
        views_rekomendasi.pegawai_rekomendasi,
        name="pegawai_rekomendasi",
    ),
]

# What-if simulation (issue 5). Put first, like the gap table: "<str:kode>/" would otherwise
# take "simulasi" for an agency code.
from instansi import views_whatif  # noqa: E402

urlpatterns = [path("simulasi/", views_whatif.simulasi, name="simulasi"), *urlpatterns]
