"""WSGI entry point (gunicorn archive.site.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.site.settings")
application = get_wsgi_application()
