from .article import Article, ArticleAuthor, Capture, CommentState, DateSource
from .entity import Entity, EntityAlias, IndexOrder, Mention
from .queue import QueueTask
from .source import Source
from .statement import Role, Statement
from .tags import tag_counts
from .watch import Watch

__all__ = [
    "Article",
    "ArticleAuthor",
    "Capture",
    "CommentState",
    "DateSource",
    "Entity",
    "EntityAlias",
    "IndexOrder",
    "Mention",
    "QueueTask",
    "Role",
    "Statement",
    "Source",
    "tag_counts",
    "Watch",
]
