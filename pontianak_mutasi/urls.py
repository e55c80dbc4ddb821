from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from mutasi.urls import notifikasi_urlpatterns
from mutasi.views_public import lacak, sk_verifikasi
from pontianak_mutasi import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dasbor/", views.dasbor, name="dasbor"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin). Lazy: the
    # production storage looks the name up in the collectstatic manifest, which must not be
    # needed just to import the URLs (manage.py check --deploy runs before collectstatic).
    path(
        "favicon.ico",
        login_not_required(
            RedirectView.as_view(url=lazy(static, str)("img/favicon.svg"), permanent=True)
        ),
    ),
    path(
        "akun/masuk/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("akun/keluar/", views.LogoutView.as_view(), name="logout"),
    path(
        "akun/ganti-sandi/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "akun/ganti-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Public (login_not_required on the view): anyone holding a decree checks it here.
    path("verifikasi/<str:token>/", sk_verifikasi, name="sk_verifikasi"),
    # Public too: a civil servant follows their own proposal with their NIP and its number.
    path("lacak/", lacak, name="lacak"),
    path("pegawai/", include("pegawai.urls")),
    path("instansi/", include("instansi.urls")),
    path("usulan/", include("mutasi.urls")),
    path("notifikasi/", include(notifikasi_urlpatterns)),
    path("tugas/", include("pontianak_mutasi.tugas.urls")),
    path("admin/", admin.site.urls),
]
