"""Heavy read-only pages read from a PostgreSQL streaming replica; everything else from the primary.

`routing` holds the per-request choice and the database router, `probe` the replica's health
and lag, `views` the `@reads_from_replica` decorator, `middleware` the read-your-writes window
and the optional `X-DB-Route` header. See docs/deploy.md, "Read replica".
"""
