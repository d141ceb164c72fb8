"""The versioned store: list snapshots and their entities (SQLite by default, PostgreSQL by URL)."""
