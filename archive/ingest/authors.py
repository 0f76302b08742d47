"""Author names: split bylines into people and clean what is not a name.

Pages declare authors as "By Jane Doe and John Roe", "Jane Doe, Staff Writer",
"jane@example.com", profile URLs or lists of JSON-LD objects; the archive wants
one clean name per person.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from .scan import AUTHOR_HREF, PageScan

# Leading words that introduce a byline, in the languages the archive sees most.
_LEAD = re.compile(
    r"^(?:[^\W\d_]+\s+by|by|von|par|por|door|di|da|author|authors|autor|text|texte|текст)"
    r"\b\s*:?\s*",
    re.I,
)
# Japanese labels before a byline's names ("文●", "作者：", "筆者・").
_JA_LEAD = re.compile(r"^(?:文|著|筆者|作者|執筆|記者|取材)\s*[●:：・]\s*")
# Job titles that follow a name in bylines; dropped, together with "Senior", "Staff" etc.
_ROLE_WORDS = (
    r"(?:senior|junior|chief|staff|contributing|special|managing|deputy|associate|executive|political|"
    r"national|foreign|business|sports|science|technology|tech|health|news|web|digital|guest|freelance)"
)
_ROLES = (
    r"(?:writer|reporter|correspondent|editor|contributor|columnist|journalist|producer|photographer|"
    r"analyst|author|intern|critic|blogger|anchor|host)s?(?:-at-large|-in-chief)?"
)
# A short phrase ending in a job title ("AP National Security Writer") is a role, not a name.
_ROLE_ONLY = re.compile(rf"^(?:\S+\s+){{0,4}}{_ROLES}$", re.I)
# Degrees and credentials after a name: "Jane Doe, MS, RD".
_CREDENTIAL = re.compile(
    r"^(?:[A-Z]{2,3}|MBA|MPH|MSW|LCSW|CFA|CPA|FACP|Ph\.?D\.?|M\.?D\.?|Jr\.?|Sr\.?|[A-Z]\.[A-Z]\.)$"
)
_AGENCY = re.compile(r"[A-Z]{2,5}")
_ROLE_TAIL = re.compile(rf"\s*[,|\-–—]\s*(?:{_ROLE_WORDS}\s+)*{_ROLES}\b.*$", re.I)
# Credits for pictures and graphics name who made them, not who wrote the story.
_CREDIT = re.compile(
    r"^\s*(?:photo(?:graph)?s?|pictures?|images?|illustrations?|graphics?|video|photography"
    r"|(?:photograph|illustrat|model|modell|styl|film|shot|produc|design|edit)ed"
    r"|hair|make-?up|styling|art direction)\s*(?:by\b|:)",
    re.I,
)
# Names the page prints after a credit ("Photographed by A; Styled by B").
_CREDITED = re.compile(
    r"(?:^|[;|,\n]\s*)(?!(?:written|posted|reported|words|story|text|and)\b)[^\W\d_]+(?:\s+[^\W\d_]+)?"
    r"\s+by\s+([^;|,\n]+)",
    re.I,
)


def credited_names(texts: list[str]) -> set[str]:
    """Everyone the page credits for pictures, styling and the like (not for writing)."""
    return {m.group(1).strip().casefold() for text in texts for m in _CREDITED.finditer(text or "")}


# A dateline ("Washington," printed where a byline would be) is a place, not a person.
_DATELINE = re.compile(r"^\s*[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)?\s*,\s*$")
# "September 10, 2011 at 1:06 PM ET by Jane Doe": a date printed before the byline.
_DATE_BEFORE_BY = re.compile(r"^(?P<date>.{0,60}?)\bby\s+(?=\S)", re.I)
_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\d", re.I)
# Bylines naming a desk rather than a person ("Jerusalem Post Staff", "News Bureau"), or an
# organization by its article ("The Associated Press"): no person's name starts with "The".
# A media group or a web address in a byline part is the publication ("NJ Advance Media for NJ.com").
_STAFF = re.compile(
    r"\b(?:staff|bureau|desk|team|newsroom|editors|editorial board|wire|media)\b|\b[\w-]+\.(?:com|net|org)\b"
    r"|編集部|編集局|^The\s",
    re.I,
)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_HANDLE = re.compile(r"(?:^|\s)@\w+")
# "Updated 3:04 PM", "Published Dec 9, 2016", bare dates and times after a name.
_DATE_TAIL = re.compile(
    r"\s*(?:[,|\-–—·]\s*)?(?:(?:updated|published|posted|modified|last updated)\b.*"
    r"|(?:\d{1,2}[:/.]\d{1,2}.*)"
    r"|(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b.*)"
    r"|(?:\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b.*)"
    r"|(?:\d{4}-\d{2}-\d{2}.*)"
    r"|(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\b.*))$",
    re.I,
)
# Interface words that end up inside byline elements.
_UI_WORDS = re.compile(
    r"\b(?:twitter|facebook|instagram|linkedin|e-?mail|follow|link copied|copy link|more from|view all posts|bio"
    r"|profile|contact|log ?in|sign ?in|sign ?up|register|subscribe)\b.*$",
    re.I,
)
# A month or weekday alone is a date fragment, never a name.
_CALENDAR = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
    r"|today|yesterday|updated|published",
    re.I,
)
# "and the" (lower-case "the") joins an ensemble's name ("Prince and the Revolution"), not two people.
_SEPARATORS = re.compile(
    r"\s*(?:,|;|\||&|\b(?i:and)\b(?!\s+the\b)|\bund\b|\bet\b|\by\b(?!\.)|\s/\s|\n|[、，／]|(?<=[a-z]{2})\.\s+(?=[A-Z]))\s*"
)
# Japanese credit lines put the role after the name ("A 著、B 監訳、C 訳"): 著/編著/文 mark
# who wrote the text; translators, supervisors and photographers are credited, not authors.
_JA_WRITER = re.compile(r"[\s\u3000]*(?:編著|著|文|作)$")
_JA_CREDIT = re.compile(r"[\s\u3000]*(?:監訳|翻訳|訳|監修|写真|撮影|イラスト|画)$")
# Publishing-system account names, not people.
_ACCOUNTS = {"admin", "administrator", "editor", "webmaster", "user", "guest", "author", "staff", "root"}
_MAX_WORDS = 6


def _strip_date_before_by(text: str) -> str:
    match = _DATE_BEFORE_BY.match(text)
    if match and match.group("date").strip() and _MONTH.search(match.group("date")):
        return text[match.end() :]
    return text


def printed_case(name: str) -> str:
    """A name as printed when its case is mixed; title case when the page shouts it
    ("ROBERT BURNS" -> "Robert Burns"); a single word ("AP", "ASCII") stays."""
    letters = [ch for ch in name if ch.isalpha()]
    if not letters or not all(ch.isupper() for ch in letters if ch.lower() != ch.upper()):
        return name
    if len(name.split()) == 1:
        return name  # one shouted word is an acronym or a brand ("ASCII"), not a shouted person
    return " ".join(_title_word(word) for word in name.split())


def _title_word(word: str) -> str:
    # "O'BRIEN" -> "O'Brien", "JEAN-PAUL" -> "Jean-Paul", "J." stays.
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(), word)


def clean_author(text: str) -> str:
    """One name without "By", roles, emails, URLs or dates; "" when nothing is left."""
    text = re.sub(r"\s+", " ", text or "").strip(" \t\n,;:|-–—·•")
    if not text or _URL.fullmatch(text) or _CREDIT.match(text) or _JA_CREDIT.search(text):
        return ""
    text = _JA_WRITER.sub("", text)
    text = _strip_date_before_by(text)
    text = _EMAIL.sub("", _URL.sub("", text))
    text = _DATE_TAIL.sub("", text)
    text = _JA_LEAD.sub("", _LEAD.sub("", text.strip()))
    text = _ROLE_TAIL.sub("", text)
    text = _UI_WORDS.sub("", text)
    # "Jane Doe in Politics on 1 June": a WordPress-style byline continues with section and date.
    text = re.sub(r"\s+(?:in|on)\s+.*$", "", text)
    text = text.strip(" \t\n,;:|-–—·•()[]")
    if not text or _ROLE_ONLY.match(text) or _HANDLE.fullmatch(text) or _CREDENTIAL.match(text):
        return ""
    if re.search(r"\d", text) or len(text.split()) > _MAX_WORDS or len(text) > 60 or _CALENDAR.fullmatch(text):
        return ""
    if (not text[0].isalnum() and text[0] not in "@'’") or text.casefold() in _ACCOUNTS:
        return ""
    if " " not in text and "admin" in text.casefold():
        return ""  # a publishing-system account ("jdadmin", "siteadmin"), however capitalised
    if " " not in text and text.islower() and text.isascii():
        return ""  # a lowercase login ("jdadmin"), not a name as the page prints it
    return printed_case(text)


def split_authors(text: str) -> list[str]:
    """Separate names in one byline string: "A, B and C" -> ["A", "B", "C"]."""
    if not text or _DATELINE.match(text) or _CREDIT.match(text):
        return []
    text = _EMAIL.sub(" ", _URL.sub(" ", text))
    text = _strip_date_before_by(re.sub(r"\s+", " ", text).strip())
    text = _DATE_TAIL.sub("", text)
    text = _JA_LEAD.sub("", _LEAD.sub("", text))
    # "Doe, Jane" (library order, common in meta tags) is one person, not two.
    reversed_name = re.fullmatch(r"([A-Z][\w'’-]+), ([A-Z][\w'’.-]+(?: [A-Z]\.?)?)", text)
    if reversed_name:
        return [clean_author(f"{reversed_name.group(2)} {reversed_name.group(1)}")]
    reversed_name = re.fullmatch(r"([A-Z][A-Z'’-]+), ([A-Z][A-Z'’.-]+)", text)
    if reversed_name:  # shouted library order: "BURNS, ROBERT"
        return [clean_author(f"{reversed_name.group(2)} {reversed_name.group(1)}")]
    names = []
    for part in _SEPARATORS.split(text):
        name = clean_author(part)
        if name:
            names.append(name)
    if not names and _AGENCY.fullmatch(text.strip(" ,;:|-–—·•")):
        # A byline that is only an acronym is a news agency ("PTI", "AFP"), not a degree after a name.
        return [text.strip(" ,;:|-–—·•")]
    return without_staff_lines(unique_names(names))


def without_staff_lines(names: list[str]) -> list[str]:
    """A desk or staff line goes when people are named too; alone, it is the byline."""
    people = [name for name in names if not _STAFF.search(name)]
    return people or names


def unique_names(names: list[str]) -> list[str]:
    """Drop repeats (case-insensitive), keeping the first spelling and order."""
    seen, result = set(), []
    for name in names:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            result.append(name)
    return result


def jsonld_authors(value) -> list[str]:
    """Names from a JSON-LD author/creator value (Person, Organization, string, list)."""
    if isinstance(value, str):
        return split_authors(value)
    if isinstance(value, list):
        return unique_names([name for item in value for name in jsonld_authors(item)])
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, list):
            return jsonld_authors(name)
        if isinstance(name, str):
            return split_authors(name)
        given, family = value.get("givenName"), value.get("familyName")
        if isinstance(given, str) and isinstance(family, str):
            return split_authors(f"{given} {family}")
    return []


# Blocks (author bios, related-article lists) that contain the words but are not bylines.
_SKIP_ANCESTORS = ("comment", "related", "footer", "sidebar", "recommend", "more-from", "promo", "teaser", "summary")
_SKIP_CLASSES = re.compile(r"bio|avatar|photo|image|img|description|about|follow", re.I)
_BYLINE_CLASS = re.compile(r"byline|author|writer", re.I)
_MAX_BYLINE_CHARS = 150
_ANCESTOR_DEPTH = 6


def _text(element: HtmlElement) -> str:
    # itertext with spaces: adjacent inline elements ("Jane Doe<span>Twitter</span>") stay apart.
    return re.sub(r"\s+", " ", " ".join(element.itertext())).strip()


def slug_name(href: str) -> str:
    match = AUTHOR_HREF.search(href or "")
    if not match:
        return ""
    slug = match.group(0).rstrip("/").rsplit("/", 1)[-1]
    words = [w for w in re.split(r"[-_+.]", slug) if w.isalpha()]
    return " ".join(w.capitalize() for w in words) if 2 <= len(words) <= 4 else ""


# "/topics/people/jane-doe.html": a topic page about a person, not an author page.
_TOPIC_HREF = re.compile(r"/(?:topics?|tags?|subjects?|themes?)/", re.I)


def _author_link(link: HtmlElement, host: str) -> bool:
    """A link to an author page of this site (other sites' "/user/..." pages are social profiles)."""
    href = link.get("href") or ""
    if not AUTHOR_HREF.search(href) or _TOPIC_HREF.search(href):
        return False
    target = urlsplit(href).hostname
    return not (target and host and not (target == host or target.endswith("." + host) or host.endswith(target)))


def _element_names(element: HtmlElement, host: str = "") -> list[str]:
    """Names in one byline element: marked-up names first, then author links, then its text."""
    if element.tag == "meta":
        return split_authors(element.get("content") or "")
    named = element.xpath('.//*[@itemprop="name"]')
    if named:
        return unique_names([n for e in named for n in split_authors(e.get("content") or _text(e))])
    links = [element] if element.tag == "a" else element.xpath(".//a[@href]")
    links = [a for a in links if _author_link(a, host)]
    if links:
        # Link texts keep the name's own spelling; the URL slug only stands in for image links.
        names = [n for a in links for n in split_authors(_text(a))]
        return unique_names(names or [n for a in links for n in [slug_name(a.get("href"))] if n])
    if element.tag == "a" and element.get("rel") != "author" and not _BYLINE_CLASS.search(element.get("class") or ""):
        return []  # a link collected for its href that does not lead to an author page here
    text = _text(element)
    if len(text) > _MAX_BYLINE_CHARS:
        return []
    return split_authors(text)


def _skipped(element: HtmlElement) -> bool:
    if element.tag in ("script", "style", "link", "img", "body", "html", "article", "main"):
        return True
    if _SKIP_CLASSES.search(element.get("class") or ""):
        return True
    # Only near ancestors below <body>: page-level wrappers carry layout words ("one-sidebar").
    near = [
        a
        for _, a in zip(range(_ANCESTOR_DEPTH), element.iterancestors(), strict=False)
        if a.tag not in ("body", "html")
    ]
    context = " ".join((a.get("class") or "") + " " + (a.get("id") or "") for a in near).lower()
    return any(word in context for word in _SKIP_ANCESTORS) or in_comments(element)


# A readers' comment or a thread of them, at any depth: a schema.org Comment item, or
# a block whose class or id is exactly a comment-thread word (not "has-comments").
_THREAD_TOKEN = re.compile(
    r"^(?:comments?|comment[-_]?(?:list|area|body|thread|content)|responses|replies|disqus_thread)$", re.I
)


def in_comments(element: HtmlElement) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag in ("body", "html"):
            return False
        if re.search(r"/(?:User)?Comment$", ancestor.get("itemtype") or "", re.I):
            return True
        tokens = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}".split()
        if any(_THREAD_TOKEN.match(token) for token in tokens):
            return True
    return False


def page_byline(scan: PageScan, headline: HtmlElement | None = None, host: str = "") -> tuple[list[str], str]:
    """Authors printed in the page (itemprop/rel/class bylines and author-page links),
    and the byline as printed; bylines after the headline first. ``host`` is the page's
    domain, to tell its author pages from links to other sites."""
    candidates = scan.after(scan.bylines, headline)
    printed, slug_only = "", None
    for index, element in enumerate(candidates):
        if _skipped(element):
            continue
        # A byline block holding a narrower one ("By A and B" + "Associated Press"): names
        # come from the inner one, the printed byline from the block.
        following = candidates[index + 1] if index + 1 < len(candidates) else None
        if following is not None and element in following.iterancestors():
            printed = printed or _text(element)
            continue
        names = _element_names(element, host)
        if names and not _text(element):
            # Only a URL slug (an image link): a later byline may spell the name properly.
            slug_only = slug_only or (names, printed)
        elif names:
            names = _with_sibling_links(element, names, host)
            return names, printed if printed and _text(element) in printed else _text(element)
        printed = ""
    return slug_only or ([], "")


def _with_sibling_links(element: HtmlElement, names: list[str], host: str) -> list[str]:
    """ "By <a>A</a>, <a>B</a>": a byline of author links names everyone it links, not only the first."""
    parent = element.getparent()
    if element.tag != "a" or parent is None:
        return names
    links = [a for a in parent.iterchildren("a") if a is element or _author_link(a, host)]
    if len(links) < 2:
        return names
    return without_staff_lines(
        unique_names([n for a in links for n in (names if a is element else _element_names(a, host))])
    )


_BY_LINE = re.compile(
    r"^\s*(?i:by)\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’ -]+)*)\s*$"
)


def body_byline(body: list[str]) -> list[str]:
    """A "By X and Y" line at the top of the extracted text."""
    for paragraph in body[:3]:
        match = _BY_LINE.match(paragraph)
        if match:
            return split_authors(match.group(1))
    return []
