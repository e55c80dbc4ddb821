from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstansiConfig(AppConfig):
    name = "instansi"
    verbose_name = _("Agencies and positions")

    def ready(self) -> None:
        # The reference generation is registered before any write in any process (an import
        # that adds a position must replace it), not first when a page reads a kept row.
        from instansi import referensi  # noqa: F401
