"""tfcompat-migrate: apply the linter's fixes so TF 0.x/1.x programs run on TF 2 and compute the same."""
from ._apply import apply_edits, migrate_python
from ._file import FileOutcome, migrate_file

__all__ = ["FileOutcome", "apply_edits", "migrate_file", "migrate_python"]
