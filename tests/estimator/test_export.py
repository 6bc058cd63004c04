"""``Estimator.export_saved_model``, ``tfcompat.estimator.export`` and the exporters, against TF 1.15's behaviour.

Exported SavedModels are reloaded (graph-mode loader and TF 2's ``tf.saved_model.load``) and served; their outputs
must equal numpy's ``X @ w + b`` with the checkpoint's trained weights.
"""
from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tensorflow as tf

import tfcompat.estimator as est
from estimator_helpers import LR, X, model_fn, train_input
from tfcompat.estimator import _saved_model

v1 = tf.compat.v1
FEATURE_SPEC = {"x": tf.io.FixedLenFeature([2], tf.float32)}


@pytest.fixture(autouse=True)
def distinct_timestamps(monkeypatch: pytest.MonkeyPatch) -> None:
    """One new second per export, so that several exports in a test need no sleep."""
    monkeypatch.setattr(_saved_model, "_timestamp", itertools.count(1_600_000_000).__next__)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> est.Estimator:
    estimator = est.Estimator(model_fn, model_dir=str(tmp_path_factory.mktemp("export_model")), params={"lr": LR})
    return estimator.train(train_input(), steps=5)


def expected(estimator: est.Estimator, x: np.ndarray = X) -> np.ndarray:
    return x @ estimator.get_variable_value("w") + estimator.get_variable_value("b")


def serialized_examples(x: np.ndarray = X) -> list[bytes]:
    return [tf.train.Example(features=tf.train.Features(feature={
        "x": tf.train.Feature(float_list=tf.train.FloatList(value=row))})).SerializeToString() for row in x]


def raw_receiver_fn() -> Any:
    return est.export.build_raw_serving_input_receiver_fn({"x": tf.zeros([1, 2])})


def load_v1(export_dir: bytes) -> tuple[Any, Any, Any]:
    """(graph, session, meta_graph) of the SavedModel, loaded with the TF 1.x loader."""
    graph = tf.Graph()
    session = v1.Session(graph=graph)
    with graph.as_default():
        meta_graph = v1.saved_model.load(session, [v1.saved_model.SERVING], export_dir.decode())
    return graph, session, meta_graph


def run_signature(session: Any, signature: Any, feeds: dict) -> dict:
    fetches = {key: info.name for key, info in signature.outputs.items()}
    return session.run(fetches, {signature.inputs[key].name: value for key, value in feeds.items()})


def test_raw_export_is_a_timestamped_bytes_path_serving_numpy_outputs(trained: est.Estimator, tmp_path: Path) -> None:
    export_dir = trained.export_saved_model(str(tmp_path), raw_receiver_fn())
    assert isinstance(export_dir, bytes)
    assert export_dir == os.fsencode(tmp_path / "1600000000")
    assert sorted(os.listdir(tmp_path)) == ["1600000000"]  # the temp-<timestamp> directory was renamed
    assert {"saved_model.pb", "variables"} <= set(os.listdir(os.fsdecode(export_dir)))
    _, session, meta_graph = load_v1(export_dir)
    assert list(meta_graph.signature_def) == ["serving_default"]
    signature = meta_graph.signature_def["serving_default"]
    assert signature.method_name == "tensorflow/serving/predict"
    assert set(signature.inputs) == {"x"} and signature.inputs["x"].name == "x:0"
    assert set(signature.outputs) == {"y", "twice"}
    outputs = run_signature(session, signature, {"x": X})
    np.testing.assert_allclose(outputs["y"], expected(trained), rtol=1e-5)
    np.testing.assert_allclose(outputs["twice"], 2 * expected(trained), rtol=1e-5)


def test_parsing_export_serves_serialized_examples_in_tf2(trained: est.Estimator, tmp_path: Path) -> None:
    receiver_fn = est.export.build_parsing_serving_input_receiver_fn(FEATURE_SPEC)
    export_dir = trained.export_saved_model(str(tmp_path), receiver_fn)
    _, session, meta_graph = load_v1(export_dir)
    signature = meta_graph.signature_def["serving_default"]
    assert set(signature.inputs) == {"examples"}
    assert signature.inputs["examples"].name == "input_example_tensor:0"
    assert signature.inputs["examples"].dtype == tf.string.as_datatype_enum
    outputs = run_signature(session, signature, {"examples": serialized_examples()})
    np.testing.assert_allclose(outputs["y"], expected(trained), rtol=1e-5)
    served = tf.saved_model.load(export_dir.decode()).signatures["serving_default"]
    eager = served(examples=tf.constant(serialized_examples()))
    np.testing.assert_allclose(eager["y"].numpy(), expected(trained), rtol=1e-5)


def heads_model_fn(features: Any, labels: Any, mode: str, params: dict) -> est.EstimatorSpec:
    """The helpers' model, exporting a regression, a classification and a predict head."""
    spec = model_fn(features, labels, mode, params)
    if mode != est.ModeKeys.PREDICT:
        return spec
    y = spec.predictions["y"]
    scores = tf.concat([y, -y], axis=1)
    classes = tf.tile(tf.constant([["pos", "neg"]]), [tf.shape(y)[0], 1])
    return spec._replace(export_outputs={
        "regress": est.export.RegressionOutput(y),
        "classify": est.export.ClassificationOutput(scores=scores, classes=classes),
        "serving_default": est.export.PredictOutput(y)})


def test_export_outputs_become_tf115_signatures(trained: est.Estimator, tmp_path: Path) -> None:
    heads = est.Estimator(heads_model_fn, model_dir=trained.model_dir, params={"lr": LR})
    receiver_fn = est.export.build_parsing_serving_input_receiver_fn(FEATURE_SPEC)
    export_dir = heads.export_saved_model(str(tmp_path), receiver_fn)
    _, session, meta_graph = load_v1(export_dir)
    signatures = meta_graph.signature_def
    assert sorted(signatures) == ["classify", "regress", "serving_default"]
    assert signatures["regress"].method_name == "tensorflow/serving/regress"
    assert (set(signatures["regress"].inputs), set(signatures["regress"].outputs)) == ({"inputs"}, {"outputs"})
    assert signatures["classify"].method_name == "tensorflow/serving/classify"
    assert set(signatures["classify"].outputs) == {"classes", "scores"}
    assert signatures["serving_default"].method_name == "tensorflow/serving/predict"
    assert set(signatures["serving_default"].outputs) == {"output"}
    feeds = {"inputs": serialized_examples()}
    np.testing.assert_allclose(run_signature(session, signatures["regress"], feeds)["outputs"], expected(trained),
                               rtol=1e-5)
    classified = run_signature(session, signatures["classify"], feeds)
    np.testing.assert_allclose(classified["scores"][:, 0:1], expected(trained), rtol=1e-5)
    assert classified["classes"][0].tolist() == [b"pos", b"neg"]
    # A raw float receiver cannot feed classify / regress signatures: TF 1.15 left them out of the export.
    raw_dir = heads.export_saved_model(str(tmp_path), raw_receiver_fn())
    assert list(load_v1(raw_dir)[2].signature_def) == ["serving_default"]


def test_receiver_alternatives_add_named_signatures(trained: est.Estimator, tmp_path: Path) -> None:
    def receiver_fn() -> est.export.ServingInputReceiver:
        examples = v1.placeholder(tf.string, [None], name="input_example_tensor")
        features = tf.io.parse_example(examples, FEATURE_SPEC)
        return est.export.ServingInputReceiver(features, examples, {"raw": {"x": features["x"]}})

    export_dir = trained.export_saved_model(str(tmp_path), receiver_fn)
    _, session, meta_graph = load_v1(export_dir)
    assert sorted(meta_graph.signature_def) == ["raw:serving_default", "serving_default"]
    assert set(meta_graph.signature_def["serving_default"].inputs) == {"input"}
    raw = meta_graph.signature_def["raw:serving_default"]
    np.testing.assert_allclose(run_signature(session, raw, {"x": X})["y"], expected(trained), rtol=1e-5)


def test_old_export_savedmodel_text_assets_and_given_checkpoint(trained: est.Estimator, tmp_path: Path) -> None:
    asset = tmp_path / "vocab.txt"
    asset.write_text("a\nb\n")
    checkpoint = trained.latest_checkpoint()
    export_dir = trained.export_savedmodel(str(tmp_path / "out"), raw_receiver_fn(), assets_extra={
        "sub/vocab.txt": str(asset)}, as_text=True, checkpoint_path=checkpoint, strip_default_attrs=True)
    assert os.path.isfile(os.path.join(export_dir, b"saved_model.pbtxt"))
    assert Path(os.fsdecode(export_dir), "assets.extra", "sub", "vocab.txt").read_text() == "a\nb\n"
    outputs = run_signature(load_v1(export_dir)[1], load_v1(export_dir)[2].signature_def["serving_default"],
                            {"x": X})
    np.testing.assert_allclose(outputs["y"], expected(trained), rtol=1e-5)


def test_export_needs_a_checkpoint_and_a_receiver_fn(tmp_path: Path) -> None:
    estimator = est.Estimator(model_fn, model_dir=str(tmp_path / "empty"), params={"lr": LR})
    with pytest.raises(ValueError, match="Couldn't find trained model at"):
        estimator.export_saved_model(str(tmp_path), raw_receiver_fn())
    with pytest.raises(ValueError, match="An input_receiver_fn must be defined."):
        estimator.export_saved_model(str(tmp_path), None)


def test_serving_input_receiver_wraps_single_tensors_as_tf115() -> None:
    with tf.Graph().as_default():
        examples = v1.placeholder(tf.string, [None])
        feature = v1.placeholder(tf.float32, [None, 2])
        receiver = est.export.ServingInputReceiver(feature, examples, {"alt": feature})
        assert receiver.features == {"feature": feature}
        assert receiver.receiver_tensors == {"input": examples}
        assert receiver.receiver_tensors_alternatives == {"alt": {"input": feature}}
        tensor_receiver = est.export.TensorServingInputReceiver(feature, {"examples": examples})
        assert tensor_receiver.features is feature
        with pytest.raises(ValueError, match="^features must be defined.$"):
            est.export.ServingInputReceiver(None, examples)
        with pytest.raises(ValueError, match="^receiver_tensor keys must be strings: 1.$"):
            est.export.ServingInputReceiver(feature, {1: examples})
        with pytest.raises(ValueError, match="^feature x must be a Tensor or SparseTensor.$"):
            est.export.ServingInputReceiver({"x": 1.0}, examples)
        with pytest.raises(ValueError, match="Classification classes must be a string Tensor"):
            est.export.ClassificationOutput(classes=feature)
        with pytest.raises(ValueError, match="Regression output value must be a float32 Tensor"):
            est.export.RegressionOutput(examples)


def export_dirs(base: Path) -> list[str]:
    return sorted(os.listdir(base)) if base.exists() else []


def test_latest_exporter_keeps_the_newest_exports(trained: est.Estimator, tmp_path: Path) -> None:
    exporter = est.LatestExporter("latest", raw_receiver_fn(), exports_to_keep=2)
    results = [exporter.export(trained, str(tmp_path), None, {}, False) for _ in range(4)]
    assert results == [os.fsencode(tmp_path / str(1_600_000_000 + i)) for i in range(4)]
    assert export_dirs(tmp_path) == ["1600000002", "1600000003"]
    with pytest.raises(ValueError, match="must be a positive number"):
        est.LatestExporter("latest", raw_receiver_fn(), exports_to_keep=0)


def test_best_exporter_exports_only_improvements(trained: est.Estimator, tmp_path: Path) -> None:
    exporter = est.BestExporter(serving_input_receiver_fn=raw_receiver_fn(), event_file_pattern=None,
                                exports_to_keep=2)
    assert exporter.name == "best_exporter"
    exported = [exporter.export(trained, str(tmp_path), None, {"loss": loss}, False) is not None
                for loss in (3.0, 2.0, 2.5, 2.0, 1.0)]
    assert exported == [True, True, False, False, True]
    assert export_dirs(tmp_path) == ["1600000001", "1600000002"]  # the third export made the first go


def test_best_exporter_starts_from_the_best_eval_event(tmp_path: Path) -> None:
    estimator = est.Estimator(model_fn, model_dir=str(tmp_path / "model"), params={"lr": LR})
    estimator.train(train_input(), steps=2)
    result = estimator.evaluate(train_input(), steps=2)
    best = float(result["loss"])
    exporter = est.BestExporter(serving_input_receiver_fn=raw_receiver_fn())
    # A fresh exporter reads best loss from model_dir/eval: a worse result is not exported...
    assert exporter.export(estimator, str(tmp_path / "a"), None, {"loss": best + 1}, False) is None
    # ...the evaluation the events hold is (later tensorflow-estimator releases' fix of TF 1.15's skip)...
    fresh = est.BestExporter(serving_input_receiver_fn=raw_receiver_fn())
    assert fresh.export(estimator, str(tmp_path / "b"), None, result, False) is not None
    # ...and then only a smaller loss.
    assert fresh.export(estimator, str(tmp_path / "b"), None, dict(result), False) is None
    with pytest.raises(ValueError, match="must include current_eval_result argument"):
        est.BestExporter(compare_fn=lambda best_eval_result: True)


def test_train_and_evaluate_runs_the_exporters(tmp_path: Path) -> None:
    config = est.RunConfig(model_dir=str(tmp_path), save_checkpoints_steps=2, log_step_count_steps=None)
    estimator = est.Estimator(model_fn, config=config, params={"lr": LR})
    latest = est.LatestExporter("latest", raw_receiver_fn(), exports_to_keep=2)
    final = est.FinalExporter("final", raw_receiver_fn())
    eval_spec = est.EvalSpec(train_input(), steps=1, exporters=[latest, final], throttle_secs=0)
    metrics, exports = est.train_and_evaluate(estimator, est.TrainSpec(train_input(), max_steps=6), eval_spec)
    assert metrics["global_step"] == 6
    assert len(exports) == 2 and all(isinstance(path, bytes) for path in exports)
    assert [os.path.dirname(path) for path in exports] == [os.fsencode(tmp_path / "export" / name)
                                                            for name in ("latest", "final")]
    assert len(export_dirs(tmp_path / "export" / "latest")) == 2  # evaluations at steps 2, 4 and 6
    assert len(export_dirs(tmp_path / "export" / "final")) == 1
    _, session, meta_graph = load_v1(exports[1])
    outputs = run_signature(session, meta_graph.signature_def["serving_default"], {"x": X})
    np.testing.assert_allclose(outputs["y"], expected(estimator), rtol=1e-5)


def test_eval_spec_checks_exporters() -> None:
    latest = est.LatestExporter("latest", raw_receiver_fn())
    assert est.EvalSpec(train_input(), exporters=latest).exporters == (latest,)
    with pytest.raises(ValueError, match="must have unique names"):
        est.EvalSpec(train_input(), exporters=[latest, est.LatestExporter("latest", raw_receiver_fn())])
    with pytest.raises(TypeError, match="must be an Exporter, an iterable of Exporter, or `None`"):
        est.EvalSpec(train_input(), exporters=[object()])
