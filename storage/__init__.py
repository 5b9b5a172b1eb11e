"""Storage: SQL repositories and migrations, and the conversation state stores.

`SqlDatabase` implements the `Database` port from `domain.ports.database`.
"""

from storage.sql.database import SqlDatabase

__all__ = ["SqlDatabase"]
