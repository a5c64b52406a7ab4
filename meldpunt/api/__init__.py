"""The HTTP API (FastAPI): routers, problem+json errors, the request unit of work."""
