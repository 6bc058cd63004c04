"""``RunConfig``'s cluster properties from ``TF_CONFIG``, against TF 1.15's documented values.

The expected values are those of the examples in TF 1.15's ``RunConfig.__init__`` and
``RunConfig.global_id_in_cluster`` docstrings (tensorflow_estimator/python/estimator/run_config.py), with the
``grpc://`` scheme its ``_get_session_master`` adds (the docstring shows the bare address).
"""
from __future__ import annotations

import json
from typing import Any

import pytest
import tensorflow as tf

import tfcompat.estimator as est
from tfcompat.estimator import _cluster

CLUSTER = {"chief": ["host0:2222"], "ps": ["host1:2222", "host2:2222"],
           "worker": ["host3:2222", "host4:2222", "host5:2222"]}


def _config(monkeypatch: pytest.MonkeyPatch, tf_config: dict, **kwargs: Any) -> est.RunConfig:
    monkeypatch.setenv("TF_CONFIG", json.dumps(tf_config))
    return est.RunConfig(**kwargs)


def _task(monkeypatch: pytest.MonkeyPatch, task_type: str, index: int, cluster: dict = CLUSTER,
          **kwargs: Any) -> est.RunConfig:
    return _config(monkeypatch, {"cluster": cluster, "task": {"type": task_type, "index": index}}, **kwargs)


def _cluster_values(config: est.RunConfig) -> dict:
    return {name: getattr(config, name) for name in ("master", "evaluation_master", "task_type", "task_id",
                                                     "is_chief", "num_ps_replicas", "num_worker_replicas")}


def test_chief(monkeypatch: pytest.MonkeyPatch) -> None:
    config = _task(monkeypatch, "chief", 0)
    assert config.cluster_spec == tf.train.ClusterSpec(CLUSTER)
    assert _cluster_values(config) == {"master": "grpc://host0:2222", "evaluation_master": "", "task_type": "chief",
                                       "task_id": 0, "is_chief": True, "num_ps_replicas": 2,
                                       "num_worker_replicas": 4}


def test_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    config = _task(monkeypatch, "worker", 1)
    assert config.cluster_spec == tf.train.ClusterSpec(CLUSTER)
    assert _cluster_values(config) == {"master": "grpc://host4:2222", "evaluation_master": "", "task_type": "worker",
                                       "task_id": 1, "is_chief": False, "num_ps_replicas": 2,
                                       "num_worker_replicas": 4}


def test_ps(monkeypatch: pytest.MonkeyPatch) -> None:
    config = _task(monkeypatch, "ps", 1)
    assert _cluster_values(config) == {"master": "grpc://host2:2222", "evaluation_master": "", "task_type": "ps",
                                       "task_id": 1, "is_chief": False, "num_ps_replicas": 2,
                                       "num_worker_replicas": 4}


def test_evaluator_is_outside_the_training_cluster(monkeypatch: pytest.MonkeyPatch) -> None:
    config = _task(monkeypatch, "evaluator", 0)
    assert config.cluster_spec == tf.train.ClusterSpec({})
    assert config.global_id_in_cluster is None and config.session_config is None
    assert _cluster_values(config) == {"master": "", "evaluation_master": "", "task_type": "evaluator", "task_id": 0,
                                       "is_chief": False, "num_ps_replicas": 0, "num_worker_replicas": 0}
    tf_config = {"cluster": CLUSTER, "task": {"type": "evaluator", "index": 0}, "eval_session_master": "grpc://e:1"}
    assert _config(monkeypatch, tf_config).evaluation_master == "grpc://e:1"


# The table in TF 1.15's global_id_in_cluster docstring.
@pytest.mark.parametrize("task_type, index, global_id", [
    ("chief", 0, 0), ("worker", 0, 1), ("worker", 1, 2), ("worker", 2, 3), ("ps", 0, 4), ("ps", 1, 5)])
def test_global_id_in_cluster(monkeypatch: pytest.MonkeyPatch, task_type: str, index: int, global_id: int) -> None:
    assert _task(monkeypatch, task_type, index).global_id_in_cluster == global_id


def test_other_jobs_come_alphabetically_between_chief_and_ps(monkeypatch: pytest.MonkeyPatch) -> None:
    cluster = {"chief": ["c:1"], "ps": ["p:1"], "worker": ["w:1", "w:2"], "aux": ["a:1"]}
    ids = {(t, i): _task(monkeypatch, t, i, cluster).global_id_in_cluster
           for t, i in [("chief", 0), ("aux", 0), ("worker", 0), ("worker", 1), ("ps", 0)]}
    assert ids == {("chief", 0): 0, ("aux", 0): 1, ("worker", 0): 2, ("worker", 1): 3, ("ps", 0): 4}


def test_without_tf_config_the_run_is_local(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TF_CONFIG", raising=False)
    config = est.RunConfig()
    assert config.cluster_spec == tf.train.ClusterSpec({}) and config.global_id_in_cluster == 0
    assert config.service is None and config.session_config is None
    assert _cluster_values(config) == {"master": "", "evaluation_master": "", "task_type": "worker", "task_id": 0,
                                       "is_chief": True, "num_ps_replicas": 0, "num_worker_replicas": 1}
    local = _config(monkeypatch, {"session_master": "grpc://m:1", "eval_session_master": "grpc://e:1",
                                  "service": {"name": "x"}})
    assert (local.master, local.evaluation_master, local.service) == ("grpc://m:1", "grpc://e:1", {"name": "x"})


def test_one_node_cluster_trains_on_a_local_session(monkeypatch: pytest.MonkeyPatch) -> None:
    config = _task(monkeypatch, "chief", 0, {"chief": ["host0:2222"]})
    assert (config.master, config.is_chief, config.num_worker_replicas, config.num_ps_replicas) == ("", True, 1, 0)


def test_session_master_in_tf_config_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    tf_config = {"cluster": CLUSTER, "task": {"type": "worker", "index": 0}, "session_master": "grpc://other:1"}
    assert _config(monkeypatch, tf_config).master == "grpc://other:1"


def test_legacy_master_job(monkeypatch: pytest.MonkeyPatch) -> None:
    cluster = {"master": ["host0:2222"], "ps": ["host1:2222"], "worker": ["host2:2222", "host3:2222"]}
    master = _task(monkeypatch, "master", 0, cluster)
    assert _cluster_values(master) == {"master": "grpc://host0:2222", "evaluation_master": "", "task_type": "master",
                                       "task_id": 0, "is_chief": True, "num_ps_replicas": 1,
                                       "num_worker_replicas": 3}
    assert (master.global_id_in_cluster, _task(monkeypatch, "ps", 0, cluster).global_id_in_cluster) == (0, 3)


@pytest.mark.parametrize("tf_config, message", [
    ({"cluster": {"worker": ["w:1"], "ps": ["p:1"]}, "task": {"type": "worker", "index": 0}},
     'If "cluster" is set in TF_CONFIG, it must have one "chief" node.'),
    ({"cluster": {"chief": ["c:1", "c:2"]}, "task": {"type": "chief", "index": 0}},
     'The "cluster" in TF_CONFIG must have only one "chief" node.'),
    ({"cluster": CLUSTER, "task": {"index": 0}}, 'If "cluster" is set in TF_CONFIG, task type must be set.'),
    ({"cluster": CLUSTER, "task": {"type": "worker"}}, 'If "cluster" is set in TF_CONFIG, task index must be set.'),
    ({"cluster": CLUSTER, "task": {"type": "worker", "index": -1}}, "Task index must be non-negative number."),
    ({"cluster": CLUSTER, "task": {"type": "trainer", "index": 0}}, "trainer is not a valid task_type in the"),
    ({"cluster": CLUSTER, "task": {"type": "worker", "index": 3}}, "3 is not a valid task_id for task_type worker"),
    ({"cluster": CLUSTER, "task": {"type": "ps", "index": 2}}, "2 is not a valid task_id for task_type ps"),
    ({"task": {"type": "chief", "index": 0}}, 'If "cluster" is not set in TF_CONFIG, task type must be WORKER.'),
    ({"task": {"type": "worker", "index": 1}}, 'If "cluster" is not set in TF_CONFIG, task index must be 0.'),
    ({"cluster": {"master": ["m:1"], "chief": ["c:1"]}, "task": {"type": "master", "index": 0}},
     "If `master` node exists in `cluster`, job `chief` is not supported."),
    ({"cluster": {"master": ["m:1"]}, "task": {"type": "evaluator", "index": 0}},
     "If `master` node exists in `cluster`, task_type `evaluator` is not supported."),
    ({"model_dir": ""}, "model_dir in TF_CONFIG should be non-empty."),
])
def test_tf_config_errors(monkeypatch: pytest.MonkeyPatch, tf_config: dict, message: str) -> None:
    with pytest.raises(ValueError) as error:
        _config(monkeypatch, tf_config)
    assert message in str(error.value)


def test_service_must_be_a_dict(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(TypeError, match='If "service" is set in TF_CONFIG, it must be a dict.'):
        _config(monkeypatch, {"service": ["x"]})


@pytest.mark.parametrize("task_type, index, filters", [
    ("chief", 0, ["/job:ps", "/job:chief"]), ("worker", 2, ["/job:ps", "/job:worker/task:2"]),
    ("ps", 0, ["/job:ps", "/job:worker", "/job:chief", "/job:master"])])
def test_cluster_session_config_sees_only_the_ps_and_itself(monkeypatch: pytest.MonkeyPatch, task_type: str,
                                                            index: int, filters: list) -> None:
    session_config = _task(monkeypatch, task_type, index).session_config
    assert list(session_config.device_filters) == filters and session_config.allow_soft_placement
    own = tf.compat.v1.ConfigProto(log_device_placement=True)
    assert _task(monkeypatch, task_type, index, session_config=own).session_config is own


def test_replace_keeps_the_cluster(monkeypatch: pytest.MonkeyPatch) -> None:
    config = _task(monkeypatch, "worker", 2).replace(save_checkpoints_steps=10)
    assert (config.task_type, config.task_id, config.master) == ("worker", 2, "grpc://host5:2222")
    with pytest.raises(ValueError, match="Replacing master is not supported"):
        config.replace(master="")
    with pytest.raises(ValueError, match="experimental_max_worker_delay_secs must be an integer if set."):
        config.replace(experimental_max_worker_delay_secs=1.5)


# TF 1.15's training.py: worker k starts after min(max delay, (k + 1) * 5) seconds, the max delay being 60 or
# experimental_max_worker_delay_secs; the chief starts at once.
@pytest.mark.parametrize("task_type, index, max_delay, delay", [
    ("chief", 0, None, 0), ("worker", 0, None, 5), ("worker", 3, None, 20), ("worker", 20, None, 60),
    ("worker", 0, 2, 2), ("worker", 0, 0, 0)])
def test_worker_delay(monkeypatch: pytest.MonkeyPatch, task_type: str, index: int, max_delay: int | None,
                      delay: int) -> None:
    cluster = {"chief": ["c:1"], "worker": [f"w:{i}" for i in range(21)]}
    config = _task(monkeypatch, task_type, index, cluster, experimental_max_worker_delay_secs=max_delay)
    assert _cluster.worker_delay_secs(config) == delay


def test_replica_device_setter_puts_variables_round_robin_on_the_ps(monkeypatch: pytest.MonkeyPatch) -> None:
    config = _task(monkeypatch, "worker", 1)
    with tf.Graph().as_default() as graph, graph.device(_cluster.replica_device_setter(config)):
        variables = [tf.compat.v1.get_variable(f"v{i}", shape=[1]) for i in range(3)]
        total = tf.add_n(variables)
    assert [v.op.device for v in variables] == ["/job:ps/task:0", "/job:ps/task:1", "/job:ps/task:0"]
    assert total.op.device == "/job:worker/task:1"
    assert _cluster.replica_device_setter(_task(monkeypatch, "chief", 0, {"chief": ["c:1"]})) is None


def test_one_node_cluster_starts_no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _cluster.start_server(_task(monkeypatch, "chief", 0, {"chief": ["c:1"]})) is None
    with pytest.raises(RuntimeError, match="Could not start server"):
        _cluster.start_server(_task(monkeypatch, "evaluator", 0))
