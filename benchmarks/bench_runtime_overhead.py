"""Per-call overhead of tfcompat's shimmed spellings against the native TF 2 ones.

Prints, side by side, eager time per call (best of interleaved repeats) and the
time to build the same ops in a graph, with shim/native ratios.

    PYTHONPATH=.:lint python benchmarks/bench_runtime_overhead.py [--calls 2000]
"""
from __future__ import annotations

import argparse
import os
import timeit
import warnings
from typing import Any, Callable

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

import tfcompat.ops as ops  # noqa: E402

Pair = tuple[Callable[..., Any], Callable[..., Any]]


def pairs(t: Callable[[np.ndarray], Any]) -> dict[str, Pair]:
    """(shim, native) callables over inputs made by ``t`` (constants, eager or graph).

    Native calls are spelled positionally where TF allows: its fastest form.
    """
    rng = np.random.default_rng(0)
    x, y = t(rng.standard_normal((8, 16), np.float32)), t(rng.standard_normal((8, 16), np.float32))
    a, b = t(rng.standard_normal((4, 8, 1), np.float32)), t(rng.standard_normal((4, 1, 8), np.float32))
    labels = t(np.eye(16, dtype=np.float32)[rng.integers(0, 16, 8)])
    xent = tf.compat.v1.nn.softmax_cross_entropy_with_logits
    return {
        # A/A control: native against itself; its distance from 1.000 is the noise floor.
        "control: matmul vs matmul": (lambda: tf.matmul(a, b), lambda: tf.matmul(a, b)),
        "pack": (lambda: ops.pack([x, y]), lambda: tf.stack([x, y])),
        "mul": (lambda: ops.mul(x, y), lambda: tf.multiply(x, y)),
        "batch_matmul": (lambda: ops.batch_matmul(a, b), lambda: tf.matmul(a, b)),
        "batch_matmul adj_y": (lambda: ops.batch_matmul(a, a, adj_y=True),
                               lambda: tf.matmul(a, a, False, False, False, True)),
        "split(1, 4, x) 0.x": (lambda: ops.split(1, 4, x), lambda: tf.split(x, 4, 1)),
        "split(x, 4, 1) 1.x": (lambda: ops.split(x, 4, 1), lambda: tf.split(x, 4, 1)),
        "concat(1, [x, y]) 0.x": (lambda: ops.concat(1, [x, y]), lambda: tf.concat([x, y], 1)),
        "concat([x, y], 1) 1.x": (lambda: ops.concat([x, y], 1), lambda: tf.concat([x, y], 1)),
        "reverse(x, [True, False])": (lambda: ops.reverse(x, [True, False]), lambda: tf.reverse(x, [0])),
        "softmax_xent(logits, labels)": (lambda: ops.softmax_cross_entropy_with_logits(x, labels),
                                         lambda: xent(labels=labels, logits=x)),
    }


def best_per_call(fn: Callable[[], Any], calls: int) -> float:
    return timeit.timeit(fn, number=calls) / calls


def eager_table(calls: int, repeats: int) -> list[tuple[str, float, float, float]]:
    """Best time per call of each side, and the median ratio of back-to-back batches.

    Short batches, alternating shim and native, make the ratio robust to the
    load changes of a shared machine.
    """
    rows = []
    for name, (shim, native) in pairs(tf.constant).items():
        shim(), native()  # warm up (first-call tracing, the one warning)
        shim_times, native_times = [], []
        for _ in range(repeats):
            shim_times.append(best_per_call(shim, calls))
            native_times.append(best_per_call(native, calls))
        ratio = float(np.median(np.array(shim_times) / np.array(native_times)))
        rows.append((name, min(shim_times), min(native_times), ratio))
    return rows


def graph_table(ops_per_graph: int, repeats: int) -> list[tuple[str, float, float, float]]:
    def build_time(pick: int, name: str) -> float:
        with tf.Graph().as_default():
            fn = pairs(tf.constant)[name][pick]
            return timeit.timeit(fn, number=ops_per_graph) / ops_per_graph

    rows = []
    for name in pairs(lambda v: v):
        shim_times, native_times = [], []
        for _ in range(repeats):
            shim_times.append(build_time(0, name))
            native_times.append(build_time(1, name))
        ratio = float(np.median(np.array(shim_times) / np.array(native_times)))
        rows.append((name, min(shim_times), min(native_times), ratio))
    return rows


def wrapper_overhead_ns(calls: int = 200_000) -> float:
    """What a renamed shim adds per call, measured around a no-op instead of a TF op."""
    from tfcompat.ops._renamed import renamed

    def noop(a: Any, b: Any) -> Any:
        return a

    shim = renamed("tf.noop", "tf.noop", noop)
    shim(1, 2)
    direct = min(timeit.repeat(lambda: noop(1, 2), number=calls, repeat=5))
    shimmed = min(timeit.repeat(lambda: shim(1, 2), number=calls, repeat=5))
    return (shimmed - direct) / calls * 1e9


def print_table(title: str, rows: list[tuple[str, float, float, float]]) -> None:
    print(f"\n{title}")
    print(f"{'op':32} {'shim us':>10} {'native us':>10} {'ratio':>7}")
    for name, shim, native, ratio in rows:
        print(f"{name:32} {shim * 1e6:10.2f} {native * 1e6:10.2f} {ratio:7.3f}")
    ratios = [ratio for name, *_, ratio in rows if not name.startswith("control")]
    print(f"{'geometric mean ratio (shims)':32} {'':10} {'':10} {float(np.exp(np.mean(np.log(ratios)))):7.3f}")
    print("(times: best batch; ratio: median over back-to-back shim/native batches)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200, help="eager calls per batch")
    parser.add_argument("--repeats", type=int, default=31, help="batches per side")
    parser.add_argument("--graph-ops", type=int, default=50, help="ops built per graph batch")
    args = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)
    print(f"TensorFlow {tf.__version__}, device: {'GPU' if tf.config.list_physical_devices('GPU') else 'CPU'}")
    print(f"renamed-shim wrapper overhead: {wrapper_overhead_ns():.0f} ns per call (around a no-op)")
    print_table("eager: time per call", eager_table(args.calls, args.repeats))
    print_table("graph building: time per op added", graph_table(args.graph_ops, args.repeats))


if __name__ == "__main__":
    main()
