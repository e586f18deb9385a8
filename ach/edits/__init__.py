"""Every change to a case as a value: built from the case as it is, applied to it, and
inverted for undo. The CLI's commands and the workbench make their changes through
these same functions; nothing here imports Textual or Rich."""
