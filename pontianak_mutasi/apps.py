from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PontianakMutasiConfig(AppConfig):
    name = "pontianak_mutasi"
    verbose_name = _("Users and roles")
