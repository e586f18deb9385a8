"""The workbench's widgets: the matrix, the scores, the selected item, the status lines."""
