"""The `meldpunt` command as a user runs it: a real process, settings from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
    assert "database at revision 0001 (sqlite)" in upgraded.stdout
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
