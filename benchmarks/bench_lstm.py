"""LSTM training step, side by side: Keras 3 ``LSTM`` and every tfcompat LSTM entry point (GRU rows vs Keras ``GRU``).

Batch 64, 100 time steps, 128 inputs, 256 units, fp32, SGD on a sum-of-squares loss.  Each row prints its time
ratio against its Keras 3 baseline (``LSTM``; ``Bidirectional(LSTM)`` for the bidirectional row; ``GRU``).
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


def keras_step(x: np.ndarray, layer: object) -> Callable[[], object]:
    """A Keras 3 recurrent layer trained with a compiled ``tf.function`` step."""
    import keras

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


def graph_step(build: Callable[[tf.Tensor], object], x: np.ndarray, cudnn: bool = False) -> Callable[[], object]:
    """A TF 1.x graph training step: ``build(inputs [B, T, D])`` returns the outputs (a tensor or a list/tuple
    of them); SGD on their sum of squares.  ``cudnn=True`` builds with ``TFCOMPAT_CUDNN=1`` (GPU only)."""
    from tfcompat.rnn_cell._cudnn import CUDNN_ENV

    graph = tf.Graph()
    os.environ[CUDNN_ENV] = "1" if cudnn else "0"
    with graph.as_default():
        outputs = build(tf.constant(x))
        loss = tf.add_n([tf.reduce_sum(tf.square(o)) for o in tf.nest.flatten(outputs)])
        train = v1.train.GradientDescentOptimizer(0.01).minimize(loss)
        sess = v1.Session(graph=graph)
        sess.run(v1.global_variables_initializer())
    return lambda: sess.run(train)


def tfcompat_builders(units: int) -> dict[str, Callable[[tf.Tensor], object]]:
    """Every tfcompat LSTM entry point (and the GRU ones), each from batch-major inputs [B, T, D]."""
    from tfcompat import rnn, rnn_cell
    from tfcompat.contrib import cudnn_rnn
    from tfcompat.contrib import rnn as contrib_rnn

    def dynamic(make_cell: Callable[[], object]) -> Callable[[tf.Tensor], object]:
        return lambda x: rnn.dynamic_rnn(make_cell(), x, dtype=tf.float32)[0]

    def time_major(layer: Callable[[tf.Tensor], tuple]) -> Callable[[tf.Tensor], object]:
        return lambda x: layer(tf.transpose(x, [1, 0, 2]))[0]

    return {
        "dynamic_rnn(BasicLSTMCell)": dynamic(lambda: rnn_cell.BasicLSTMCell(units)),
        "dynamic_rnn(LSTMCell)": dynamic(lambda: rnn_cell.LSTMCell(units)),
        "dynamic_rnn(LSTMCell peepholes, cell_clip)": dynamic(
            lambda: rnn_cell.LSTMCell(units, use_peepholes=True, cell_clip=3.0)),
        "dynamic_rnn(LSTMCell num_proj)": dynamic(lambda: rnn_cell.LSTMCell(units, num_proj=units // 2)),
        "dynamic_rnn(contrib LSTMBlockCell)": dynamic(lambda: contrib_rnn.LSTMBlockCell(units)),
        "contrib LSTMBlockFusedCell": time_major(lambda x: contrib_rnn.LSTMBlockFusedCell(units)(x, dtype=tf.float32)),
        "contrib cudnn_rnn.CudnnLSTM": time_major(cudnn_rnn.CudnnLSTM(1, units)),
        "static_rnn(BasicLSTMCell)": lambda x: rnn.static_rnn(rnn_cell.BasicLSTMCell(units), tf.unstack(x, axis=1),
                                                              dtype=tf.float32)[0],
        "dynamic_rnn(BasicLSTMCell), plain cell loop": dynamic(  # wrappers skip the fused path
            lambda: rnn_cell.DeviceWrapper(rnn_cell.BasicLSTMCell(units), "/cpu:0")),
        "bidirectional_dynamic_rnn(BasicLSTMCell)": lambda x: rnn.bidirectional_dynamic_rnn(
            rnn_cell.BasicLSTMCell(units), rnn_cell.BasicLSTMCell(units), x, dtype=tf.float32)[0],
        "dynamic_rnn(GRUCell)": dynamic(lambda: rnn_cell.GRUCell(units)),
        "dynamic_rnn(contrib GRUBlockCell)": dynamic(lambda: contrib_rnn.GRUBlockCell(units)),
        "contrib cudnn_rnn.CudnnGRU": time_major(cudnn_rnn.CudnnGRU(1, units)),
    }


# Which Keras 3 layer each row is measured against.
def _baseline(name: str) -> str:
    if "GRU" in name:
        return "keras3 GRU"
    return "keras3 Bidirectional(LSTM)" if "bidirectional" in name.lower() else "keras3 LSTM"


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
    parser.add_argument("--filter", help="only the rows whose name contains this text (and the Keras baselines)")
    parser.add_argument("--only", help=argparse.SUPPRESS)  # one variant (or 'none'), for --memory's children
    args = parser.parse_args()
    x = np.random.default_rng(0).standard_normal((args.batch, args.steps, args.inputs)).astype(np.float32)
    device = "GPU" if tf.config.list_physical_devices("GPU") else "CPU"
    print(f"LSTM training step, batch {args.batch}, {args.steps} steps, {args.inputs} inputs, "
          f"{args.units} units, fp32, {device}, TF {tf.__version__}")
    import keras

    builders: dict[str, Callable[[], Callable[[], object]]] = {
        "keras3 LSTM": lambda: keras_step(x, keras.layers.LSTM(args.units, return_sequences=True)),
        "keras3 LSTM model.train_on_batch": lambda: keras_model_step(x, args.units),
        "keras3 Bidirectional(LSTM)": lambda: keras_step(
            x, keras.layers.Bidirectional(keras.layers.LSTM(args.units, return_sequences=True))),
        "keras3 GRU": lambda: keras_step(x, keras.layers.GRU(args.units, return_sequences=True)),
    }
    for name, build in tfcompat_builders(args.units).items():
        builders[f"tfcompat {name}"] = lambda build=build: graph_step(build, x)
    if device == "GPU":
        builders["tfcompat dynamic_rnn(BasicLSTMCell), cuDNN"] = lambda: graph_step(
            tfcompat_builders(args.units)["dynamic_rnn(BasicLSTMCell)"], x, cudnn=True)
    if args.filter:
        builders = {name: build for name, build in builders.items()
                    if name.startswith("keras3") or args.filter in name}
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
    for name, ms in results.items():
        base = _baseline(name)
        print(f"{name:52s} {ms:9.2f} ms/step   speed vs {base}: {results[base] / ms:5.2f}x")
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
    rss = {name: _peak_mb(name, argv) - base for name in variants}
    tensors = {name: _tensor_peak_mb(name, argv) for name in variants}
    for name in variants:
        keras = _baseline(name)
        print(f"{name:52s} RSS {rss[name]:7.1f} MB ({rss[name] / rss[keras]:4.2f}x)   "
              f"tensors {tensors[name]:6.1f} MB ({tensors[name] / tensors[keras]:4.2f}x {keras})")


if __name__ == "__main__":
    main()
