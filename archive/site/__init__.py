"""The project's plumbing: settings, URLconf, WSGI entry point and the middleware every request passes through.

It sits above the app's domain modules and imports them; nothing in the app imports it.
"""
