"""Read V1/V2 checkpoints, write renamed V2 checkpoints, restore old checkpoints into today's variables."""
from __future__ import annotations

import os
from typing import Any, Mapping, NamedTuple

import numpy as np
import tensorflow as tf

from ._names import build_name_map

v1 = tf.compat.v1


class Entry(NamedTuple):
    name: str
    shape: list
    dtype: str


def list_checkpoint(path: str) -> list[Entry]:
    """Names, shapes and dtypes in a checkpoint (V2 prefix or V1 single file), sorted by name."""
    reader = tf.train.load_checkpoint(path)
    shapes = reader.get_variable_to_shape_map()
    dtypes = reader.get_variable_to_dtype_map()
    return [Entry(name, list(shapes[name]), dtypes[name].name) for name in sorted(shapes)]


def checkpoint_name_map(path: str, custom: Mapping[str, str] | None = None) -> dict[str, str]:
    """``{old name: today's name}`` for every entry of the checkpoint at ``path``."""
    return build_name_map([entry.name for entry in list_checkpoint(path)], custom)


def convert_checkpoint(old_path: str, new_prefix: str, custom: Mapping[str, str] | None = None,
                       dry_run: bool = False) -> dict[str, str]:
    """Write the checkpoint at ``old_path`` to ``new_prefix`` (V2) under today's names; return the map."""
    mapping = checkpoint_name_map(old_path, custom)
    if dry_run:
        return mapping
    reader = tf.train.load_checkpoint(old_path)
    directory = os.path.dirname(os.path.abspath(new_prefix))
    os.makedirs(directory, exist_ok=True)
    with tf.Graph().as_default() as graph:
        names = sorted(mapping)
        feeds = {v1.placeholder(reader.get_variable_to_dtype_map()[n], name=f"value_{i}"): reader.get_tensor(n)
                 for i, n in enumerate(names)}
        save = tf.raw_ops.SaveV2(prefix=new_prefix, tensor_names=[mapping[n] for n in names],
                                 shape_and_slices=[""] * len(names), tensors=list(feeds))
        with v1.Session(graph=graph) as sess:
            sess.run(save, {k: np.asarray(v) for k, v in feeds.items()})
    if not os.path.exists(os.path.join(directory, "checkpoint")):
        v1.train.update_checkpoint_state(directory, os.path.abspath(new_prefix))
    return mapping


def saver_for_checkpoint(path: str, var_list: Any = None, custom: Mapping[str, str] | None = None,
                         **saver_kwargs: Any) -> v1.train.Saver:
    """A ``Saver`` that restores today's variables from a checkpoint with old names."""
    variables = var_list if var_list is not None else v1.global_variables()
    by_new_name = {new: old for old, new in checkpoint_name_map(path, custom).items()}
    pairs = {}
    missing = []
    for var in variables:
        op_name = var.op.name
        if op_name in by_new_name:
            pairs[by_new_name[op_name]] = var
        else:
            missing.append(op_name)
    if missing:
        raise ValueError(f"Not found in checkpoint {path} (after renaming): {', '.join(missing)}")
    return v1.train.Saver(pairs, **saver_kwargs)


def restore(sess: Any, path: str, var_list: Any = None, custom: Mapping[str, str] | None = None) -> None:
    """``saver.restore(sess, path)`` for an old-named checkpoint, renaming as ``tfcompat-ckpt convert`` does."""
    saver_for_checkpoint(path, var_list, custom).restore(sess, path)
