"""``SavedModelPredictor``: TF 1.15's ``tf.contrib.predictor`` callable over a loaded SavedModel's signature."""
from __future__ import annotations

import shutil
import tempfile
from typing import Any, Callable

import tensorflow as tf

_V1 = tf.compat.v1
_DEFAULT_KEY = _V1.saved_model.DEFAULT_SERVING_SIGNATURE_DEF_KEY


class SavedModelPredictor:
    """Loads ``export_dir`` into a graph and session once; each call runs the signature's outputs.

    ``predictor({input key: value})`` feeds the signature's inputs (keys it lacks are left unfed) and returns
    ``{output key: numpy value}``.  ``input_names`` / ``output_names`` (key to tensor name) replace the
    signature's mapping when given.
    """

    def __init__(self, export_dir: str, signature_def_key: str | None = None, signature_def: Any = None,
                 input_names: dict | None = None, output_names: dict | None = None, tags: Any = None,
                 graph: tf.Graph | None = None, config: Any = None) -> None:
        if signature_def_key is not None and signature_def is not None:
            raise ValueError("Cannot provide both signature_def_key and signature_def.")
        if (input_names is None) != (output_names is None):
            raise ValueError("input_names and output_names must both be specified or both be unspecified.")
        tags = [_V1.saved_model.tag_constants.SERVING] if tags is None else tags
        tags = tags.split(",") if isinstance(tags, str) else list(tags)
        self._graph = graph or tf.Graph()
        with self._graph.as_default():
            self._session = _V1.Session(config=config)
            meta_graph = _V1.saved_model.loader.load(self._session, tags, export_dir)
            if input_names is None:
                if signature_def is None:
                    key = signature_def_key or _DEFAULT_KEY
                    if key not in meta_graph.signature_def:
                        raise ValueError(f"Could not find signature def {key!r} in the SavedModel at {export_dir} "
                                         f"(it has {sorted(meta_graph.signature_def)}).")
                    signature_def = meta_graph.signature_def[key]
                input_names = {k: v.name for k, v in signature_def.inputs.items()}
                output_names = {k: v.name for k, v in signature_def.outputs.items()}
            self._feed_tensors = {k: self._graph.get_tensor_by_name(v) for k, v in input_names.items()}
            self._fetch_tensors = {k: self._graph.get_tensor_by_name(v) for k, v in output_names.items()}

    session = property(lambda self: self._session)
    graph = property(lambda self: self._graph)
    feed_tensors = property(lambda self: self._feed_tensors)
    fetch_tensors = property(lambda self: self._fetch_tensors)

    def __call__(self, input_dict: dict) -> dict:
        unexpected = set(input_dict) - set(self._feed_tensors)
        if unexpected:
            raise ValueError(f"Got unexpected keys in input_dict: {unexpected}\nexpected: {set(self._feed_tensors)}")
        feed_dict = {tensor: input_dict[key] for key, tensor in self._feed_tensors.items()
                     if input_dict.get(key) is not None}
        return self._session.run(fetches=self._fetch_tensors, feed_dict=feed_dict)

    def __repr__(self) -> str:
        return (f"{type(self).__name__} with feed tensors {self._feed_tensors} and fetch_tensors "
                f"{self._fetch_tensors}")


def from_saved_model(export_dir: str, signature_def_key: str | None = None, signature_def: Any = None,
                     input_names: dict | None = None, output_names: dict | None = None, tags: Any = None,
                     graph: tf.Graph | None = None, config: Any = None) -> SavedModelPredictor:
    """A predictor for the SavedModel in ``export_dir`` (tags default ``serve``, signature ``serving_default``)."""
    return SavedModelPredictor(export_dir, signature_def_key, signature_def, input_names, output_names, tags,
                               graph, config)


def from_estimator(estimator: Any, serving_input_receiver_fn: Callable, output_key: str | None = None,
                   graph: tf.Graph | None = None, config: Any = None) -> SavedModelPredictor:
    """A predictor for ``estimator``'s latest checkpoint: fed the receiver tensors, fetching the export output
    ``output_key`` (default ``serving_default``).  The serving graph is exported to a temporary directory and
    loaded from there, which gives the same graph TF 1.15 built in memory."""
    export_base = tempfile.mkdtemp(prefix="tfcompat_predictor_")
    try:
        export_dir = estimator.export_saved_model(export_base, serving_input_receiver_fn)
        return SavedModelPredictor(export_dir.decode(), signature_def_key=output_key, graph=graph, config=config)
    finally:
        shutil.rmtree(export_base, ignore_errors=True)
