"""The Textual workbench (``ach open``). Imported only by the ``open`` command, so the rest of
the CLI never loads Textual."""
