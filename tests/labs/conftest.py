"""Check the lab pages after the lab tests, which rewrite them under --update-outputs."""


def pytest_collection_modifyitems(session, config, items):
    pages = [item for item in items if item.path.name == "test_lab_pages.py"]
    if pages:
        items[:] = [item for item in items if item.path.name != "test_lab_pages.py"] + pages
