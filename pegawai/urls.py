from django.urls import path

from pegawai import views

app_name = "pegawai"

urlpatterns = [
    path("", views.pegawai_list, name="list"),
    path("<str:nip>/", views.pegawai_detail, name="detail"),
]
