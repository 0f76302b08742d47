"""PostgreSQL parts of the search benchmark: the plain query it is measured
against, and EXPLAIN (ANALYZE, BUFFERS) of the statements a search runs.

Buffers (pages read from shared memory or the OS) do not depend on how
loaded the machine is, so they say what a query costs where timings on a
shared machine cannot.
"""

from __future__ import annotations

from django.db import connection, transaction

# What a results page costs done the straightforward way: every match ranked
# with ts_rank, the top 20 headlined, and all the matches counted (default
# planner settings, the same stored vector and GIN index).
PLAIN_PAGE = (
    "SELECT id, ts_headline('english', title, q), ts_headline('english', left(body, 20000), q) "
    "FROM (SELECT a.id, a.title, a.body, ts_rank(a.search_vector, q) AS score, q FROM archive_article a, "
    "websearch_to_tsquery('english', %s) q WHERE a.search_vector @@ q ORDER BY score DESC, a.id DESC LIMIT 20) t"
)
PLAIN_COUNT = "SELECT count(*) FROM archive_article WHERE search_vector @@ websearch_to_tsquery('english', %s)"


def plain(q: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(PLAIN_PAGE, [q])
        cursor.fetchall()
        cursor.execute(PLAIN_COUNT, [q])
        cursor.fetchone()


class Capture:
    """The statements run inside the block (execute_wrapper), with their
    parameters and the SET LOCAL settings in force for each."""

    def __init__(self):
        self.statements: list[tuple[str, tuple, dict]] = []
        self.settings: dict[str, str] = {}

    def __call__(self, execute, sql, params, many, context):
        text = sql.strip()
        if text.upper().startswith("SET LOCAL "):
            name, _, value = text[len("SET LOCAL ") :].replace(" TO ", " = ").partition(" = ")
            if value.strip().upper() == "DEFAULT":
                self.settings.pop(name.strip(), None)
            else:
                self.settings[name.strip()] = value.strip()
        elif not many and not text.upper().startswith(("SET ", "SAVEPOINT", "RELEASE")):
            self.statements.append((sql, tuple(params or ()), dict(self.settings)))
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


def explain(sql: str, params: tuple, settings: dict) -> tuple[float, str]:
    """(execution ms, plan text) under the settings the statement ran with."""
    with transaction.atomic(), connection.cursor() as cursor:
        for name, value in settings.items():
            cursor.execute(f"SET LOCAL {name} = {value}")
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        lines = [r[0] for r in cursor.fetchall()]
    ms = next((float(line.split(":")[1].split()[0]) for line in lines if line.startswith("Execution Time")), 0.0)
    return ms, "\n".join(lines)


def buffers(plan: str) -> str:
    """The top node's buffer line ("shared hit=123 read=4")."""
    for line in plan.splitlines():
        if "Buffers:" in line:
            return line.split("Buffers:")[1].strip()
    return ""


def explain_run(fn) -> list[tuple[float, str, str]]:
    """Run ``fn``, then EXPLAIN (ANALYZE, BUFFERS) every statement it ran:
    [(ms, sql, plan)], slowest first."""
    with Capture() as captured:
        fn()
    out = []
    for sql, params, settings in captured.statements:
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        ms, plan = explain(sql, params, settings)
        out.append((ms, sql, plan))
    return sorted(out, key=lambda r: -r[0])
