"""Write lint/tfcompat_lint/registry/tf2_generated.py from the installed TF's tf_upgrade_v2 tables.

Usage: python3 scripts/gen_tf2_tables.py [--output PATH]

Every rename target and keyword is checked against the installed TensorFlow
(2.21): a target that is missing or fails to load (Keras 3) is never emitted
as a safe fix.  Curated entries (registry/v0_to_v1.py) take precedence; the
reorders they cover are not generated.  Not imported: TF's AST transformers
(softmax cross-entropy's stop_gradient and labels/logits swap among them),
`*.method` patterns, and aliases such as `contrib_summary.*`.
"""
from __future__ import annotations

import argparse
import inspect
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lint"))

from tfcompat_lint import api_snapshot  # noqa: E402  (pure Python, no TF)
from tfcompat_lint.registry import v0_to_v1  # noqa: E402

DEFAULT_OUTPUT = ROOT / "lint/tfcompat_lint/registry/tf2_generated.py"
# Leaf names of TF 1.x symbols that only work in graph mode (v1 behaviour).
GRAPH_MODE_LEAVES = {
    "Session", "InteractiveSession", "placeholder", "sparse_placeholder", "placeholder_with_default",
    "Saver", "import_meta_graph", "export_meta_graph", "get_variable", "variable_scope",
    "get_variable_scope", "get_local_variable", "global_variables_initializer", "local_variables_initializer",
    "variables_initializer", "initialize_all_variables", "initialize_local_variables", "initialize_variables",
    "tables_initializer", "add_to_collection", "add_to_collections", "get_collection", "get_collection_ref",
    "GraphKeys", "global_variables", "local_variables", "trainable_variables", "model_variables",
    "moving_average_variables", "all_variables", "reset_default_graph", "start_queue_runners",
    "MonitoredTrainingSession", "MonitoredSession", "SingularMonitoredSession", "FileWriter", "merge_all",
}
# Targets that load but raise when used on Keras 3.
BROKEN_PREFIXES = ("tf.keras.optimizers.legacy.", "tf.compat.v1.keras.optimizers.legacy.")
# Same-spelling TF 2 functions whose TF 1.x behaviour TF's converter rewrote
# with an AST transformer; we only report them.
TRANSFORMER_NOTES = {
    "tf.nn.dropout": "TF 2 takes `rate` (drop probability), not `keep_prob`: pass rate=1 - keep_prob.",
    "tf.name_scope": "TF 2's name_scope takes only a name; the 1.x (name, default_name, values) form is tf.compat.v1.name_scope.",
    "tf.device": "TF 2's tf.device takes only a device string; a device function needs tf.compat.v1.device.",
    "tf.while_loop": "TF 2 returns loop_vars in their own structure: a one-element list is no longer unwrapped.",
    "tf.strings.split": "TF 2's strings.split returns a RaggedTensor, not a SparseTensor; the 1.x form is tf.compat.v1.strings.split.",
    "tf.nn.ctc_beam_search_decoder": "TF 2 dropped merge_repeated (TF 1.x default True); results can differ.",
}
TRANSFORMER_NEW = {
    "tf.name_scope": "tf.compat.v1.name_scope",
    "tf.device": "tf.compat.v1.device",
    "tf.strings.split": "tf.compat.v1.strings.split",
}


class Live:
    """Look names up in the installed TensorFlow."""

    def __init__(self) -> None:
        import tensorflow as tf

        self.tf = tf
        self.version = tf.__version__

    def resolve(self, name: str) -> tuple[str, object]:
        """('ok', obj), ('missing', None) or ('broken', None) for a tf.* name.

        Broken: public in the API snapshot (run gen_api_snapshot.py first) but
        failing to load, as Keras 3 does for tf.compat.v1.layers.
        """
        if name.startswith(BROKEN_PREFIXES):
            return "broken", None
        obj: object = self.tf
        for part in name.split(".")[1:]:
            try:
                obj = getattr(obj, part)
            except Exception:
                return ("broken" if api_snapshot.exists(name) else "missing"), None
        return "ok", obj

    def params(self, name: str) -> tuple[list[str], bool] | None:
        """(parameter names, accepts **kwargs) of a callable, or None."""
        status, obj = self.resolve(name)
        if status != "ok" or not callable(obj):
            return None
        try:
            signature = inspect.signature(obj)
        except (TypeError, ValueError):
            return None
        kinds = [p.kind for p in signature.parameters.values()]
        names = [p.name for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD and p.kind is not p.VAR_POSITIONAL]
        return names, inspect.Parameter.VAR_KEYWORD in kinds


def one_line(text: str, old: str) -> str:
    """TF's warning text as one short line."""
    text = text.replace("<function name>", old).replace("`", "")
    text = re.sub(r"^\((Manual edit|Manual check|This warning)[^)]*\)\s*", "", text.strip())
    text = re.split(r"(?<=[.!])\s|\n", text, maxsplit=1)[0].strip()
    return text if len(text) <= 160 else text[:157].rstrip() + "..."


def v2_name(name: str) -> str:
    return "tf." + name[len("tf.compat.v2."):] if name.startswith("tf.compat.v2.") else name


class Tables:
    """The generated tables, keyed by (old, code) so a later rule can merge or skip."""

    def __init__(self, live: Live, spec: object) -> None:
        self.live = live
        self.spec = spec
        self.renames = {k: v2_name(v) for k, v in spec.symbol_renames.items() if k.startswith("tf.")}
        self.curated = {(c.old, c.code) for c in v0_to_v1.CHANGES}
        self.rows: dict[tuple[str, str], tuple] = {}
        self.dropped: dict[str, list[str]] = {}

    def drop(self, why: str, name: str) -> None:
        self.dropped.setdefault(why, []).append(name)

    def same_object(self, a: str, b: str) -> bool:
        (sa, oa), (sb, ob) = self.live.resolve(a), self.live.resolve(b)
        return sa == sb == "ok" and oa is ob

    # -- symbol renames -------------------------------------------------
    def add_renames(self) -> None:
        warnings = self.spec.function_warnings
        for old, new in sorted(self.renames.items()):
            status, _ = self.live.resolve(new)
            old_status, _ = self.live.resolve(old)
            if old.startswith("tf.contrib."):
                if status == "ok" and old not in warnings:
                    self.rows[old, "TFC105"] = ("SAFE", new, "")
                else:
                    why = "" if status == "ok" else f"TF's suggested {new} is {status} in TF {self.live.version}."
                    self.rows[old, "TFC105"] = ("MANUAL", new if status == "ok" else None, why)
            elif status == "broken" and old_status == "ok":
                # TF's target is the legacy Keras 2 one (`tf.keras.optimizers.legacy.*`), but the old name itself
                # works on Keras 3 with the same meaning: nothing to report.
                self.drop("old name still works on Keras 3 (TF's target is the legacy one)", old)
            elif status == "broken":
                self.rows[old, "TFC104"] = (new,)
            elif status == "missing":
                self.rows[old, "TFC108"] = (f"TF's suggested {new} is not in TF {self.live.version} either.",)
            elif old_status == "ok":
                if self.same_object(old, new):
                    self.drop("rename target is the same object in TF 2.21", old)
                elif not new.startswith("tf.compat.v1.") or "initializer" in old:
                    self.drop("old name still works in TF 2.21 (native target or initializer)", old)
                else:
                    reason = one_line(warnings[old][1], old) if old in warnings else f"`{old}` behaves differently in TF 2."
                    message = f"{reason} The TF 1.x form is `{new}`."
                    self.rows[old, "TFC304"] = ("UNSAFE", new, message)
            elif new.startswith("tf.compat.v1."):
                graph = new.rsplit(".", 1)[1] in GRAPH_MODE_LEAVES or ".GraphKeys." in new
                self.rows[old, "TFC103"] = (new, graph)
            else:
                self.rows[old, "TFC102"] = (new,)

    # -- keywords -------------------------------------------------------
    def add_keywords(self) -> None:
        arg_warnings = self.spec.function_arg_warnings
        for old, mapping in sorted(self.spec.function_keyword_renames.items()):
            if not old.startswith("tf.") or old.startswith("tf.contrib."):
                self.drop("keyword renames on methods, aliases or tf.contrib", old)
                continue
            target = self.renames.get(old, old)
            signature = self.live.params(target)
            accepted, any_kw = signature if signature else ([], True)
            renamed, removed = [], []
            for kw, new_kw in sorted(mapping.items()):
                if kw in accepted:
                    continue  # still accepted where the fix sends the call
                if new_kw and (any_kw or new_kw in accepted):
                    renamed.append((kw, new_kw))
                elif not any_kw or new_kw is None:
                    removed.append(kw)
            if renamed:
                self.rows[old, "TFC203"] = (tuple(renamed),)
            if removed:
                notes = {k[0]: v[1] for k, v in arg_warnings.get(old, {}).items()}
                note = next((one_line(notes[k], old) for k in removed if k in notes), "")
                self.rows[old, "TFC206"] = (tuple(removed), note)

    # -- reorders -------------------------------------------------------
    def add_reorders(self) -> None:
        for old, order in sorted(self.spec.function_reorders.items()):
            if not old.startswith("tf.") or old.startswith("tf.contrib."):
                self.drop("reorders on tf.contrib", old)
                continue
            if (old, "TFC201") in self.curated or (old, "TFC202") in self.curated:
                self.drop("reorder covered by a curated 0.x entry", old)
                continue
            v1 = self.live.params("tf.compat.v1." + old[3:])
            v1_names = v1[0] if v1 else []
            keyword_map = {k: v for k, v in self.spec.function_keyword_renames.get(old, {}).items() if v}
            positional: list[str] = []
            for index, name in enumerate(order):
                name = name or (v1_names[index] if index < len(v1_names) else None)
                if name is None:
                    break
                name = keyword_map.get(name, name)
                if name in positional:
                    break
                positional.append(name)
            if not positional or positional[0] in ("_sentinel", "keyword_required"):
                self.drop("reorder of a keyword-only TF 1.x function", old)
                continue
            target = self.live.params(self.renames.get(old, old))
            new_names = target[0] if target else []
            kept = 0
            while kept < min(len(positional), len(new_names)) and positional[kept] == new_names[kept]:
                kept += 1
            if target and kept >= len(positional):
                self.drop("reorder that TF 2.21's signature does not need", old)
                continue
            self.rows[old, "TFC204"] = (tuple(positional), kept)

    # -- warnings and removed modules ------------------------------------
    def add_warnings(self) -> None:
        for old, (level, text) in sorted(self.spec.function_warnings.items()):
            if not old.startswith("tf."):
                self.drop("warnings on methods or aliases", old)
                continue
            message = one_line(text, old)
            new = self.renames.get(old)
            if old.startswith("tf.contrib."):
                kept = self.rows.get((old, "TFC105"), ("MANUAL", None, ""))
                self.rows[old, "TFC105"] = ("MANUAL", kept[1], message)
            elif new and new.startswith("tf.compat.v1."):
                self.drop("warning answered by the compat.v1 rename", old)
            elif self.live.resolve(old)[0] != "ok":
                self.rows[old, "TFC108"] = (message,)
            elif (old, "TFC304") not in self.rows:
                self.rows[old, "TFC304"] = ("MANUAL", None, message)
        for module, (_, text) in sorted(self.spec.module_deprecations.items()):
            if module.startswith("tf.contrib"):
                self.rows[module, "TFC105"] = ("MANUAL", None, one_line(text, module))
            elif module in self.renames:
                continue
            elif self.live.resolve("tf.compat.v1." + module[3:])[0] == "ok":
                self.rows[module, "TFC103"] = ("tf.compat.v1." + module[3:], False)
            else:
                self.rows[module, "TFC108"] = (one_line(text, module),)
        for old, message in TRANSFORMER_NOTES.items():
            self.rows[old, "TFC304"] = ("MANUAL", TRANSFORMER_NEW.get(old), message)
        # tfcompat-migrate promises TF 1.x numbers: the compat.v1 form *is* the TF 1.x behaviour, so moving
        # a changed-meaning call there is the safe fix (idiomatic TF 2 is a later, deliberate step).
        for (old, code), row in list(self.rows.items()):
            compat = "tf.compat.v1." + old[3:]
            if code == "TFC304" and self.live.resolve(compat)[0] == "ok":
                message = row[2] if row[2].rstrip().endswith(f"`{compat}`.") else f"{row[2]} Use `{compat}`."
                self.rows[old, code] = ("SAFE", compat, message)


def render(tables: Tables) -> str:
    """The generated module's source."""
    by_code: dict[str, list[tuple]] = {}
    for (old, code), row in sorted(tables.rows.items()):
        by_code.setdefault(code, []).append((old, *row))

    def table(name: str, code: str, comment: str) -> str:
        rows = "".join(f"    {row!r},\n" for row in by_code.get(code, []))
        return f"# {comment}\n{name} = (\n{rows})\n"

    return HEADER.format(version=tables.live.version) + "\n".join([
        table("RENAMED_V2", "TFC102", "(old, new): TF2-native spelling"),
        table("COMPAT_V1", "TFC103", "(old, new, graph_mode): only in tf.compat.v1"),
        table("KERAS3", "TFC104", "(old, compat target that fails on Keras 3)"),
        table("CONTRIB", "TFC105", "(old, safety, new or None, note)"),
        table("REMOVED", "TFC108", "(old, note)"),
        table("KEYWORDS", "TFC203", "(old, ((old keyword, new keyword), ...))"),
        table("REORDERED", "TFC204", "(old, old positional order in new keyword names, leading positions kept)"),
        table("REMOVED_KEYWORDS", "TFC206", "(old, (keyword, ...), note)"),
        table("SEMANTICS", "TFC304", "(old, safety, new or None, message)"),
    ]) + FOOTER


HEADER = '''"""TF 1.x -> 2.x change tables from TensorFlow {version}'s tf_upgrade_v2 tables: data only.

GENERATED by scripts/gen_tf2_tables.py -- do not edit.  registry/tf2.py builds the entries from these
tables; curated entries (v0_to_v1.py) shadow them by (old, code).  Never imports TensorFlow.
"""
from __future__ import annotations

# fmt: off
'''

FOOTER = "# fmt: on\n"


def build() -> Tables:
    from tensorflow.tools.compatibility import tf_upgrade_v2

    tables = Tables(Live(), tf_upgrade_v2.TFAPIChangeSpec())
    tables.add_renames()
    tables.add_keywords()
    tables.add_reorders()
    tables.add_warnings()
    return tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--report", action="store_true", help="list what was dropped and why")
    args = parser.parse_args(argv)
    tables = build()
    args.output.write_text(render(tables))
    print(f"wrote {args.output}: {len(tables.rows)} entries", file=sys.stderr)
    for why, names in sorted(tables.dropped.items()):
        print(f"dropped {len(names):4d}: {why}", file=sys.stderr)
        if args.report:
            print("    " + " ".join(sorted(names)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
