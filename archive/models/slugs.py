from django.utils.text import slugify


def unique_slug(model, name: str, *, length: int, fallback: str, allow_unicode: bool = False) -> str:
    """A slug for ``name`` that no ``model`` row has yet: the name slugified
    and cut to ``length``, then "-2", "-3", ... until free."""
    base = slugify(name, allow_unicode=allow_unicode)[:length] or fallback
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
