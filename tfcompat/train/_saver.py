"""``tf.train.Saver`` whose interrupted saves never leave a partial checkpoint behind the state file.

TensorFlow's ``Saver.save`` writes the data and index, then the ``checkpoint``
state file, then deletes checkpoints over ``max_to_keep``, and only then the
``.meta`` file: a kill in between leaves ``latest_checkpoint`` naming a
checkpoint without its meta graph.  This Saver writes data, index and meta
first and the state file last.  It deletes an old checkpoint index first, so an
interrupted deletion leaves files no one can restore, and on the next save it
removes what earlier killed saves left: temporary files (``*.tempstate*``,
``*.tmp<hex>``, ``*_temp/``) and the data shards (and meta graph) of unlisted
checkpoints that have no index.  Complete checkpoints are never removed there,
listed or not.
"""
from __future__ import annotations

import os
import re
import shutil
from typing import Any

import numpy as np
import tensorflow as tf
from tensorflow.core.protobuf import saver_pb2
from tensorflow.python.checkpoint import checkpoint_management
from tensorflow.python.eager import context

# What TF's writers name their temporaries: the tensor bundle writer's ``<file>.tempstate<n>``,
# ``atomic_write_string_to_file``'s ``<file>.tmp<uuid hex>`` and the sharded save's ``<prefix>_temp`` folder.
_TEMPORARY = re.compile(r"\.tempstate\d*$|\.tmp[0-9a-f]{32}$")
_DATA = re.compile(r"\.data-\d{5}-of-\d{5}$")


class Saver(tf.compat.v1.train.Saver):
    """``tf.compat.v1.train.Saver`` that moves the ``checkpoint`` state file last."""

    def save(self, sess: Any, save_path: str, global_step: Any = None, latest_filename: str | None = None,
             meta_graph_suffix: str = "meta", write_meta_graph: bool = True, write_state: bool = True,
             strip_default_attrs: bool = False, save_debug_info: bool = False) -> str | None:
        """Save as TF 1.x does, in the order data and index, meta graph, state file, old-checkpoint deletion."""
        state_name = latest_filename or "checkpoint"
        directory = os.path.dirname(str(save_path))
        if write_state and os.path.isdir(directory or "."):
            _remove_debris(directory or ".", os.path.basename(str(save_path)), state_name, meta_graph_suffix)
        path = super().save(sess, save_path, global_step, latest_filename, meta_graph_suffix,
                            write_meta_graph=False, write_state=False)
        if write_meta_graph and not context.executing_eagerly():
            meta = checkpoint_management.meta_graph_filename(path or _step_path(self, sess, save_path, global_step),
                                                             meta_graph_suffix)
            with sess.graph.as_default():
                self.export_meta_graph(meta, strip_default_attrs=strip_default_attrs, save_debug_info=save_debug_info)
        if path is not None and write_state:
            self._RecordLastCheckpoint(path)
            checkpoint_management.update_checkpoint_state_internal(
                save_dir=directory, model_checkpoint_path=path, all_model_checkpoint_paths=self.last_checkpoints,
                latest_filename=state_name, save_relative_paths=self._save_relative_paths)
            self._MaybeDeleteOldCheckpoints(meta_graph_suffix=meta_graph_suffix)
        return path

    def _MaybeDeleteOldCheckpoints(self, meta_graph_suffix: str = "meta") -> None:  # noqa: N802 (TF's name)
        """TF's deletion, with the index of a V2 checkpoint going first: what a kill leaves is unrestorable."""
        pending = self._checkpoints_to_be_deleted
        if pending and self.saver_def.version == saver_pb2.SaverDef.V2 and pending[0][1] <= self._next_checkpoint_time:
            index = self._CheckpointFilename(pending[0]) + ".index"
            if os.path.exists(index):
                os.remove(index)
        super()._MaybeDeleteOldCheckpoints(meta_graph_suffix)


def _step_path(saver: Saver, sess: Any, save_path: str, global_step: Any) -> str:
    """The prefix TF names a checkpoint of an empty Saver (which returns None) by, for its meta graph."""
    if global_step is None:
        return save_path
    if not isinstance(global_step, (int, np.integer)):
        global_step = tf.compat.v1.train.global_step(sess, global_step)
    return f"{save_path}-{global_step:08d}" if saver._pad_step_number else f"{save_path}-{global_step}"


def _remove_debris(directory: str, base: str, state_name: str, meta_suffix: str) -> None:
    """Remove killed saves' temporaries and unlisted index-less V2 files of checkpoints named ``base[-N]``."""
    own = re.compile(re.escape(base) + r"(?:-\d+)?")
    names = os.listdir(directory)
    for name in names:
        path = os.path.join(directory, name)
        if name.startswith((base, state_name)) and _TEMPORARY.search(name) and os.path.isfile(path):
            os.remove(path)
        elif own.fullmatch(name.removesuffix("_temp")) and name.endswith("_temp") and os.path.isdir(path):
            shutil.rmtree(path, ignore_errors=True)
    try:
        state = checkpoint_management.get_checkpoint_state(directory, state_name)
    except ValueError:  # a state file naming no checkpoint: which files are listed is unknown
        return
    listed = {os.path.basename(p) for p in state.all_model_checkpoint_paths} if state else set()
    present = set(names)
    for name in names:
        prefix = _DATA.split(name)[0]
        if (_DATA.search(name) and own.fullmatch(prefix) and prefix not in listed
                and f"{prefix}.index" not in present):
            os.remove(os.path.join(directory, name))
            meta = os.path.join(directory, f"{prefix}.{meta_suffix}")
            if os.path.exists(meta):
                os.remove(meta)
