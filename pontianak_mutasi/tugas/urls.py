from django.urls import path

from pontianak_mutasi.tugas import views

app_name = "tugas"

urlpatterns = [
    path("", views.tugas_list, name="list"),
    path("<int:pk>/", views.tugas_detail, name="detail"),
    path("<int:pk>/unduh/", views.tugas_download, name="download"),
    path("<int:pk>/coba-lagi/", views.tugas_retry, name="retry"),
]
