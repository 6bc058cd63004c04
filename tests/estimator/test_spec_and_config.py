"""``EstimatorSpec`` validation and ``RunConfig`` defaults/``replace``, with TF 1.15's messages."""
from __future__ import annotations

import pytest
import tensorflow as tf

import tfcompat.estimator as est
from tfcompat.estimator import EstimatorSpec, ModeKeys

v1 = tf.compat.v1


def test_mode_keys() -> None:
    assert (ModeKeys.TRAIN, ModeKeys.EVAL, ModeKeys.PREDICT) == ("train", "eval", "infer")


@pytest.mark.parametrize("mode, kwargs, message", [
    ("train", {"loss": "LOSS"}, "Missing train_op."),
    ("train", {}, "Missing train_op."),  # train_op is checked first
    ("train", {"train_op": "OP"}, "Missing loss."),
    ("eval", {}, "Missing loss."),
    ("infer", {}, "Missing predictions."),
])
def test_required_fields_per_mode(mode: str, kwargs: dict, message: str) -> None:
    with tf.Graph().as_default():
        values = {"LOSS": tf.constant(1.0), "OP": tf.no_op()}
        with pytest.raises(ValueError, match=message):
            EstimatorSpec(mode, **{k: values[v] for k, v in kwargs.items()})


def test_valid_specs_and_defaults() -> None:
    with tf.Graph().as_default():
        loss = tf.constant([2.0])  # shape [1] is accepted and reshaped to a scalar
        spec = EstimatorSpec(ModeKeys.TRAIN, loss=loss, train_op=tf.no_op())
        assert spec.loss.shape == tf.TensorShape([]) and spec.predictions == {}
        assert spec.eval_metric_ops == {} and spec.training_hooks == () and isinstance(spec.scaffold, v1.train.Scaffold)
        labels = tf.constant([1.0, 2.0])
        metric = v1.metrics.mean(labels)
        eval_spec = EstimatorSpec(ModeKeys.EVAL, loss=tf.constant(1.0), eval_metric_ops={"m": metric})
        assert eval_spec.eval_metric_ops["m"] is metric
        predict = EstimatorSpec(ModeKeys.PREDICT, predictions=labels)
        assert predict.predictions is labels and predict.loss is None
        with pytest.raises(ValueError, match="mode of EstimatorSpec cannot be changed."):
            spec._replace(mode=ModeKeys.EVAL)
        with pytest.raises(ValueError, match="Missing train_op."):  # a replaced spec is validated again
            spec._replace(train_op=None, mode=ModeKeys.TRAIN)
        new_loss = tf.constant(3.0)
        assert spec._replace(loss=new_loss).loss is new_loss


@pytest.mark.parametrize("kwargs, error, message", [
    ({"loss": [1.0, 2.0]}, TypeError, "loss must be Tensor"),
    ({"loss": "VECTOR"}, ValueError, "Loss must be scalar"),
    ({"predictions": {"p": 3}}, TypeError, r"predictions\[p\] must be Tensor"),
    ({"eval_metric_ops": ["x"]}, TypeError, "eval_metric_ops must be a dict"),
    ({"eval_metric_ops": {"m": "SCALAR"}}, TypeError, r"Values of eval_metric_ops must be \(metric_value, update_op\)"),
    ({"eval_metric_ops": {"m": ("SCALAR", 3)}}, TypeError, r"eval_metric_ops\[m\] must be Operation or Tensor"),
    ({"evaluation_hooks": [object()]}, TypeError, "All hooks must be SessionRunHook instances"),
    ({"scaffold": object()}, TypeError, "scaffold must be tf.train.Scaffold"),
])
def test_invalid_fields(kwargs: dict, error: type, message: str) -> None:
    with tf.Graph().as_default():
        named = {"VECTOR": tf.constant([1.0, 2.0]), "SCALAR": tf.constant(1.0)}
        kwargs = {k: named.get(v, v) if isinstance(v, str) else v for k, v in kwargs.items()}
        if isinstance(kwargs.get("eval_metric_ops"), dict):
            kwargs["eval_metric_ops"] = {k: named.get(v, v) if isinstance(v, str) else tuple(named.get(x, x)
                                         for x in v) for k, v in kwargs["eval_metric_ops"].items()}
        kwargs.setdefault("loss", tf.constant(1.0))
        with pytest.raises(error, match=message):
            EstimatorSpec(ModeKeys.EVAL, **kwargs)


def test_tensor_from_another_graph() -> None:
    with tf.Graph().as_default():
        foreign = tf.constant(1.0)
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="must be from the default graph"):
            EstimatorSpec(ModeKeys.EVAL, loss=foreign)


def test_run_config_defaults() -> None:
    config = est.RunConfig()
    assert (config.model_dir, config.tf_random_seed, config.save_summary_steps, config.save_checkpoints_steps,
            config.save_checkpoints_secs, config.keep_checkpoint_max, config.keep_checkpoint_every_n_hours,
            config.log_step_count_steps, config.session_config) == (None, None, 100, None, 600, 5, 10000, 100, None)
    assert (config.is_chief, config.master, config.num_ps_replicas, config.num_worker_replicas, config.task_type,
            config.task_id) == (True, "", 0, 1, "worker", 0)


def test_run_config_checkpoint_frequencies_and_replace() -> None:
    by_steps = est.RunConfig(save_checkpoints_steps=50)
    assert (by_steps.save_checkpoints_steps, by_steps.save_checkpoints_secs) == (50, None)
    assert (est.RunConfig(save_checkpoints_secs=30).save_checkpoints_steps, est.RunConfig(
        save_checkpoints_steps=None, save_checkpoints_secs=None).save_checkpoints_secs) == (None, None)
    with pytest.raises(ValueError, match="cannot be both set"):
        est.RunConfig(save_checkpoints_steps=1, save_checkpoints_secs=1)
    replaced = by_steps.replace(save_checkpoints_secs=10, tf_random_seed=7)
    assert (replaced.save_checkpoints_steps, replaced.save_checkpoints_secs, replaced.tf_random_seed) == (None, 10, 7)
    assert by_steps.tf_random_seed is None  # replace returns a copy
    with pytest.raises(ValueError, match="Replacing is_chief is not supported"):
        by_steps.replace(is_chief=False)


@pytest.mark.parametrize("kwargs, message", [
    ({"model_dir": ""}, "model_dir should be non-empty"),
    ({"save_summary_steps": -1}, "save_summary_steps should be >= 0"),
    ({"keep_checkpoint_max": -1}, "keep_checkpoint_max should be >= 0"),
    ({"log_step_count_steps": 0}, "log_step_count_steps should be > 0"),
    ({"tf_random_seed": 1.5}, "tf_random_seed must be integer."),
    ({"session_config": {}}, "session_config must be instance of ConfigProto"),
    ({"device_fn": lambda op, other: ""}, 'device_fn must be callable with exactly one argument "op".'),
    ({"protocol": "http"}, "protocol should be grpc or grpc[+]verbs"),
])
def test_run_config_validation(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        est.RunConfig(**kwargs)


def test_run_config_takes_model_dir_from_tf_config(monkeypatch: pytest.MonkeyPatch) -> None:
    # TF_CONFIG clusters: tests/estimator/test_run_config_tf_config.py.
    monkeypatch.setenv("TF_CONFIG", '{"model_dir": "/tmp/from_env"}')
    assert est.RunConfig().model_dir == "/tmp/from_env"
