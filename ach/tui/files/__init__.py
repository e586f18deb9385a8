"""The main screen and the disk: saving, watching the files, reloading, conflicts with
what others saved, and writing the briefing."""
