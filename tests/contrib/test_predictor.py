"""``tfcompat.contrib.predictor.from_saved_model``: serve an Estimator's export, compared with numpy's x w + b."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

import tfcompat.estimator as est
from tfcompat.contrib import predictor

v1 = tf.compat.v1
X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, 3.0]], np.float32)
W = np.array([[0.5], [-1.5]], np.float32)
B = np.array([0.25], np.float32)
RECEIVER = est.export.build_raw_serving_input_receiver_fn({"x": tf.constant(X)})


def _model_fn(features: dict, labels: None, mode: str) -> est.EstimatorSpec:
    w = v1.get_variable("w", initializer=W)
    b = v1.get_variable("b", initializer=B)
    y = tf.matmul(features["x"], w) + b
    return est.EstimatorSpec(mode, predictions={"y": y, "double": 2 * y},
                             export_outputs={"serving_default": est.export.PredictOutput({"y": y, "double": 2 * y}),
                                             "only_y": est.export.PredictOutput(y)})


@pytest.fixture(scope="module")
def estimator(tmp_path_factory: pytest.TempPathFactory) -> est.Estimator:
    """The model with a checkpoint holding the initial W, B."""
    model_dir = tmp_path_factory.mktemp("predictor")
    with tf.Graph().as_default():  # a step-0 checkpoint holding W and B
        _model_fn({"x": tf.constant(X)}, None, est.ModeKeys.PREDICT)
        global_step = v1.train.get_or_create_global_step()
        with v1.Session() as session:
            session.run(v1.global_variables_initializer())
            v1.train.Saver().save(session, str(model_dir / "model.ckpt"), global_step=global_step)
    return est.Estimator(_model_fn, model_dir=str(model_dir))


@pytest.fixture(scope="module")
def export_dir(estimator: est.Estimator) -> str:
    return estimator.export_saved_model(os.path.join(estimator.model_dir, "export"), RECEIVER).decode()


def test_default_signature_returns_every_output(export_dir: str) -> None:
    predict = predictor.from_saved_model(export_dir)
    out = predict({"x": X})
    np.testing.assert_allclose(out["y"], X @ W + B, rtol=1e-6)
    np.testing.assert_allclose(out["double"], 2 * (X @ W + B), rtol=1e-6)
    assert set(predict.feed_tensors) == {"x"} and set(predict.fetch_tensors) == {"y", "double"}
    assert predict.session.graph is predict.graph


def test_named_signature_and_explicit_names(export_dir: str) -> None:
    out = predictor.from_saved_model(export_dir, signature_def_key="only_y")({"x": X[:1]})
    np.testing.assert_allclose(out["output"], X[:1] @ W + B, rtol=1e-6)
    by_name = predictor.from_saved_model(export_dir, input_names={"in": "x:0"},
                                         output_names={"out": "add:0"})
    np.testing.assert_allclose(by_name({"in": X})["out"], X @ W + B, rtol=1e-6)


def test_bad_arguments(export_dir: str) -> None:
    predict = predictor.from_saved_model(export_dir, tags="serve")
    with pytest.raises(ValueError, match="Got unexpected keys in input_dict: {'z'}"):
        predict({"x": X, "z": X})
    with pytest.raises(ValueError, match="Could not find signature def 'nope'"):
        predictor.from_saved_model(export_dir, signature_def_key="nope")
    with pytest.raises(ValueError, match="input_names and output_names must both be specified"):
        predictor.from_saved_model(export_dir, input_names={"in": "x:0"})


def test_from_estimator_serves_the_latest_checkpoint(estimator: est.Estimator) -> None:
    out = predictor.from_estimator(estimator, RECEIVER)({"x": X})
    np.testing.assert_allclose(out["double"], 2 * (X @ W + B), rtol=1e-6)
    only_y = predictor.from_estimator(estimator, RECEIVER, output_key="only_y")
    np.testing.assert_allclose(only_y({"x": X})["output"], X @ W + B, rtol=1e-6)


def test_export_dir_of_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        predictor.from_saved_model(str(tmp_path / "none"))
