"""tfcompat-migrate: apply the linter's fixes so TF 0.x/1.x programs run on TF 2 and compute the same."""
from ._apply import migrate_python
from ._edits import apply_edits
from ._file import FileOutcome, migrate_file

__all__ = ["FileOutcome", "apply_edits", "migrate_file", "migrate_python"]
