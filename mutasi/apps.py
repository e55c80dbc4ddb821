from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MutasiConfig(AppConfig):
    name = "mutasi"
    verbose_name = _("Transfers")
