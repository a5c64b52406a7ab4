"""GET /api/v1/categories: the taxonomy."""

from __future__ import annotations

from fastapi import APIRouter

from meldpunt.api.schemas import CategoryOut, LocalisedName
from meldpunt.core.taxonomy import CATEGORIES

router = APIRouter(prefix="/api/v1", tags=["categories"])


@router.get("/categories", operation_id="list_categories")
def list_categories() -> list[CategoryOut]:
    """Every category with its names in Dutch and English."""
    return [
        CategoryOut(
            code=c.code, group=c.group, role=c.role, name=LocalisedName(nl=c.name_nl, en=c.name_en)
        )
        for c in CATEGORIES
    ]
