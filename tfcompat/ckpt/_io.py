"""Read V1/V2 checkpoints, write renamed V2 checkpoints, restore old checkpoints into today's variables."""
from __future__ import annotations

import glob
import os
import shutil
from typing import Any, Mapping, NamedTuple

import numpy as np
import tensorflow as tf
from tensorflow.python.util import deprecation

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
    """Write the checkpoint at ``old_path`` to ``new_prefix`` (V2) under today's names; return the map.

    Every tensor is read before anything is written, and a failed write removes what
    it made, so a damaged input or a full disk leaves no partial output behind.
    """
    mapping = checkpoint_name_map(old_path, custom)
    if dry_run:
        return mapping
    reader = tf.train.load_checkpoint(old_path)
    dtypes = reader.get_variable_to_dtype_map()
    names = sorted(mapping)
    values = [_read_tensor(reader, old_path, name) for name in names]
    directory = os.path.dirname(os.path.abspath(new_prefix))
    created = _first_missing(directory)
    os.makedirs(directory, exist_ok=True)
    try:
        with tf.Graph().as_default() as graph:
            feeds = [v1.placeholder(dtypes[n], name=f"value_{i}") for i, n in enumerate(names)]
            save = tf.raw_ops.SaveV2(prefix=new_prefix, tensor_names=[mapping[n] for n in names],
                                     shape_and_slices=[""] * len(names), tensors=feeds)
            with v1.Session(graph=graph) as sess:
                sess.run(save, dict(zip(feeds, values)))
        if not os.path.exists(os.path.join(directory, "checkpoint")):
            with deprecation.silence():  # tfcompat's own call: TF's "use CheckpointManager" log is not the user's
                v1.train.update_checkpoint_state(directory, os.path.abspath(new_prefix))
    except BaseException:
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
        else:
            for path in glob.glob(glob.escape(new_prefix) + ".*"):
                os.remove(path)
        raise
    return mapping


def _read_tensor(reader: Any, path: str, name: str) -> np.ndarray:
    """``name``'s value; a truncated or damaged data file becomes a one-line ``ValueError``."""
    try:
        return np.asarray(reader.get_tensor(name))
    except (IndexError, ValueError, tf.errors.OpError) as error:
        files = sorted(glob.glob(glob.escape(path) + ".data-*")) or [path]
        detail = (getattr(error, "message", None) or str(error)).strip().splitlines()[0]
        raise ValueError(
            f"{', '.join(files)}: cannot read variable {name!r} ({detail}): the data file is truncated or "
            "damaged; copy the checkpoint again from where it was saved"
        ) from None


def _first_missing(directory: str) -> str | None:
    """The outermost missing directory on the way to ``directory`` (what ``makedirs`` would create)."""
    missing = None
    while not os.path.isdir(directory):
        missing, parent = directory, os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return missing


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
