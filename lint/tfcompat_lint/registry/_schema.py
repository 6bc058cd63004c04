"""The shape of one registry entry: a single API change between TF versions."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .rules import RULES, Rule


class Safety(str, Enum):
    """How an entry's fix may be applied."""

    SAFE = "safe"  # applied by `tfcompat-migrate` by default
    UNSAFE = "unsafe"  # applied only with `--unsafe-fixes`; may change behaviour
    MANUAL = "manual"  # no automatic fix: reported for review


class Kind(str, Enum):
    """What changed about the old symbol."""

    RENAMED = "renamed"  # same behaviour under a new name
    REMOVED = "removed"  # gone; `new` (if any) is a replacement that behaves the same
    ARGUMENTS = "arguments"  # keyword renames and/or a positional reorder
    MEANING = "meaning"  # same spelling, different behaviour
    METHOD = "method"  # a method or attribute on objects of a TF type
    PATTERN = "pattern"  # a code pattern found by a dedicated check


@dataclass(frozen=True)
class Example:
    """A snippet a rule must flag (`after` is its fixed form) or must not flag (`valid`)."""

    before: str
    after: str | None = None
    valid: bool = False


@dataclass(frozen=True)
class Change:
    """One API change.

    Names are qualified, with ``tf.`` standing for the ``tensorflow`` package
    (``tf.contrib.rnn.LSTMCell``, ``tf.python.ops.rnn_cell``); replacements that
    tfcompat provides start with ``tfcompat.``.
    """

    old: str
    code: str
    message: str
    kind: Kind
    new: str | None = None
    safety: Safety = Safety.SAFE
    # Argument mapping.  `positional` names the old positional parameters in
    # their old order; a fix turns positional arguments into these keywords
    # (new names).  `keywords` maps old keyword names to new ones.
    positional: tuple[str, ...] = ()
    # How many leading entries of `positional` keep their place in TF 2: a call
    # with no more positional arguments than this needs no fix (tf.argmax(x, 1)).
    positional_kept: int = 0
    keywords: tuple[tuple[str, str], ...] = ()
    removed_keywords: tuple[str, ...] = ()
    # A named transformer for the few changes a table cannot express
    # (see tfcompat_lint.migrate.special).
    special: str | None = None
    # Needs graph mode (v1 behaviour) on TF 2.x: placeholder, Session, ...
    graph_mode: bool = False
    # Also applies when reached through `tf.compat.v1` (0.x names, Keras 3
    # removals); 1.x->2.x changes do not, since compat.v1 still has them.
    in_compat_v1: bool = False
    since: str = ""  # the TF version that changed it ("1.0", "2.0", "2.16")
    examples: tuple[Example, ...] = field(default=(), compare=False)

    @property
    def rule(self) -> Rule:
        """The rule this entry's code names."""
        return RULES[self.code]

    @property
    def keyword_map(self) -> dict[str, str]:
        return dict(self.keywords)
