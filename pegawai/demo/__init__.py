"""Demo data for Simutasi: Kalimantan Barat agencies, positions, formasi with ABK, employees.

``python manage.py seed_demo`` runs :func:`pegawai.demo.builder.seed_demo`. The modules:

- ``reference``: fields (Bidang) and the position catalogue (Jabatan) with ABK task norms;
- ``agencies``: external and provincial agencies, their units and staffing shares;
- ``people``: names, fields of study, institutions, training;
- ``plan``: holders per formasi, kebutuhan and ABK rows, each seat's traits (pure);
- ``generator``: one employee and their history per seat (pure, unsaved instances);
- ``builder``: the database writes, in bulk and idempotent.
"""
