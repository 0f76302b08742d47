#!/usr/bin/env python
"""Django's command-line utility for Newsroom Archive.

Run from a checkout with nothing of production in the environment (none of DJANGO_ENV,
SECRET_KEY, DEBUG set), it uses development settings and says so in one line on stderr.
Production is DJANGO_ENV=production, or SECRET_KEY set, or DEBUG=0: there a missing
SECRET_KEY stops every command. The WSGI entry point (gunicorn) is production unless told.
"""

import os
import sys

PRODUCTION_SIGNS = ("DJANGO_ENV", "SECRET_KEY", "DEBUG")


def default_to_development(environ=os.environ, stderr=sys.stderr):
    if any(name in environ for name in PRODUCTION_SIGNS):
        return
    # Set in the environment, so the server's reloader and worker processes agree (and stay quiet).
    environ["DEBUG"] = "1"
    print(
        "manage.py: development settings (DEBUG=1, localhost only); "
        "for production set DJANGO_ENV=production and SECRET_KEY.",
        file=stderr,
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.site.settings")
    default_to_development()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
