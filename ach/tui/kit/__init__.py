"""Shared pieces of the workbench: what an action is, modals, forms, pickers, help, the
palette's provider, text helpers and the line-drawn widget base. Imports no feature."""
