"""Matrices in the formats analysts already keep them: Excel, Markdown and PARC ACH files.

The pure pieces (``vocab``, ``headers``) import nothing beyond the model, so the matrix
CSV reader can use them; the readers of workbooks and XML import ``openpyxl`` and
``defusedxml`` only when a file of that kind is read or written, so ``ach score`` and
``ach report`` never load them.
"""
