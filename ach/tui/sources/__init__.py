"""Sources: the source view, drawing evidence from a passage, and quote checks."""
