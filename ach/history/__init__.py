"""The case through time: what changed between revisions, each commit's reading of the
matrix, and how those readings scored once the outcome was known. Pure: reads git, never
writes it, and imports no Textual."""
