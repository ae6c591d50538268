"""Repository-wide pytest set-up."""
import pytest_odoo

_find_manifest_path = pytest_odoo._find_manifest_path


def _find_existing_manifest_path(collection_path):
    """pytest-odoo 1.0.1 assumes every path lies in an addon; tests/ does not."""
    manifest = _find_manifest_path(collection_path)
    return manifest if manifest.is_file() else None


pytest_odoo._find_manifest_path = _find_existing_manifest_path
