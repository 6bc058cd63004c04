"""contrib.framework checkpoint helpers: read a checkpoint and restore variables from it (TF 1.15 semantics)."""
from __future__ import annotations

import logging
from typing import Any, Callable

import tensorflow as tf

v1 = tf.compat.v1
_log = logging.getLogger(__name__)


def _checkpoint_path(ckpt_dir_or_file: str) -> str:
    """A checkpoint directory means its latest checkpoint, as 1.15's ``checkpoint_utils`` resolved it."""
    if tf.io.gfile.isdir(ckpt_dir_or_file):
        latest = tf.train.latest_checkpoint(ckpt_dir_or_file)
        if latest is None:
            raise ValueError(f"Couldn't find 'checkpoint' file or checkpoints in given directory {ckpt_dir_or_file}")
        return latest
    return ckpt_dir_or_file


def load_checkpoint(filepattern: str) -> Any:
    """A ``CheckpointReader`` for a checkpoint file or the latest one of a directory (``tf.train.load_checkpoint``)."""
    return tf.train.load_checkpoint(filepattern)


def load_variable(checkpoint_dir: str, name: str) -> Any:
    """The numpy value of variable ``name`` in the checkpoint; a trailing ``:0`` is dropped as 1.15 did."""
    if name.endswith(":0"):
        name = name[:-2]
    return load_checkpoint(checkpoint_dir).get_tensor(name)


def list_variables(checkpoint_dir: str) -> list[tuple[str, list[int]]]:
    """Sorted ``(name, shape)`` pairs of the variables in the checkpoint."""
    shapes = load_checkpoint(checkpoint_dir).get_variable_to_shape_map()
    return [(name, shapes[name]) for name in sorted(shapes)]


def init_from_checkpoint(checkpoint_dir: str, assignment_map: dict) -> None:
    """``tf.compat.v1.train.init_from_checkpoint``: the same function 1.15's contrib version became."""
    v1.train.init_from_checkpoint(checkpoint_dir, assignment_map)


def _checkpoint_name(var: Any) -> str:
    """The name ``var`` is saved under: its partitioned variable's full name for a slice, else its op name."""
    info = getattr(var, "_save_slice_info", None)
    return info.full_name if info else var.op.name


def _group_by_checkpoint_name(var_list: Any) -> dict[str, list]:
    if isinstance(var_list, dict):
        return {name: list(v) if isinstance(v, (list, tuple)) else [v] for name, v in var_list.items()}
    grouped: dict[str, list] = {}
    for var in var_list:
        grouped.setdefault(_checkpoint_name(var), []).append(var)
    return grouped


def _value_for(var: Any, name: str, value: Any) -> Any:
    info = getattr(var, "_save_slice_info", None)
    if info:
        index = tuple(slice(start, start + size) for start, size in zip(info.var_offset, info.var_shape))
        return value[index].reshape(info.var_shape)
    if var.get_shape() != value.shape:
        raise ValueError(f"Total size of new array must be unchanged for {name} lh_shape: [{value.shape}], "
                         f"rh_shape: [{var.get_shape()}]")
    return value


def assign_from_checkpoint(model_path: str, var_list: Any, ignore_missing_vars: bool = False) -> tuple[Any, dict]:
    """``(assign_op, feed_dict)`` that loads ``var_list`` (a list, or a dict of checkpoint name to variable(s)).

    Each variable is assigned from a placeholder fed with the checkpoint value, as in 1.15; a name missing from the
    checkpoint raises ``ValueError`` unless ``ignore_missing_vars``, which logs a warning and skips it.
    """
    reader = load_checkpoint(model_path)
    feed_dict: dict = {}
    assign_ops = []
    for name, variables in _group_by_checkpoint_name(var_list).items():
        if not reader.has_tensor(name):
            if not ignore_missing_vars:
                raise ValueError(f"Checkpoint is missing variable [{name}]")
            _log.warning("Checkpoint is missing variable [%s]", name)
            continue
        value = reader.get_tensor(name)
        for var in variables:
            placeholder = v1.placeholder(var.dtype.base_dtype, var.get_shape(), name="placeholder/" + var.op.name)
            assign_ops.append(v1.assign(var, placeholder))
            feed_dict[placeholder] = _value_for(var, name, value)
    return tf.group(*assign_ops), feed_dict


def assign_from_checkpoint_fn(model_path: str, var_list: Any, ignore_missing_vars: bool = False,
                              reshape_variables: bool = False) -> Callable[[Any], None] | None:
    """A ``callback(session)`` restoring ``var_list`` with a ``Saver``; ``None`` when nothing is left to restore.

    With ``ignore_missing_vars`` the names the checkpoint lacks are dropped (with a warning) before the ``Saver`` is
    built; without it a missing name fails when the callback runs, as in 1.15.
    """
    if not var_list:
        raise ValueError("var_list cannot be empty")
    if ignore_missing_vars:
        reader = load_checkpoint(model_path)
        by_name = var_list if isinstance(var_list, dict) else {var.op.name: var for var in var_list}
        var_list = {name: var for name, var in by_name.items() if reader.has_tensor(name)}
        for name in by_name.keys() - var_list.keys():
            _log.warning("Variable %s missing in checkpoint %s", name, model_path)
    if not var_list:
        _log.warning("No Variables to restore")
        return None
    saver = v1.train.Saver(var_list, reshape=reshape_variables)

    def callback(session: Any) -> None:
        saver.restore(session, _checkpoint_path(model_path))

    return callback
