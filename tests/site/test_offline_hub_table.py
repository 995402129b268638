"""The table of stand-ins on "Run the examples offline" is the offline hub's registry."""

from tests.harness import outputs
from tests.harness.paths import DOCS
from tests.offline_hub import markdown_table

TABLE = DOCS / "includes" / "offline-hub.md"


def test_the_offline_page_shows_the_registry(request):
    outputs.check(TABLE, markdown_table(), request.config.getoption("--update-outputs"))
    assert f'--8<-- "{TABLE.relative_to(DOCS.parent).as_posix()}"' in (DOCS / "offline.md").read_text()
