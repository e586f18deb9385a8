"""The subcommands of ``ach``, one module per group; each offers ``register(subparsers)``."""
