"""The case through git history in the workbench: the history screen and the matrix as it
was at a commit."""
