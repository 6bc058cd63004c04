"""The TF 1.x -> 2.x entries, built from the generated tables in tf2_generated.py (one builder per table)."""
from __future__ import annotations

from functools import lru_cache

from . import tf2_generated as tables
from ._schema import Change, Kind, Safety

SINCE = "2.0"


@lru_cache(maxsize=1)
def changes() -> tuple[Change, ...]:
    """Every generated entry."""
    out: list[Change] = []
    for old, new in tables.RENAMED_V2:
        out.append(Change(old, "TFC102", f"`{old}` was renamed in TF 2; use `{new}`.", Kind.RENAMED, new, since=SINCE))
    for old, new, graph in tables.COMPAT_V1:
        where = " (graph mode)" if graph else ""
        out.append(Change(old, "TFC103", f"`{old}` is only in tf.compat.v1 on TF 2; use `{new}`{where}.",
                          Kind.RENAMED, new, graph_mode=graph, since=SINCE))
    for old, target in tables.KERAS3:
        out.append(Change(old, "TFC104", f"`{old}` moved to `{target}`, which raises 'not available with Keras 3' on "
                          "TF 2.16+.", Kind.REMOVED, safety=Safety.MANUAL, since="2.16"))
    for old, safety, new, note in tables.CONTRIB:
        text = f"tf.contrib is gone in TF 2; use `{new}`." if new else "tf.contrib is gone in TF 2."
        out.append(Change(old, "TFC105", f"{text} {note}".strip(), Kind.REMOVED, new, Safety(safety.lower()),
                          since=SINCE))
    for old, note in tables.REMOVED:
        out.append(Change(old, "TFC108", f"`{old}` was removed in TF 2 with no replacement. {note}".strip(),
                          Kind.REMOVED, safety=Safety.MANUAL, since=SINCE))
    for old, keywords in tables.KEYWORDS:
        names = ", ".join(f"{a}->{b}" for a, b in keywords)
        out.append(Change(old, "TFC203", f"`{old}` keywords were renamed in TF 2: {names}.",
                          Kind.ARGUMENTS, keywords=keywords, since=SINCE))
    for old, positional, kept in tables.REORDERED:
        out.append(Change(old, "TFC204", f"`{old}`'s positional parameters were reordered in TF 2: pass keywords.",
                          Kind.ARGUMENTS, positional=positional, positional_kept=kept, since=SINCE))
    for old, keywords, note in tables.REMOVED_KEYWORDS:
        text = f"`{old}` no longer accepts {', '.join(keywords)} in TF 2."
        out.append(Change(old, "TFC206", f"{text} {note}".strip(), Kind.ARGUMENTS, removed_keywords=keywords,
                          safety=Safety.UNSAFE, since=SINCE))
    for old, safety, new, message in tables.SEMANTICS:
        out.append(Change(old, "TFC304", message, Kind.MEANING, new, Safety(safety.lower()), since=SINCE))
    return tuple(out)
