"""Store: schema, migrations and every SQL statement."""
from strife.store.db import Store, StoreError, database_url

__all__ = ["Store", "StoreError", "database_url"]
