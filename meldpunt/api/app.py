"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from swagger_ui_bundle import swagger_ui_path

from meldpunt import __version__
from meldpunt.api.deps import AppState, StateDep
from meldpunt.api.dispatch import TaskDispatcher
from meldpunt.api.errors import install_error_handlers
from meldpunt.api.routers import (
    auth,
    categories,
    classify,
    feedback,
    media,
    reports,
    routing,
    service_levels,
    ticket_actions,
    tickets,
    tracking,
    zones,
)
from meldpunt.core.logging import configure_logging
from meldpunt.core.settings import Settings, get_settings
from meldpunt.models.database import Database
from meldpunt.pipeline.celery_app import configure_celery
from meldpunt.pipeline.context import WorkerContext, use_worker_context


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API for `settings` (default: from the environment)."""
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    configure_celery(settings)
    database = Database(settings)
    context = WorkerContext.from_settings(settings, database=database)
    dispatcher = TaskDispatcher(settings)
    if settings.tasks_in_process:
        # In-process tasks share this process's database pool and routing index.
        use_worker_context(context)
    state = AppState(
        settings=settings,
        database=database,
        routing=context.processing.routing,
        media=context.processing.media,
        limits=context.processing.limits,
        dispatcher=dispatcher,
        tickets=context.processing.tickets,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        dispatcher.warm_up()
        dispatcher.start_sweeper()
        yield
        dispatcher.close()
        database.dispose()

    app = FastAPI(
        title="Meldpunt",
        version=__version__,
        summary="Report a problem in public space; it reaches whoever is responsible.",
        lifespan=lifespan,
        # The stock docs pages load Swagger UI from a CDN; ours serve it from the package, so
        # /docs works offline and behind strict networks.
        docs_url=None,
        redoc_url=None,
    )
    app.mount("/static/swagger-ui", StaticFiles(directory=swagger_ui_path), name="swagger-ui")
    app.state.meldpunt = state
    install_error_handlers(app)
    for router in (
        tracking.router,  # before reports: /reports/tracked is not a report id
        reports.router,
        categories.router,
        classify.router,
        routing.router,
        media.router,
        auth.router,
        tickets.router,
        ticket_actions.router,
        service_levels.router,
        feedback.router,
        zones.router,
    ):
        app.include_router(router)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Meldpunt API",
            swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/swagger-ui/favicon-32x32.png",
        )

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/docs")

    @app.get("/healthz", tags=["health"], operation_id="health")
    def health(state: StateDep) -> dict[str, str]:
        """Liveness and database reachability."""
        with state.database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return {"status": "ok", "database": state.database.engine.dialect.name}

    return app
