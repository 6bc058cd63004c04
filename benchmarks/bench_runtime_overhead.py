"""Per-call overhead of tfcompat's shimmed spellings against the native TF 2 ones.

Prints, side by side, eager time per call (best of interleaved repeats) and the
time to build the same ops in a graph, with shim/native ratios.  Ratios under 1
are real: the shims call TF's ops below their pass-through Python layers
(``tfcompat/ops/_direct.py``), and the 0.x ``reverse`` hands TF its axes as an
int32 array, which TF's eager fast path takes where a Python list is slow; the
"int32 axis" row compares against that fastest native form.

    PYTHONPATH=.:lint python benchmarks/bench_runtime_overhead.py [--calls 200]
"""
from __future__ import annotations

import argparse
import os
import random
import timeit
import warnings
from typing import Any, Callable

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

import tfcompat.ops as ops  # noqa: E402

Pair = tuple[str, str]


def namespace(t: Callable[[np.ndarray], Any]) -> dict[str, Any]:
    """The names the statements use, with inputs made by ``t`` (constants, eager or graph)."""
    rng = np.random.default_rng(0)
    return {
        "tf": tf, "ops": ops, "xent": tf.compat.v1.nn.softmax_cross_entropy_with_logits,
        "x": t(rng.standard_normal((8, 16), np.float32)), "y": t(rng.standard_normal((8, 16), np.float32)),
        "a": t(rng.standard_normal((4, 8, 1), np.float32)), "b": t(rng.standard_normal((4, 1, 8), np.float32)),
        "labels": t(np.eye(16, dtype=np.float32)[rng.integers(0, 16, 8)]),
        "axis0": np.array([0], np.int32),
    }


# (shim, native) statements.  Native calls are spelled positionally where TF
# allows: its fastest form.
PAIRS: dict[str, Pair] = {
    # A/A control: native against itself; its distance from 1.000 is the noise floor.
    "control: matmul vs matmul": ("tf.matmul(a, b)", "tf.matmul(a, b)"),
    "pack": ("ops.pack([x, y])", "tf.stack([x, y])"),
    "mul": ("ops.mul(x, y)", "tf.multiply(x, y)"),
    "batch_matmul": ("ops.batch_matmul(a, b)", "tf.matmul(a, b)"),
    "batch_matmul adj_y": ("ops.batch_matmul(a, a, adj_y=True)", "tf.matmul(a, a, False, False, False, True)"),
    "split(1, 4, x) 0.x": ("ops.split(1, 4, x)", "tf.split(x, 4, 1)"),
    "split(x, 4, 1) 1.x": ("ops.split(x, 4, 1)", "tf.split(x, 4, 1)"),
    "concat(1, [x, y]) 0.x": ("ops.concat(1, [x, y])", "tf.concat([x, y], 1)"),
    "concat([x, y], 1) 1.x": ("ops.concat([x, y], 1)", "tf.concat([x, y], 1)"),
    "reverse(x, [True, False])": ("ops.reverse(x, [True, False])", "tf.reverse(x, [0])"),
    "reverse, native int32 axis": ("ops.reverse(x, [True, False])", "tf.reverse(x, axis0)"),
    "softmax_xent(logits, labels)": ("ops.softmax_cross_entropy_with_logits(x, labels)",
                                     "xent(labels=labels, logits=x)"),
}


def eager_table(calls: int, repeats: int, pairs: dict[str, Pair]) -> list[tuple[str, float, float, float]]:
    """Best time per call of each side, and the median ratio of back-to-back batches.

    Each batch runs one statement ``calls`` times in timeit's loop, the way a
    training loop calls ops.  Short batches, shim and native back to back in a
    random order, make the ratio robust to the load changes of a shared machine.
    """
    names = namespace(tf.constant)
    order = random.Random(0)
    rows = []
    for name, statements in pairs.items():
        timers = [timeit.Timer(statement, globals=names) for statement in statements]
        for timer in timers:  # warm up (first-call tracing, the one warning)
            timer.timeit(2)
        times: tuple[list[float], list[float]] = ([], [])
        for _ in range(repeats):
            sides = [0, 1]
            order.shuffle(sides)
            for side in sides:
                times[side].append(timers[side].timeit(calls) / calls)
        ratio = float(np.median(np.array(times[0]) / np.array(times[1])))
        rows.append((name, min(times[0]), min(times[1]), ratio))
    return rows


def graph_table(ops_per_graph: int, repeats: int, pairs: dict[str, Pair]) -> list[tuple[str, float, float, float]]:
    def build_time(pick: int, name: str) -> float:
        with tf.Graph().as_default():
            return timeit.timeit(pairs[name][pick], globals=namespace(tf.constant), number=ops_per_graph) / ops_per_graph

    rows = []
    for name in pairs:
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
    names = {"noop": noop, "shim": shim}
    direct = min(timeit.repeat("noop(1, 2)", globals=names, number=calls, repeat=5))
    shimmed = min(timeit.repeat("shim(1, 2)", globals=names, number=calls, repeat=5))
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
    parser.add_argument("--only", default="", help="run the rows whose name contains this text (and the control)")
    args = parser.parse_args()
    pairs = {name: pair for name, pair in PAIRS.items() if args.only in name or name.startswith("control")}
    warnings.simplefilter("ignore", DeprecationWarning)
    warnings.simplefilter("ignore", FutureWarning)  # tfcompat's own warnings
    print(f"TensorFlow {tf.__version__}, device: {'GPU' if tf.config.list_physical_devices('GPU') else 'CPU'}")
    print(f"renamed-shim wrapper overhead: {wrapper_overhead_ns():.0f} ns per call (around a no-op)")
    print_table("eager: time per call", eager_table(args.calls, args.repeats, pairs))
    print_table("graph building: time per op added", graph_table(args.graph_ops, args.repeats, pairs))


if __name__ == "__main__":
    main()
