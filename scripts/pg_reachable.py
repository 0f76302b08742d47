"""Exit 0 when the PostgreSQL server in DATABASE_URL-style argv[1] answers."""

import sys
from urllib.parse import urlsplit

try:
    import psycopg
except ImportError:
    sys.exit(1)

parts = urlsplit(sys.argv[1])
try:
    psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        dbname=parts.path.lstrip("/") or "postgres",
        connect_timeout=3,
    ).close()
except Exception as exc:  # any failure means: not reachable for tests
    print(f"PostgreSQL not reachable: {exc}".splitlines()[0], file=sys.stderr)
    sys.exit(1)
