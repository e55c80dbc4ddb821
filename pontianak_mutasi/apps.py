from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PontianakMutasiConfig(AppConfig):
    name = "pontianak_mutasi"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        # Every database connection reports its writes to the page cache (a new data
        # generation), so a stored page is never served after the data under it changed;
        # and to the narrower generations, registered here before any write in any process
        # (a command that gives a role must replace the access generation too).
        from pontianak_mutasi import akses, cache_halaman  # noqa: F401
