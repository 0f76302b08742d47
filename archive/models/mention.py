"""Where articles name entities: one row per place in a text."""

from django.db import models


class MentionQuerySet(models.QuerySet):
    def first_sentences(self, entity, articles) -> dict:
        """For each of ``articles``, the sentence in which ``entity`` is first named: article id -> sentence."""
        by_article = {a.pk: a for a in articles}
        sentences = {}
        for mention in self.filter(entity=entity, article_id__in=by_article).order_by("article_id", "start"):
            if mention.article_id not in sentences:
                sentences[mention.article_id] = sentence_around(by_article[mention.article_id].text, mention.start)
        return sentences


def sentence_around(text: str, offset: int, limit: int = 300) -> str:
    starts = [text.rfind(mark, 0, offset) for mark in (". ", "? ", "! ", "\n")]
    start = max(starts)
    start = 0 if start < 0 else start + (1 if text[start] == "\n" else 2)
    ends = [i for i in (text.find(mark, offset) for mark in (". ", "? ", "! ", "\n")) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    sentence = text[start:end].strip()
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"


class Mention(models.Model):
    """One place in an article's text where an entity is named."""

    article = models.ForeignKey("archive.Article", on_delete=models.CASCADE, related_name="mentions")
    entity = models.ForeignKey("archive.Entity", on_delete=models.CASCADE, related_name="mentions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=300)
    label = models.CharField(max_length=10)
    # Whether the analysis was sure this is a person or organization here;
    # only entities with a confident mention fill the indexes (``listed``).
    # A database default too, so bulk loaders writing SQL need not name it.
    confident = models.BooleanField(default=True, db_default=True)
    # False for a person named by one word that this text does not introduce as one (no title, no kin, no
    # "he" or "she"): acting in a sentence ("Twitter pledged") lists such a word only where no other
    # article names it (``EntityQuerySet.listed``).
    introduced = models.BooleanField(default=True, db_default=True)

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start"]
        indexes = [models.Index(fields=["entity", "article"])]

    def __str__(self):
        return self.text
