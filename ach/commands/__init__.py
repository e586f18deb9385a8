"""The words of ``ach``, one module each, named after the word (``import-matrix``:
``import_matrix``); each offers ``register(subparsers, common)`` and adds its word alone.
The modules that are no word (``common``, ``exclusion``, ``repository``, ``score_text``,
``source_text``) hold what several words share."""
