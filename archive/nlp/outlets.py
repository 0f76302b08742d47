"""Is a source a news outlet? Used for ``via``: "according to Russia’s RT
Television network", "told AFP".

An organisation (after "according to", or the one someone *told*) is an
outlet when its phrase says so (television, newspaper, agency ...) or it is
one of the wire services and broadcasters that news copy cites by bare name;
"told the committee" keeps the committee as a recipient.
"""

from __future__ import annotations

MEDIA_WORDS = frozenset(
    """television tv network channel newspaper paper agency radio magazine broadcaster outlet daily weekly
    tabloid news times post journal tribune herald gazette telegraph guardian press wire""".split()
)
# Outlets routinely cited with no word saying they are outlets.
WIRE_SERVICES = frozenset(
    """ap afp reuters bloomberg tass interfax xinhua cnn bbc nbc cbs abc npr msnbc dpa ansa efe kyodo yonhap
    politico axios ria rt sky itv cbc nhk jazeera breitbart vox huffpost buzzfeed""".split()
)
# "<person> made the remarks ..., according to <outlet>": the outlet relays that person.
REMARK_VERBS = frozenset("say tell speak comment remark announce state claim warn add".split())
REMARK_NOUNS = frozenset("remark comment statement speech address interview announcement claim".split())


def outlet(resolver, head, span) -> str | None:
    name = resolver.outlet_name(head, span)
    if name is None:
        return None
    phrase = {w.strip(".,’'").lower() for w in span.text.split()}
    if phrase & MEDIA_WORDS or {w.lower() for w in name.split()} & (MEDIA_WORDS | WIRE_SERVICES):
        return name
    return None


def is_outlet_name(name: str) -> bool:
    """ "Boston Globe", "AP": a name that says it is a news outlet."""
    return bool({w.strip(".,’'").lower() for w in name.split()} & (MEDIA_WORDS | WIRE_SERVICES))
