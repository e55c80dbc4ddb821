"""Settings for the gunicorn that ``manage.py bench`` starts: production settings plus a trivial
view to compare pages against (``pontianak_mutasi/bench/urls.py``). Never used in production.

The environment is set by ``pontianak_mutasi.bench.http`` (debug off, a throwaway secret key,
no HTTPS redirect); static files come from a collectstatic run into a temporary folder.
"""

import os

from pontianak_mutasi.settings import *  # noqa: F403
from pontianak_mutasi.settings import STATIC_ROOT

ROOT_URLCONF = "pontianak_mutasi.bench.urls"
STATIC_ROOT = os.environ.get("SIMUTASI_BENCH_STATIC_ROOT") or STATIC_ROOT
