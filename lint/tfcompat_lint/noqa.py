"""The suppression comments: `# noqa[: CODES]` on a line, `# tfcompat: noqa[: CODES]` for a whole file.

Kept apart from the engine so a warm (cached) run can check `# noqa` codes without loading the checks."""
from __future__ import annotations

import re

NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
FILE_NOQA = re.compile(r"^#\s*tfcompat:\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?\s*$",
                       re.IGNORECASE | re.MULTILINE)
