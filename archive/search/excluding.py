"""Searches made only of exclusions (``-said``, ``-said tag:x``), bounded.

Every article minus those holding a word is, for a common word, most of the
archive, and finding it meant testing each article in date order against the
text index -- on PostgreSQL unpacking each one's vector: page 50 of "-said"
took 0.87 s at 100,000 articles, and more with every article added. So only
the ``SCAN`` first articles in the page's order (newest or oldest first) that
pass the filters and dates are looked at: their ids come from the date order's
index, the ones among them holding an excluded word or phrase from one
statement of the text index over just those ids (``Backend.holding``), and the
results are the others, in order -- the same ids on both backends. When more
articles than that pass the filters, the page says so.
"""

from __future__ import annotations

from .engine import FACET_SAMPLE, Plan, driven, order_sql, smallest

SCAN = 10_000  # articles looked at (after the filters and dates) by a search of exclusions alone


def applies(plan: Plan) -> bool:
    """Excluded words or phrases and no word to find: the text index cannot drive."""
    return bool(plan.query.excluded) and not plan.query.has_text


def execute(backend, plan: Plan, sort: str, offset: int, limit: int):
    """(count, [ids of the page], facet-sample (sql, params)), as ``BaseBackend.execute``."""
    with backend.reads(plan), backend.connection.cursor() as cursor:
        driver, _, _ = smallest(cursor, plan)
        src = driven(plan, driver, backend.ops, backend.names_probe, backend.FIND)
        cursor.execute(*src.select(src.id_expr, order_sql(sort, src.published, src.id_expr), SCAN + 1))
        ids = [r[0] for r in cursor.fetchall()]
        if len(ids) > SCAN:
            del ids[SCAN:]
            first = "oldest" if sort == "oldest" else "newest"
            filtered = plan.requirements or plan.after or plan.before or plan.within
            within = " that pass the filters" if filtered else ""
            plan.query.note(
                f"A search made only of exclusions looks at the {SCAN:,} {first} articles{within}; "
                "add a word, a filter or a date to reach the others."
            )
        held = backend.holding(cursor, plan.query.excluded, ids)
        kept = [pk for pk in ids if pk not in held]
        return len(kept), kept[offset : offset + limit], backend.id_list(kept[:FACET_SAMPLE])
