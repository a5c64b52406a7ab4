"""The one settings class; nothing else in Meldpunt reads the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "development-only-secret-change-me"  # noqa: S105 - refused in production


class Settings(BaseSettings):
    """Configuration read from `MELDPUNT_*` environment variables (and an optional `.env`)."""

    model_config = SettingsConfigDict(env_prefix="MELDPUNT_", env_file=".env", extra="ignore")

    environment: str = Field("development", description="development | test | production")
    data_dir: Path = Field(Path("var"), description="Where the embedded database and media live.")
    database_url: str = Field(
        "", description="SQLAlchemy URL; empty means a SpatiaLite file in the data dir."
    )
    broker_url: str = Field("", description="Celery broker URL; empty runs tasks in-process.")
    task_queue: str = Field("meldpunt", description="Celery queue the report tasks go to.")
    media_dir: Path | None = Field(None, description="Photo storage; default <data_dir>/media.")
    media_backend: str = Field("local", pattern="^(local|s3)$", description="local | s3")
    s3_endpoint_url: str = Field("", description="S3-compatible endpoint; empty = AWS")
    s3_bucket: str = "meldpunt-media"
    s3_region: str = "eu-west-1"
    s3_access_key: str = ""
    s3_secret_key: str = ""
    original_retention_days: int = Field(
        365, gt=0, description="Original photos are deleted this many days after the report."
    )
    spatialite_library_path: str = Field(
        "mod_spatialite", description="Name or path of the SpatiaLite module SQLite loads."
    )
    public_base_url: str = Field(
        "", description="Absolute base of links given out (photo URLs); empty = relative."
    )
    max_description_chars: int = 4000
    max_photo_bytes: int = Field(20 * 1024 * 1024, gt=0)
    max_photo_pixels: int = Field(64_000_000, gt=0)
    max_photos_per_report: int = Field(5, gt=0)
    thumbnail_px: int = Field(320, gt=16)
    border_tolerance_m: float = Field(10.0, ge=0)
    classifier_threshold: float = Field(
        0.6, ge=0, le=1, description="Below this confidence the category is not set automatically."
    )
    classifier_dir: Path | None = Field(
        None,
        description="Saved classifier models, active pointer; default <data_dir>/classifier.",
    )
    duplicate_radius_m: float = Field(
        30.0,
        gt=0,
        description="An open ticket of the same category this close: same problem.",
    )
    duplicate_period_days: int = Field(
        30, gt=0, description="...if its report arrived within this many days."
    )
    duplicate_photo_radius_m: float = Field(
        60.0, gt=0, description="With a near-identical photo, this distance still counts as one."
    )
    nearby_max_radius_m: float = Field(
        500.0, gt=0, description="The largest radius the public nearby-reports list accepts."
    )
    service_timezone: str = Field(
        "Europe/Amsterdam", description="Working days and deadlines are counted in this zone."
    )
    holiday_country: str = Field("NL", description="Public holidays that are not working days.")
    stuck_after_s: int = Field(
        300, gt=0, description="A report unprocessed this long is sent again by the sweeper."
    )
    log_level: str = "INFO"
    secret_key: str = Field(
        DEVELOPMENT_SECRET, min_length=32, description="Signs access tokens; set it in production."
    )
    access_token_minutes: int = Field(15, gt=0)
    refresh_token_days: int = Field(30, gt=0)

    @model_validator(mode="after")
    def _no_placeholder_secret_in_production(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEVELOPMENT_SECRET:
            raise ValueError(
                "set MELDPUNT_SECRET_KEY: the development secret is not for production"
            )
        return self

    @field_validator("public_base_url")
    @classmethod
    def _strip_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @property
    def effective_database_url(self) -> str:
        """The database URL in use: the configured one or the embedded SpatiaLite file."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'meldpunt.sqlite').as_posix()}"

    @property
    def effective_media_dir(self) -> Path:
        """The directory photos are stored in."""
        return self.media_dir if self.media_dir is not None else self.data_dir / "media"

    @property
    def effective_classifier_dir(self) -> Path:
        """The directory classifier models are saved in and loaded from."""
        return (
            self.classifier_dir if self.classifier_dir is not None else self.data_dir / "classifier"
        )

    @property
    def tasks_in_process(self) -> bool:
        """True when no broker is configured and tasks run inside the sending process."""
        return not self.broker_url


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
