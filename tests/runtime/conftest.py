"""Fixtures for the runtime tests (helpers live in ``runtime_helpers``)."""
from runtime_helpers import v1  # noqa: F401  (the fixture)
