"""SQL storage: SQLAlchemy Core tables, repositories returning domain objects, the database."""

from storage.sql.database import SqlDatabase
from storage.sql.engine import create_engine
from storage.sql.tables import metadata
from storage.sql.tx import SqlTx

__all__ = ["SqlDatabase", "SqlTx", "create_engine", "metadata"]
