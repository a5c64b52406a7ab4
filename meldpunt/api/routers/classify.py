"""POST /api/v1/classify: the categories a description most likely belongs to, as typed."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from meldpunt.api.deps import StateDep
from meldpunt.routing.service import classifier_service

router = APIRouter(prefix="/api/v1", tags=["classify"])

MAX_DESCRIPTION_CHARS = 10_000


class ClassifyIn(BaseModel):
    """The resident's description so far."""

    description: str = Field(
        min_length=1,
        max_length=MAX_DESCRIPTION_CHARS,
        examples=["al drie avonden pikkedonker op het fietspad"],
    )


class CategoryProbability(BaseModel):
    """One candidate category and the model's calibrated probability for it."""

    category: str = Field(examples=["verlichting.lamp"])
    probability: float = Field(ge=0, le=1)


class ClassifyOut(BaseModel):
    """The three most probable categories, most probable first."""

    categories: list[CategoryProbability]
    model_version: str
    threshold: float = Field(
        description="From this probability on the pipeline sets the category by itself"
    )


@router.post(
    "/classify",
    operation_id="classify_description",
    responses={422: {"description": "Invalid payload, or no words to classify"}},
)
async def classify_description(body: ClassifyIn, state: StateDep) -> ClassifyOut:
    """Suggest categories for a description; public, called while the resident types."""
    service = classifier_service(state.settings.effective_classifier_dir)
    # The first call may load (or train) the model: keep it off the event loop.
    result = await run_in_threadpool(service.classify, body.description, 3)
    return ClassifyOut(
        categories=[
            CategoryProbability(category=g.category, probability=round(g.probability, 4))
            for g in result.guesses
        ],
        model_version=result.model_version,
        threshold=state.settings.classifier_threshold,
    )
