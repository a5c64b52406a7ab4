"""The `meldpunt` command as a user runs it: a real process, settings from the environment."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from meldpunt.models.migrate import head_revision
from tests.conftest import SHARED_DATA

MUNICIPALITIES = SHARED_DATA / "nl-municipalities" / "gemeenten_2023_wgs84.geojson"


def meldpunt(database_url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MELDPUNT_DATABASE_URL": database_url, "MELDPUNT_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "meldpunt", *args],
        env=env,
        text=True,
        capture_output=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("backend", ["spatialite"], indirect=True)
def test_upgrade_demo_and_import_real_boundaries(
    database_url: str, tmp_path: Path, database: object
) -> None:
    upgraded = meldpunt(database_url, tmp_path, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"database at revision {head_revision()} (sqlite)" in upgraded.stdout
    demo = meldpunt(database_url, tmp_path, "demo", "load")
    assert demo.returncode == 0, demo.stderr
    assert "5 authorities, 29 departments, 4 zones" in demo.stdout
    imported = meldpunt(
        database_url,
        tmp_path,
        "import-boundaries",
        str(MUNICIPALITIES),
        "--kind",
        "municipality",
        "--code-field",
        "gemeentecode",
        "--name-field",
        "gemeentenaam",
    )
    assert imported.returncode == 0, imported.stderr
    assert "loaded as non-routable: GM0998 Buitenland" in imported.stdout
    assert "343 created, 0 updated (342 routable municipality authorities), 5 repaired" in (
        imported.stdout
    )
    assert imported.stderr.count("warning: repaired invalid geometry") == 5


def test_errors_are_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    not_migrated = meldpunt(url, tmp_path, "demo", "load")
    assert not_migrated.returncode == 2
    assert not_migrated.stderr.strip() == (
        "error: the database schema is not up to date; run `meldpunt db upgrade` first"
    )
    assert meldpunt(url, tmp_path, "db", "upgrade").returncode == 0
    missing = meldpunt(
        url,
        tmp_path,
        "import-boundaries",
        str(tmp_path / "none.geojson"),
        "--kind",
        "municipality",
        "--code-field",
        "a",
        "--name-field",
        "b",
    )
    assert missing.returncode == 2
    assert missing.stderr.strip().count("\n") == 0
    assert "none.geojson: no such file" in missing.stderr
    wrong_field = meldpunt(
        url,
        tmp_path,
        "import-boundaries",
        str(MUNICIPALITIES),
        "--kind",
        "municipality",
        "--code-field",
        "code",
        "--name-field",
        "gemeentenaam",
    )
    assert wrong_field.returncode == 2
    assert "no 'code' or 'gemeentenaam' property" in wrong_field.stderr
    assert wrong_field.stderr.strip().count("\n") == 0


def test_unreachable_database_is_a_one_line_error(tmp_path: Path) -> None:
    result = meldpunt("postgresql://nobody@127.0.0.1:1/none", tmp_path, "db", "upgrade")
    assert result.returncode == 2
    assert result.stderr.startswith("error: cannot reach the database")
    assert result.stderr.strip().count("\n") == 0


@pytest.mark.parametrize("backend", ["spatialite"], indirect=True)
def test_route_batch_writes_one_row_per_point(
    database_url: str, tmp_path: Path, demo: None
) -> None:
    points = tmp_path / "points.csv"
    points.write_text(
        "id,lat,lon,category\n"
        "park,52.0132,4.9739,groen.boom\n"
        "road,51.98377,4.92994,winter.gladheid\n"
        "sea,54.5,3.0,\n"
        "swapped,4.9739,52.0132,\n"
        "garbage,abc,4.97,\n"
        "typo,52.0132,4.9739,lampen\n"
    )
    out = tmp_path / "decisions.csv"
    result = meldpunt(database_url, tmp_path, "route-batch", "--in", str(points), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "6 points: 2 routed" in result.stdout
    rows = {r["id"]: r for r in csv.DictReader(out.open())}
    assert list(next(iter(rows.values()))) == [
        "id",
        "authority_code",
        "department_code",
        "zone_id",
        "ambiguous",
        "error",
    ]
    assert (rows["park"]["authority_code"], rows["park"]["department_code"]) == (
        "GM9901",
        "GM9901.groen",
    )
    assert rows["park"]["zone_id"] != ""
    assert (rows["road"]["authority_code"], rows["road"]["ambiguous"]) == ("PV99", "false")
    assert {k: rows[k]["error"] for k in ("sea", "swapped", "garbage", "typo")} == {
        "sea": "outside_coverage",
        "swapped": "coordinates_swapped",
        "garbage": "invalid_coordinates",
        "typo": "unknown_category",
    }


def test_route_batch_refuses_a_file_without_the_columns(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert meldpunt(url, tmp_path, "db", "upgrade").returncode == 0
    points = tmp_path / "points.csv"
    points.write_text("name,y,x\na,52,5\n")
    result = meldpunt(
        url, tmp_path, "route-batch", "--in", str(points), "--out", str(tmp_path / "out.csv")
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: the points file lacks the column(s) id, lat, lon; "
        "expected id,lat,lon and optionally category"
    )


@pytest.mark.parametrize("backend", ["spatialite"], indirect=True)
def test_import_zones_from_lines_and_polygons(
    database_url: str, tmp_path: Path, demo: None
) -> None:
    lines = tmp_path / "roads.geojson"
    lines.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"naam": "N999"},
                        "geometry": {
                            "type": "LineString",
                            "coordinates": [[4.90, 52.00], [4.95, 52.00]],
                        },
                    }
                ],
            }
        )
    )
    result = meldpunt(
        database_url,
        tmp_path,
        "import-zones",
        str(lines),
        "--department",
        "PV99.wegen",
        "--categories",
        "wegen.*,winter.gladheid",
        "--name-field",
        "naam",
        "--priority",
        "20",
        "--width-m",
        "30",
    )
    assert result.returncode == 0, result.stderr
    assert "1 zones created" in result.stdout
    no_width = meldpunt(
        database_url,
        tmp_path,
        "import-zones",
        str(lines),
        "--department",
        "PV99.wegen",
        "--categories",
        "wegen.*",
        "--name-field",
        "naam",
    )
    assert no_width.returncode == 0
    assert "warning: skipped N999: unusable geometry (a line zone (road, canal) needs a width" in (
        no_width.stderr
    )
    bad_category = meldpunt(
        database_url,
        tmp_path,
        "import-zones",
        str(lines),
        "--department",
        "PV99.wegen",
        "--categories",
        "roads",
        "--name-field",
        "naam",
        "--width-m",
        "30",
    )
    assert bad_category.returncode == 2
    assert "unknown category pattern(s) ['roads']" in bad_category.stderr


@pytest.mark.parametrize("backend", ["spatialite"], indirect=True)
def test_user_create(database_url: str, tmp_path: Path, demo: None) -> None:
    created = meldpunt(
        database_url,
        tmp_path,
        "user",
        "create",
        "--email",
        "w@vlietdam.nl",
        "--role",
        "field_worker",
        "--password",
        "long enough secret",
        "--department",
        "GM9901.wegen",
        "--department",
        "GM9901.groen",
    )
    assert created.returncode == 0, created.stderr
    assert "created field_worker w@vlietdam.nl" in created.stdout
    refused = meldpunt(
        database_url,
        tmp_path,
        "user",
        "create",
        "--email",
        "x@vlietdam.nl",
        "--role",
        "coordinator",
        "--password",
        "long enough secret",
    )
    assert refused.returncode == 2
    assert refused.stderr.strip() == "error: a coordinator needs at least one --department"
