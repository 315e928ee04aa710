"""The records layer: the SQL store's tables, its writes, its read-only queries and its migrations.

It imports only the core (`warmline/`) and third-party libraries, so the
activities (which write) and the API (which only reads, through `store.queries`)
share one schema without depending on each other.
"""
