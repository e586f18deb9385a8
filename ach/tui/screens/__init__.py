"""The workbench's screens: the main screen and its modal forms and dialogs."""
