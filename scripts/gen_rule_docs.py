"""Regenerate docs/rules.md and the README's rule table from the registry (no TensorFlow needed).

    python scripts/gen_rule_docs.py          # write
    python scripts/gen_rule_docs.py --check  # exit 1 if either is out of date
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "lint"))

from tfcompat_lint.docs import all_rules_markdown, rule_table  # noqa: E402

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def rendered() -> dict[Path, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    return {
        ROOT / "docs" / "rules.md": all_rules_markdown() + "\n",
        ROOT / "README.md": f"{head}{START}\n{rule_table()}\n{END}{tail}",
    }


def main() -> int:
    stale = [path for path, text in rendered().items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if "--check" in sys.argv:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run python scripts/gen_rule_docs.py")
        return 1 if stale else 0
    for path, text in rendered().items():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
