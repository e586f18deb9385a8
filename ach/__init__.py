"""ACH Workbench: a terminal-first workbench for the Analysis of Competing Hypotheses."""

__version__ = "0.1.0"
