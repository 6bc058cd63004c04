#!/usr/bin/env bash
# The GPU checks, in one short run on a machine with a GPU: every `gpu`-marked test (shim ops, every cell and
# the fused paths against CPU results, the contrib.cudnn_rnn layers on cuDNN against the CPU path, the seq2seq
# decoders against the CPU), then the LSTM benchmark (where Keras uses cuDNN).
set -euo pipefail
cd "$(dirname "$0")/.."
python -c "import tensorflow as tf, sys; sys.exit(0 if tf.config.list_physical_devices('GPU') else 'no GPU visible')"
python -m pytest -m gpu -q tests/runtime tests/rnn tests/seq2seq/test_gpu_decoders.py
python benchmarks/bench_lstm.py --iters 5 --rounds 3 --memory
