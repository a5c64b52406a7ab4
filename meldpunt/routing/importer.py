"""Load authority boundaries from GeoJSON (CBS-style files), repairing invalid geometries."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geoalchemy2.shape import from_shape
from shapely.geometry import shape
from sqlalchemy import select
from sqlalchemy.orm import Session

from meldpunt.core.taxonomy import FALLBACK_ROLE
from meldpunt.models import Authority, AuthorityKind, Department
from meldpunt.routing import repository
from meldpunt.routing.errors import InvalidBoundaryFile
from meldpunt.routing.geometry import as_multipolygon

logger = logging.getLogger(__name__)

NON_ROUTABLE_CODES = {
    "GM0998": "CBS pseudo-municipality 'Buitenland' (Belgian enclaves near Baarle-Nassau)",
}
"""Codes that are loaded for completeness but never receive reports."""


@dataclass
class ImportSummary:
    """What an import did, for the CLI to print."""

    created: int = 0
    updated: int = 0
    repaired: list[str] = field(default_factory=list)
    non_routable: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    desks_created: int = 0


def read_features(path: Path) -> list[dict[str, Any]]:
    """The features of a GeoJSON FeatureCollection file, or a clear error."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidBoundaryFile(f"{path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidBoundaryFile(f"{path}: not a GeoJSON file ({exc})") from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise InvalidBoundaryFile(f"{path}: expected a GeoJSON FeatureCollection")
    features = document.get("features")
    if not isinstance(features, list):
        raise InvalidBoundaryFile(f"{path}: the FeatureCollection has no 'features' list")
    return features


def import_boundaries(
    session: Session,
    features: list[dict[str, Any]],
    *,
    kind: AuthorityKind,
    code_field: str,
    name_field: str,
) -> ImportSummary:
    """Create or update one authority per feature; municipalities get a default kcc desk."""
    summary = ImportSummary()
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") or {}
        code = properties.get(code_field)
        name = properties.get(name_field)
        if not code or not name:
            raise InvalidBoundaryFile(
                f"feature {number} has no '{code_field}' or '{name_field}' property "
                f"(it has: {', '.join(sorted(properties)) or 'none'})"
            )
        code, name = str(code).strip(), str(name).strip()
        try:
            geometry, repaired = as_multipolygon(shape(feature["geometry"]))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            summary.skipped.append(f"{code} {name}: unusable geometry ({exc})")
            continue
        if repaired:
            summary.repaired.append(f"{code} {name}")
            logger.warning("repaired invalid geometry of %s %s", code, name)
        routable = code not in NON_ROUTABLE_CODES
        if not routable:
            summary.non_routable.append(f"{code} {name}: {NON_ROUTABLE_CODES[code]}")
        authority = repository.get_authority_by_code(session, code)
        if authority is None:
            authority = Authority(code=code, kind=kind, name=name, routable=routable)
            session.add(authority)
            summary.created += 1
        else:
            authority.kind, authority.name, authority.routable = kind, name, routable
            summary.updated += 1
        authority.boundary = from_shape(geometry, srid=4326)
        session.flush()
        if kind == AuthorityKind.MUNICIPALITY and routable and _ensure_kcc_desk(session, authority):
            summary.desks_created += 1
    repository.bump_revision(session)
    session.flush()
    return summary


def _ensure_kcc_desk(session: Session, authority: Authority) -> bool:
    # Every municipality has a customer contact desk: the last fallback of the routing rule.
    exists = session.scalar(
        select(Department.id).where(
            Department.authority_id == authority.id, Department.role == FALLBACK_ROLE
        )
    )
    if exists is not None:
        return False
    session.add(
        Department(
            authority_id=authority.id,
            code=f"{authority.code}.{FALLBACK_ROLE}",
            name=f"Klantcontactcentrum {authority.name}",
            role=FALLBACK_ROLE,
            delivery={},
        )
    )
    return True
