"""The Celery app and tasks: an entry point that drives the domains for queued work."""
