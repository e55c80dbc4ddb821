"""Background jobs (Tugas): long imports and exports run by the task worker, with a progress
bar, a result page and a retry. See docs/tugas.md.

* ``services``  – create, run (the worker's side), retry;
* ``selectors`` – the jobs a user may see;
* ``progress``  – live progress through the cross-process cache;
* ``views`` / ``urls`` – the list, the result page (an htmx-polled partial), download, retry.

The work itself is done by a handler per kind, in the app that owns the data
(``HANDLERS`` in services), so this package knows nothing about employees or reports.
"""
