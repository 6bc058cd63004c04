"""LSTM training step, side by side: Keras 3 ``LSTM``, tfcompat fused ``dynamic_rnn``, plain cell loop.

Batch 64, 100 time steps, 128 inputs, 256 units, fp32, SGD on a sum-of-squares loss.
``python benchmarks/bench_lstm.py`` (``--steps 10 --rounds 1 --iters 2`` for a quick run); medians of
round-robin rounds, so load from other processes affects every implementation alike.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import os
import time
from typing import Callable

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

v1 = tf.compat.v1


def _median_ms(steps: dict[str, Callable[[], object]], warmup: int, iters: int, rounds: int) -> dict[str, float]:
    """Round-robin timing (``rounds`` x ``iters`` steps each) so background load hits every entry alike."""
    for step in steps.values():
        for _ in range(warmup):
            step()
    samples: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            start = time.perf_counter()
            for _ in range(iters):
                step()
            samples[name].append((time.perf_counter() - start) / iters * 1000.0)
    return {name: float(np.median(values)) for name, values in samples.items()}


def keras_lstm_step(x: np.ndarray, units: int) -> Callable[[], object]:
    """Keras 3 ``LSTM`` layer trained with a compiled ``tf.function`` step."""
    import keras

    layer = keras.layers.LSTM(units, return_sequences=True)
    layer.build(x.shape)
    optimizer = keras.optimizers.SGD(0.01)
    inputs = tf.constant(x)

    @tf.function
    def step() -> tf.Tensor:
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(layer(inputs)))
        optimizer.apply_gradients(zip(tape.gradient(loss, layer.trainable_variables), layer.trainable_variables))
        return loss

    return lambda: step().numpy()


def keras_model_step(x: np.ndarray, units: int) -> Callable[[], object]:
    """Keras 3 ``LSTM`` in a compiled model, ``train_on_batch`` (Keras' own default, XLA when it chooses)."""
    import keras

    model = keras.Sequential([keras.Input(x.shape[1:]), keras.layers.LSTM(units, return_sequences=True)])
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss=lambda _, y: keras.ops.sum(keras.ops.square(y)))
    target = np.zeros((x.shape[0], x.shape[1], units), np.float32)
    return lambda: model.train_on_batch(x, target)


def tfcompat_lstm_step(x: np.ndarray, units: int, fused: bool, cudnn: bool = False) -> Callable[[], object]:
    """``dynamic_rnn(BasicLSTMCell)`` in a TF 1.x graph; ``fused=False`` forces the per-step cell loop,
    ``cudnn=True`` builds the fused path with ``TFCOMPAT_CUDNN=1`` (GPU only)."""
    from tfcompat import rnn, rnn_cell
    from tfcompat.rnn_cell._cudnn import CUDNN_ENV

    graph = tf.Graph()
    os.environ[CUDNN_ENV] = "1" if cudnn else "0"
    with graph.as_default():
        inputs = tf.constant(x)
        cell = rnn_cell.BasicLSTMCell(units)
        run_cell = cell if fused else rnn_cell.DeviceWrapper(cell, "/cpu:0")  # wrappers skip the fused path
        outputs, _ = rnn.dynamic_rnn(run_cell, inputs, dtype=tf.float32)
        loss = tf.reduce_sum(tf.square(outputs))
        train = v1.train.GradientDescentOptimizer(0.01).minimize(loss)
        sess = v1.Session(graph=graph)
        sess.run(v1.global_variables_initializer())
    return lambda: sess.run(train)


def block_fused_step(x: np.ndarray, units: int) -> Callable[[], object]:
    """contrib ``LSTMBlockFusedCell``: TensorFlow's ``BlockLSTM`` kernel over the whole sequence."""
    from tfcompat.contrib import rnn as contrib_rnn

    graph = tf.Graph()
    with graph.as_default():
        outputs, _ = contrib_rnn.LSTMBlockFusedCell(units)(tf.transpose(tf.constant(x), [1, 0, 2]),
                                                           dtype=tf.float32)
        train = v1.train.GradientDescentOptimizer(0.01).minimize(tf.reduce_sum(tf.square(outputs)))
        sess = v1.Session(graph=graph)
        sess.run(v1.global_variables_initializer())
    return lambda: sess.run(train)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--steps", type=int, default=100, help="time steps per sequence")
    parser.add_argument("--inputs", type=int, default=128)
    parser.add_argument("--units", type=int, default=256)
    parser.add_argument("--iters", type=int, default=5, help="timed training steps per round")
    parser.add_argument("--rounds", type=int, default=5, help="round-robin rounds; the median is reported")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--memory", action="store_true",
                        help="also measure each variant's peak memory, each in its own process")
    parser.add_argument("--only", help=argparse.SUPPRESS)  # one variant (or 'none'), for --memory's children
    args = parser.parse_args()
    x = np.random.default_rng(0).standard_normal((args.batch, args.steps, args.inputs)).astype(np.float32)
    device = "GPU" if tf.config.list_physical_devices("GPU") else "CPU"
    print(f"LSTM training step, batch {args.batch}, {args.steps} steps, {args.inputs} inputs, "
          f"{args.units} units, fp32, {device}, TF {tf.__version__}")
    builders = {
        "keras3 LSTM": lambda: keras_lstm_step(x, args.units),
        "keras3 LSTM model.train_on_batch": lambda: keras_model_step(x, args.units),
        "tfcompat fused dynamic_rnn": lambda: tfcompat_lstm_step(x, args.units, fused=True),
        "tfcompat dynamic_rnn(BasicLSTMCell) loop": lambda: tfcompat_lstm_step(x, args.units, fused=False),
        "tfcompat contrib LSTMBlockFusedCell": lambda: block_fused_step(x, args.units),
    }
    if device == "GPU":
        builders["tfcompat fused dynamic_rnn, cuDNN"] = lambda: tfcompat_lstm_step(x, args.units, True, cudnn=True)
    if args.only is not None:  # a --memory child: run one variant, the parent reads our peak RSS
        if args.only != "none":
            step = builders[args.only]()
            for _ in range(args.warmup + args.iters):
                step()
        if os.environ.get("TF_CPU_ALLOCATOR_USE_BFC") == "true":
            print(tf.config.experimental.get_memory_info("GPU:0" if device == "GPU" else "CPU:0")["peak"])
        return
    steps = {name: build() for name, build in builders.items()}
    results = _median_ms(steps, args.warmup, args.iters, args.rounds)
    keras_ms = results["keras3 LSTM"]
    for name, ms in results.items():
        print(f"{name:42s} {ms:9.2f} ms/step   speed vs keras: {keras_ms / ms:5.2f}x")
    if args.memory:
        _print_memory(list(builders), sys.argv[1:])


def _child(variant: str, argv: list[str]) -> list[str]:
    """This benchmark, run as a child that trains only ``variant`` with the same shapes."""
    return [sys.executable, __file__, *[a for a in argv if a != "--memory"], "--only", variant]


def _peak_mb(variant: str, argv: list[str]) -> float:
    """Peak RSS (MB) of a fresh process that runs one variant's training steps."""
    code = ("import resource, subprocess, sys\n"
            "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *_child(variant, argv)], capture_output=True, text=True,
                         check=True).stdout
    return int(out.split()[-1]) / 1024


def _tensor_peak_mb(variant: str, argv: list[str]) -> float:
    """Peak bytes (MB) of live tensors in a fresh process, from TF's BFC allocator's statistics
    (the GPU's when there is one: the LSTM's tensors live there)."""
    env = {**os.environ, "TF_CPU_ALLOCATOR_USE_BFC": "true"}
    out = subprocess.run(_child(variant, argv), capture_output=True, text=True, check=True, env=env).stdout
    return int(out.split()[-1]) / 2**20


def _print_memory(variants: list[str], argv: list[str]) -> None:
    base = _peak_mb("none", argv)
    print(f"peak memory: RSS above a process that only imports TF and makes the data ({base:.0f} MB), and")
    print("the peak of live tensors (TF's BFC allocator's statistics; no allocator caching or fragmentation)")
    keras = _peak_mb("keras3 LSTM", argv) - base
    keras_tensors = _tensor_peak_mb("keras3 LSTM", argv)
    for name in variants:
        extra = keras if name == "keras3 LSTM" else _peak_mb(name, argv) - base
        tensors = keras_tensors if name == "keras3 LSTM" else _tensor_peak_mb(name, argv)
        print(f"{name:42s} RSS {extra:7.1f} MB ({extra / keras:4.2f}x keras)   "
              f"tensors {tensors:6.1f} MB ({tensors / keras_tensors:4.2f}x keras)")


if __name__ == "__main__":
    main()
