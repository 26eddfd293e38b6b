"""Writes, one module per area: accounts, learning, certificates."""
