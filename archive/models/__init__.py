from .article import Article, ArticleAuthor, Capture, CommentState
from .entity import Entity, EntityAlias, Mention
from .source import Source
from .statement import Role, Statement

__all__ = [
    "Article",
    "ArticleAuthor",
    "Capture",
    "CommentState",
    "Entity",
    "EntityAlias",
    "Mention",
    "Role",
    "Statement",
    "Source",
]
