"""Repositories: one per aggregate of the `Tx` port, each returning domain dataclasses."""
