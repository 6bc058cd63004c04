"""The ``TF_CONFIG`` cluster as TF 1.15's ``RunConfig`` read it, and the pieces a cluster run needs.

``TF_CONFIG`` is JSON with ``cluster`` (job name -> task addresses) and ``task`` (``type`` and ``index``).
With a cluster, training is between-graph replication: ``ps`` tasks serve the variables, the ``chief`` (or
legacy ``master``) and the ``worker`` tasks each build the graph under ``replica_device_setter`` and train
against their own server; the ``evaluator`` is outside the training cluster.
"""
from __future__ import annotations

import json
import os
from typing import Any, Callable, NamedTuple

import tensorflow as tf

# TF 1.15's TaskType values.
CHIEF, MASTER, WORKER, PS, EVALUATOR = "chief", "master", "worker", "ps", "evaluator"
_TRAINER_JOBS = (CHIEF, MASTER, WORKER)
# TF 1.15 delays worker k's start by (k + 1) * 5 seconds, at most 60 (or experimental_max_worker_delay_secs).
_DELAY_SECS_PER_WORKER = 5
_MAX_DELAY_SECS = 60
_NOTE = "\n\nNote that these values may be coming from the TF_CONFIG environment variable."


class ClusterSettings(NamedTuple):
    """The cluster properties of a ``RunConfig``."""

    cluster_spec: tf.train.ClusterSpec
    task_type: str
    task_id: int
    master: str
    evaluation_master: str
    is_chief: bool
    num_ps_replicas: int
    num_worker_replicas: int
    global_id_in_cluster: int | None
    service: dict | None


def read_tf_config() -> dict:
    """The ``TF_CONFIG`` environment variable as a dict (empty when unset)."""
    return json.loads(os.environ.get("TF_CONFIG", "") or "{}")


def cluster_settings(tf_config: dict) -> ClusterSettings:
    """TF 1.15's cluster properties for ``tf_config``, with its validation errors."""
    service = tf_config.get("service")
    if service is not None and not isinstance(service, dict):
        raise TypeError(f'If "service" is set in TF_CONFIG, it must be a dict. Given {type(service)}')
    spec = tf.train.ClusterSpec(tf_config.get("cluster", {}))
    task = tf_config.get("task", {})
    if not spec:
        return _local_settings(task, tf_config, service)
    chief = MASTER if MASTER in spec.jobs else CHIEF
    if chief == MASTER and CHIEF in spec.jobs:
        raise ValueError("If `master` node exists in `cluster`, job `chief` is not supported.")
    task_type, task_id = _validated_task(spec, task, chief)
    if task_type == EVALUATOR:
        if chief == MASTER:
            raise ValueError("If `master` node exists in `cluster`, task_type `evaluator` is not supported.")
        # The evaluator is not part of the training cluster.
        return ClusterSettings(tf.train.ClusterSpec({}), task_type, task_id, "",
                               tf_config.get("eval_session_master", ""), False, 0, 0, None, service)
    jobs = spec.as_dict()
    return ClusterSettings(spec, task_type, task_id, _session_master(spec, task_type, task_id, tf_config), "",
                           task_type == chief, len(jobs.get(PS, [])),
                           len(jobs.get(WORKER, [])) + len(jobs.get(chief, [])),
                           _global_id(spec, task_type, task_id, chief), service)


def _local_settings(task: dict, tf_config: dict, service: dict | None) -> ClusterSettings:
    task_type, task_id = task.get("type", WORKER), int(task.get("index", 0))
    if task_type != WORKER:
        raise ValueError('If "cluster" is not set in TF_CONFIG, task type must be WORKER.')
    if task_id != 0:
        raise ValueError('If "cluster" is not set in TF_CONFIG, task index must be 0.')
    return ClusterSettings(tf.train.ClusterSpec({}), task_type, task_id, tf_config.get("session_master", ""),
                           tf_config.get("eval_session_master", ""), True, 0, 1, 0, service)


def _validated_task(spec: tf.train.ClusterSpec, task: dict, chief: str) -> tuple[str, int]:
    if chief not in spec.jobs:
        raise ValueError(f'If "cluster" is set in TF_CONFIG, it must have one "{chief}" node.')
    if len(spec.job_tasks(chief)) > 1:
        raise ValueError(f'The "cluster" in TF_CONFIG must have only one "{chief}" node.')
    task_type, task_id = task.get("type"), task.get("index")
    if not task_type:
        raise ValueError('If "cluster" is set in TF_CONFIG, task type must be set.')
    if task_id is None:
        raise ValueError('If "cluster" is set in TF_CONFIG, task index must be set.')
    task_id = int(task_id)
    if task_id < 0:
        raise ValueError("Task index must be non-negative number.")
    if task_type == EVALUATOR:
        return task_type, task_id
    if task_type not in spec.jobs:
        raise ValueError(f"{task_type} is not a valid task_type in the cluster_spec:\n{spec}{_NOTE}")
    if not 0 <= task_id < len(spec.job_tasks(task_type)):
        raise ValueError(f"{task_id} is not a valid task_id for task_type {task_type} in the cluster_spec:\n"
                         f"{spec}{_NOTE}")
    return task_type, task_id


def _session_master(spec: tf.train.ClusterSpec, task_type: str, task_id: int, tf_config: dict) -> str:
    """``session_master`` from TF_CONFIG, else '' for a one-node cluster, else this task's grpc address."""
    if "session_master" in tf_config:
        return tf_config["session_master"]
    if len(spec.jobs) == 1 and len(spec.job_tasks(spec.jobs[0])) == 1:
        return ""
    return "grpc://" + spec.job_tasks(task_type)[task_id]


def _global_id(spec: tf.train.ClusterSpec, task_type: str, task_id: int, chief: str) -> int:
    """The chief is 0, then the other jobs in alphabetical order, the ps tasks last."""
    ordered = [chief, *(job for job in sorted(spec.jobs) if job not in (chief, PS))]
    if PS in spec.jobs:
        ordered.append(PS)
    first = 0
    for job in ordered:
        if job == task_type:
            return first + task_id
        first += len(spec.job_tasks(job))
    raise RuntimeError(f"Internal Error: `task_type` ({task_type}) is not in cluster_spec ({spec}).")


def distributed_session_config(task_type: str, task_id: int) -> Any:
    """TF 1.15's session config in a cluster: each trainer sees only the ps tasks and itself."""
    filters = {MASTER: ["/job:ps", "/job:master"], CHIEF: ["/job:ps", "/job:chief"],
               WORKER: ["/job:ps", f"/job:worker/task:{task_id}"],
               PS: ["/job:ps", "/job:worker", "/job:chief", "/job:master"]}.get(task_type)
    if filters is None:
        return None
    return tf.compat.v1.ConfigProto(
        allow_soft_placement=True, device_filters=filters,
        graph_options=tf.compat.v1.GraphOptions(rewrite_options={"meta_optimizer_iterations": "ONE"}))


def replica_device_setter(config: Any) -> Callable | None:
    """TF 1.15's default device function: variables round-robin on the ps tasks, ops on this task."""
    if config.num_ps_replicas <= 0:
        return None
    worker_device = f"/job:{config.task_type}/task:{config.task_id}" if config.task_type else "/job:worker"
    return tf.compat.v1.train.replica_device_setter(ps_tasks=config.num_ps_replicas, worker_device=worker_device,
                                                    merge_devices=True, cluster=config.cluster_spec)


def start_server(config: Any) -> Any:
    """Starts this task's in-process server; None for a one-node cluster, which trains on a local session."""
    if not config.cluster_spec or not config.task_type or config.task_id is None:
        raise RuntimeError("Could not start server; be sure to specify cluster_spec, task_type, and task in "
                           "RunConfig or set the TF_CONFIG environment variable.")
    if not config.master:
        jobs = config.cluster_spec.jobs
        if len(jobs) == 1 and len(config.cluster_spec.job_tasks(jobs[0])) == 1 and config.task_type in _TRAINER_JOBS:
            return None
        raise RuntimeError("Could not start server; be sure to specify master in RunConfig or set the TF_CONFIG "
                           "environment variable.")
    gpu_options = config.session_config.gpu_options if config.session_config is not None else None
    server = tf.compat.v1.train.Server(config.cluster_spec, job_name=config.task_type, task_index=config.task_id,
                                       config=tf.compat.v1.ConfigProto(gpu_options=gpu_options), start=False,
                                       protocol=config.protocol)
    server.start()
    return server


def worker_delay_secs(config: Any) -> int:
    """How long a (non-chief) worker waits before training: TF 1.15's staggered start."""
    if config.task_type != WORKER:
        return 0
    max_delay = _MAX_DELAY_SECS
    if config.experimental_max_worker_delay_secs is not None:
        max_delay = int(config.experimental_max_worker_delay_secs)
    return min(max_delay, (config.task_id + 1) * _DELAY_SECS_PER_WORKER)
