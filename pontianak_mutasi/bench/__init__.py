"""Measurements for ``manage.py bench`` (issue 8): decree PDF rendering and HTTP throughput."""
