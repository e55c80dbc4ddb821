from django.urls import path

from instansi import views

app_name = "instansi"

urlpatterns = [
    path("", views.instansi_list, name="list"),
    path("<str:kode>/", views.instansi_detail, name="detail"),
    path("<str:kode>/formasi/<int:pk>/", views.formasi_detail, name="formasi_detail"),
]
