"""The headless side of the workbench: the open case, its undo history, saving, live
scores, row order and marks, team tables, quote checks and source selection.

Nothing here imports Textual or Rich (an import-linter contract and a test hold it), so
each module is tested as a plain unit; ``ach.tui`` draws what these compute.
"""
