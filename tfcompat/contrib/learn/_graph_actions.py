"""``run_n`` / ``run_feeds``: TF 1.15's learn helpers that evaluate tensors of the default graph in a new session."""
from __future__ import annotations

import itertools
from typing import Any, Iterable, Iterator

import tensorflow as tf

_V1 = tf.compat.v1


def _graph_of(tensors: Iterable[Any]) -> tf.Graph:
    graphs = {id(t.graph): t.graph for t in tensors}
    if len(graphs) > 1:
        raise ValueError("output_dict's tensors come from more than one graph.")
    return next(iter(graphs.values()), None) or _V1.get_default_graph()


def run_feeds_iter(output_dict: dict, feed_dicts: Iterable[Any],
                   restore_checkpoint_path: str | None = None) -> Iterator[dict]:
    """Yields ``session.run(output_dict, feed_dict)`` per feed dict, in one session.

    Variables come from ``restore_checkpoint_path`` (with the graph's saver, else a new one) or their
    initializers; local variables and tables are initialized and queue runners started, as in TF 1.15.
    """
    if not output_dict:
        raise ValueError(f"output_dict is invalid: {output_dict}.")
    if not feed_dicts:
        raise ValueError(f"feed_dicts is invalid: {feed_dicts}.")
    graph = _graph_of(output_dict.values())
    with graph.as_default(), _V1.Session("") as session:
        if restore_checkpoint_path:
            savers = _V1.get_collection(_V1.GraphKeys.SAVERS)
            saver = savers[0] if savers else _V1.train.Saver(sharded=True)
            saver.restore(session, restore_checkpoint_path)
        else:
            session.run(_V1.global_variables_initializer())
        session.run(_V1.local_variables_initializer())
        session.run(_V1.tables_initializer())
        coord = _V1.train.Coordinator()
        threads = None
        try:
            threads = _V1.train.start_queue_runners(session, coord=coord)
            for feed_dict in feed_dicts:
                yield session.run(output_dict, feed_dict)
        finally:
            coord.request_stop()
            if threads:
                coord.join(threads, stop_grace_period_secs=120)


def run_feeds(output_dict: dict, feed_dicts: Iterable[Any], restore_checkpoint_path: str | None = None) -> list:
    """``run_feeds_iter`` as a list."""
    return list(run_feeds_iter(output_dict, feed_dicts, restore_checkpoint_path))


def run_n(output_dict: dict, feed_dict: dict | None = None, restore_checkpoint_path: str | None = None,
          n: int = 1) -> list:
    """``output_dict`` evaluated ``n`` times with ``feed_dict``, in one session (a list of ``n`` dicts)."""
    return run_feeds(output_dict, itertools.repeat(feed_dict, n), restore_checkpoint_path)
