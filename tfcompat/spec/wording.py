"""The words of tfcompat's runtime warnings, from the same rows the linter reports."""
from __future__ import annotations

from .renames import new_names


def warning_text(old: str, new: str, code: str) -> str:
    """The warning for running ``old`` as ``new`` (rule ``code``); a spec row's spelling wins over ``new``."""
    new = new_names().get(old, new)
    # TFC2xx/TFC3xx: the name still exists, its arguments or meaning changed.
    seen = "was called with its 0.x arguments" if code[:4] in ("TFC2", "TFC3") else "was removed from TensorFlow"
    return f"{old} {seen}; tfcompat runs it as {new}. Write {new} instead [{code}]"


def missing_text(old: str) -> str:
    """The AttributeError for a name neither TF 2.21's ``tf.compat.v1`` nor tfcompat serves (``tf.``-spelled)."""
    return (f"{old} is not served: TensorFlow 2.21 has no tf.compat.v1{old[len('tf'):]} and tfcompat does not add "
            f"it. Run tfcompat-lint on the code: it reports why and what to write instead")


def left_out_text(module: str, name: str) -> str:
    """The AttributeError for a name a tfcompat module (``tfcompat.contrib.learn``) does not serve."""
    return (f"{module} has no {name!r}: tfcompat leaves it out (tfcompat/contrib/UNSUPPORTED.md lists what is left "
            f"out and what to use). Run tfcompat-lint on the code: it reports why and what to write instead")
