from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstansiConfig(AppConfig):
    name = "instansi"
    verbose_name = _("Agencies and positions")
