"""Each template override still matches the Material file it was copied from, and the one
Material stylesheet the build edits (hooks/palette_switch.py) loses only the rule it means to.

An override in docs/overrides (main.html, partials/*.html) opens with a record of
the file it replaces, as installed from the pinned mkdocs-material:

    Copied from: material/templates/partials/search.html (mkdocs-material 9.8.2)
    sha256: <sha256 of that file>

When an upgrade changes the theme's file, the override would silently keep the
old markup: this test fails instead, naming both files.
"""

import hashlib
import importlib.metadata
import logging
import re
import shutil
from pathlib import Path

import material
import pytest

from tests.harness.paths import DOCS
from tests.harness.site import load_hook, strictly_built_site

OVERRIDES = DOCS / "overrides"
THEME = Path(material.__file__).parent  # site-packages/material
RECORD = re.compile(
    r"\A\{#-\s*Copied from: material/(?P<file>\S+) \(mkdocs-material (?P<version>[^)]+)\)\s*sha256: (?P<sha256>[0-9a-f]{64})\s"
)


def problem(override: Path, theme: Path = THEME) -> str | None:
    """What is wrong with the override's record, or None when the theme's file is the one it was copied from."""
    record = RECORD.match(override.read_text(encoding="utf-8"))
    if record is None:
        return (
            f"{override} does not open with the record of the Material file it was copied from: "
            "'Copied from: material/templates/<file> (mkdocs-material <version>)' and 'sha256: <hash>' in its first comment"
        )
    source = theme / record["file"]
    installed = f"mkdocs-material {importlib.metadata.version('mkdocs-material')}"
    if not source.is_file():
        return f"{override} was copied from Material's {record['file']}, which {installed} no longer has"
    sha256 = hashlib.sha256(source.read_bytes()).hexdigest()
    if sha256 != record["sha256"]:
        return (
            f"Material's {record['file']} in {installed} (sha256 {sha256}) is not the file {override} was copied from "
            f"(mkdocs-material {record['version']}, sha256 {record['sha256']}): compare the two, "
            "copy it again with the override's change, and record the new version and hash"
        )
    return None


@pytest.mark.parametrize("override", sorted(OVERRIDES.rglob("*.html")), ids=lambda p: p.relative_to(OVERRIDES).as_posix())
def test_the_theme_file_an_override_was_copied_from_is_unchanged(override):
    assert problem(override) is None, problem(override)


def append_to(path: Path) -> None:
    path.write_text(path.read_text() + "<!-- an upstream change -->")


def drop_the_hash(path: Path) -> None:
    path.write_text(re.sub(r"\s*sha256: \w+", "", path.read_text(), count=1))


BREAKAGES = {  # what breaks, in the copies (the override, Material's file), and what the failure says
    "the theme's file changed": (lambda override, theme_file: append_to(theme_file), "templates/partials/search.html in mkdocs-material"),
    "the theme's file is gone": (lambda override, theme_file: theme_file.unlink(), "templates/partials/search.html, which"),
    "the override has no record": (lambda override, theme_file: drop_the_hash(override), "does not open with the record"),
}


@pytest.mark.parametrize("breakage, reported", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_a_change_fails_naming_the_theme_file_and_the_override(tmp_path, breakage, reported):
    override = tmp_path / "overrides" / "partials" / "search.html"
    theme = tmp_path / "material"
    theme_file = theme / "templates" / "partials" / "search.html"
    for copy, original in ((override, OVERRIDES / "partials" / "search.html"), (theme_file, THEME / "templates" / "partials" / "search.html")):
        copy.parent.mkdir(parents=True)
        shutil.copy(original, copy)
    assert problem(override, theme) is None

    breakage(override, theme_file)
    message = problem(override, theme)
    assert message and str(override) in message and reported in message


def test_the_built_palette_stylesheet_is_materials_without_the_switching_rule():
    """hooks/palette_switch.py takes out one rule, `[data-md-color-switching] ...{...}`, and nothing else."""
    installed = list((THEME / "templates" / "assets" / "stylesheets").glob("palette.*.min.css"))
    assert len(installed) == 1, installed
    theirs = installed[0].read_text(encoding="utf-8")
    ours = (strictly_built_site().dir / "assets" / "stylesheets" / installed[0].name).read_text(encoding="utf-8")
    assert "data-md-color-switching" in theirs and "data-md-color-switching" not in ours
    assert ours == re.sub(r"\[data-md-color-switching\][^{]*\{[^}]*\}", "", theirs)


def test_the_build_warns_when_the_switching_rule_is_not_there(tmp_path, caplog):
    """After an upgrade of Material that changes the rule, `mkdocs build --strict` fails naming the stylesheet."""
    stylesheets = tmp_path / "assets" / "stylesheets"
    stylesheets.mkdir(parents=True)
    sheet = stylesheets / "palette.0.min.css"
    sheet.write_text("[data-md-color-scheme=slate]{--md-hue:232}")
    with caplog.at_level(logging.WARNING):
        load_hook("palette_switch").on_post_build({"site_dir": str(tmp_path)})
    assert "palette.0.min.css no longer holds" in caplog.text
    assert sheet.read_text() == "[data-md-color-scheme=slate]{--md-hue:232}"
