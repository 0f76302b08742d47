"""The entry point for queue workers: ``celery -A archive.site.celery worker`` (``make worker``).

The application itself is ``archive.queue.app``; this module only gives the
worker the Django settings first, as ``wsgi.py`` does for the web server.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.site.settings")

import django  # noqa: E402

django.setup()

from archive.queue.app import app  # noqa: E402

__all__ = ["app"]
