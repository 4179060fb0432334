"""WSGI entry point for gunicorn: `gunicorn wsgi:app`."""

from ambassador import create_app

app = create_app()
