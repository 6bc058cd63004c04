"""``Estimator.export_saved_model``: TF 1.15's PREDICT-graph SavedModel export with ``saved_model.Builder``.

The serving graph is built fresh (receiver fn, then ``model_fn`` in PREDICT mode), a checkpoint restored into
it, and the SavedModel written to ``export_dir_base/temp-<timestamp>`` then renamed to
``export_dir_base/<timestamp>`` so that TF Serving never sees half an export.
"""
from __future__ import annotations

import logging
import os
import time
from typing import TYPE_CHECKING, Any, Callable

import tensorflow as tf

from tfcompat.estimator._model_fn import ModeKeys
from tfcompat.estimator.export import ExportOutput, PredictOutput

if TYPE_CHECKING:
    from tfcompat.estimator._estimator import Estimator

_log = logging.getLogger("tfcompat.estimator")
_V1 = tf.compat.v1
_DEFAULT_KEY = _V1.saved_model.DEFAULT_SERVING_SIGNATURE_DEF_KEY
_DIRECTORY_ATTEMPTS = 10


def _timestamp() -> int:
    return int(time.time())


def timestamped_export_dir(export_dir_base: str) -> str:
    """``export_dir_base/<seconds since epoch>``, waiting for the next second while that name exists."""
    for _ in range(_DIRECTORY_ATTEMPTS):
        export_dir = os.path.join(export_dir_base, str(_timestamp()))
        if not tf.io.gfile.exists(export_dir):
            return export_dir
        time.sleep(1)
    raise RuntimeError(f"Failed to obtain a unique export directory name after {_DIRECTORY_ATTEMPTS} attempts.")


def export_outputs_for(spec: Any) -> dict:
    """TF 1.15's serving outputs: the spec's, or a PredictOutput of its predictions, with a default key."""
    outputs = spec.export_outputs
    if outputs is None:
        outputs = {_DEFAULT_KEY: PredictOutput(spec.predictions)}
    if not isinstance(outputs, dict):
        raise TypeError(f"export_outputs must be dict, given: {outputs}")
    if not all(isinstance(value, ExportOutput) for value in outputs.values()):
        raise TypeError(f"Values in export_outputs must be ExportOutput objects. Given: {outputs}")
    outputs = dict(outputs)
    if len(outputs) == 1 and _DEFAULT_KEY not in outputs:
        outputs[_DEFAULT_KEY] = next(iter(outputs.values()))
    if _DEFAULT_KEY not in outputs:
        raise ValueError("Multiple export_outputs were provided, but none of them is specified as the default. "
                         f"Name one of them '{_DEFAULT_KEY}'.")
    return outputs


def signature_defs(receiver: Any, export_outputs: dict) -> dict:
    """One SignatureDef per export output, and per (alternative receiver, output) as ``<receiver>:<output>``.

    Outputs that cannot take these inputs (a classify signature fed raw floats) are left out, as TF 1.15 did.
    """
    groups = [(None, receiver.receiver_tensors), *(receiver.receiver_tensors_alternatives or {}).items()]
    signatures = {}
    for receiver_name, tensors in groups:
        for output_key, output in export_outputs.items():
            name = str(output_key) if receiver_name is None else f"{receiver_name}:{output_key}"
            try:
                signature = output.as_signature_def(tensors)
            except ValueError as error:
                _log.info("Signature %r excluded from the export: %s", name, error)
                continue
            if _V1.saved_model.is_valid_signature(signature):
                signatures[name] = signature
    if _DEFAULT_KEY not in signatures:
        _log.warning("Export includes no default signature!")
    return signatures


def _copy_assets_extra(export_dir: str, assets_extra: dict) -> None:
    for destination, source in assets_extra.items():
        target = os.path.join(export_dir, "assets.extra", destination)
        tf.io.gfile.makedirs(os.path.dirname(target))
        tf.io.gfile.copy(source, target)


def export_saved_model(estimator: "Estimator", export_dir_base: str, serving_input_receiver_fn: Callable,
                       assets_extra: dict | None, as_text: bool, checkpoint_path: str | None,
                       strip_default_attrs: bool, mode: str) -> bytes:
    """Writes the serving SavedModel of ``checkpoint_path`` (default: the latest); returns its directory."""
    if not serving_input_receiver_fn:
        raise ValueError("An input_receiver_fn must be defined.")
    if mode != ModeKeys.PREDICT:
        raise ValueError(f"tfcompat.estimator exports the PREDICT graph only, given experimental_mode={mode!r}; "
                         "export with experimental_mode=ModeKeys.PREDICT.")
    checkpoint_path = checkpoint_path or estimator.latest_checkpoint()
    if not checkpoint_path:
        raise ValueError(f"Couldn't find trained model at {estimator.model_dir}.")
    export_dir_base = os.fsdecode(export_dir_base)
    export_dir = timestamped_export_dir(export_dir_base)
    temp_dir = os.path.join(export_dir_base, "temp-" + os.path.basename(export_dir))
    builder = _V1.saved_model.Builder(temp_dir)
    with estimator._new_graph():  # pylint: disable=protected-access
        receiver = serving_input_receiver_fn()
        spec = estimator._call_model_fn(receiver.features, None, mode)  # pylint: disable=protected-access
        signatures = signature_defs(receiver, export_outputs_for(spec))
        scaffold = spec.scaffold
        local_init_op = scaffold.local_init_op or _V1.train.Scaffold.default_local_init_op()
        saver = scaffold.saver or _V1.train.Saver(sharded=True)
        with _V1.Session(config=estimator._session_config) as session:  # pylint: disable=protected-access
            try:
                saver.restore(session, checkpoint_path)
            except tf.errors.NotFoundError as error:
                raise ValueError("Could not load all requested variables from the checkpoint: make sure the "
                                 f"model_fn creates no variables the checkpoint {checkpoint_path} lacks "
                                 f"({error.message.splitlines()[0]}).") from None
            builder.add_meta_graph_and_variables(
                session, [_V1.saved_model.SERVING], signature_def_map=signatures,
                assets_collection=_V1.get_collection(_V1.GraphKeys.ASSET_FILEPATHS), main_op=local_init_op,
                saver=saver, strip_default_attrs=strip_default_attrs)
    builder.save(as_text)
    if assets_extra:
        _copy_assets_extra(temp_dir, assets_extra)
    tf.io.gfile.rename(temp_dir, export_dir)
    return os.fsencode(export_dir)  # TF 1.15 returned the path as bytes
