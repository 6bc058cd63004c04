"""seq2seq on the GPU gives the CPU's numbers (skipped without a GPU): an attention decoder's training step,
``BeamSearchDecoder`` over attention, and legacy ``embedding_attention_seq2seq``; the unit tests hold the CPU
against numpy."""
from __future__ import annotations

from typing import Callable

import numpy as np
import pytest
import tensorflow as tf

from tfcompat import layers, rnn_cell
from tfcompat.contrib import legacy_seq2seq, seq2seq

v1 = tf.compat.v1
pytestmark = pytest.mark.gpu
B, T, TM, E, H, V, K = 4, 5, 6, 3, 8, 9, 3
RNG = np.random.RandomState(5)
MEMORY = RNG.randn(B, TM, H).astype(np.float32)
MEMORY_LENGTHS = np.array([6, 3, 5, 1], np.int32)
INPUTS = RNG.randn(B, T, E).astype(np.float32)
TARGETS = RNG.randint(0, V, (B, T)).astype(np.int32)
TARGET_LENGTHS = np.array([5, 2, 4, 3], np.int32)
EMBEDDING = RNG.randn(V, E).astype(np.float32)


@pytest.fixture(autouse=True)
def _needs_gpu():
    if not tf.config.list_physical_devices("GPU"):
        pytest.skip("no GPU visible")


def _attention_training_step() -> tuple:
    mechanism = seq2seq.BahdanauAttention(H, tf.constant(MEMORY), tf.constant(MEMORY_LENGTHS), normalize=True)
    cell = seq2seq.AttentionWrapper(rnn_cell.LSTMCell(H), mechanism, attention_layer_size=H, alignment_history=True)
    helper = seq2seq.TrainingHelper(tf.constant(INPUTS), tf.constant(TARGET_LENGTHS))
    decoder = seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32), output_layer=layers.Dense(V))
    outputs, state, _ = seq2seq.dynamic_decode(decoder, impute_finished=True)
    weights = tf.sequence_mask(TARGET_LENGTHS, tf.shape(outputs.rnn_output)[1], tf.float32)
    loss = seq2seq.sequence_loss(outputs.rnn_output, TARGETS[:, :T], weights)
    train = v1.train.GradientDescentOptimizer(0.5).minimize(loss)
    return [loss, outputs.rnn_output, state.alignment_history.stack()], train


def _beam_search() -> tuple:
    memory = seq2seq.tile_batch(tf.constant(MEMORY), K)
    mechanism = seq2seq.LuongAttention(H, memory, seq2seq.tile_batch(tf.constant(MEMORY_LENGTHS), K), scale=True)
    cell = seq2seq.AttentionWrapper(rnn_cell.GRUCell(H), mechanism, attention_layer_size=H)
    embedding = v1.get_variable("embedding", initializer=EMBEDDING)
    decoder = seq2seq.BeamSearchDecoder(cell, embedding, tf.fill([B], 0), 1, cell.zero_state(B * K, tf.float32), K,
                                        output_layer=layers.Dense(V), length_penalty_weight=0.6,
                                        coverage_penalty_weight=0.2)
    outputs, state, lengths = seq2seq.dynamic_decode(decoder, maximum_iterations=8)
    raw = outputs.beam_search_decoder_output
    return [outputs.predicted_ids, raw.scores, raw.parent_ids, state.lengths, lengths], None


def _legacy_attention_seq2seq() -> tuple:
    encoder_inputs = [tf.constant(TARGETS[:, t]) for t in range(T)]
    decoder_inputs = [tf.constant(TARGETS[:, t]) for t in range(3)]
    outputs, state = legacy_seq2seq.embedding_attention_seq2seq(
        encoder_inputs, decoder_inputs, rnn_cell.GRUCell(H), V, V, E, num_heads=2)
    loss = legacy_seq2seq.sequence_loss(outputs, decoder_inputs[1:] + decoder_inputs[:1],
                                        [tf.ones([B])] * len(decoder_inputs))
    train = v1.train.GradientDescentOptimizer(0.5).minimize(loss)
    return [loss, outputs, state], train


def _run_on(device: str, build: Callable, weights: dict) -> tuple:
    """Fetches, the variables after one training step, and the devices that ran ops, on ``device``."""
    with tf.Graph().as_default():
        with tf.device(device):
            fetches, train = build()
        with v1.Session(config=v1.ConfigProto(allow_soft_placement=True)) as session:
            for variable in v1.global_variables():
                variable.load(weights[variable.op.name], session)
            metadata = v1.RunMetadata()
            values = session.run(fetches, options=v1.RunOptions(output_partition_graphs=True),
                                 run_metadata=metadata)
            if train is not None:
                session.run(train)
            after = {v.op.name: session.run(v) for v in v1.global_variables()}
    matmul_devices = {node.device for graph in metadata.partition_graphs for node in graph.node
                      if "MatMul" in node.op}
    return values, after, matmul_devices


@pytest.mark.parametrize("build", [_attention_training_step, _beam_search, _legacy_attention_seq2seq],
                         ids=["attention_training_step", "beam_search", "legacy_embedding_attention_seq2seq"])
def test_decoder_on_gpu_matches_cpu(build: Callable) -> None:
    with tf.Graph().as_default():
        v1.set_random_seed(0)
        with tf.device("/cpu:0"):
            build()
        with v1.Session() as session:
            session.run(v1.global_variables_initializer())
            weights = {v.op.name: session.run(v) for v in v1.global_variables()}
    cpu, cpu_after, _ = _run_on("/cpu:0", build, weights)
    gpu, gpu_after, devices = _run_on("/gpu:0", build, weights)
    assert any(d.endswith("GPU:0") for d in devices), devices  # the matmuls ran on the GPU
    for a, b in zip(tf.nest.flatten(cpu), tf.nest.flatten(gpu)):
        if np.issubdtype(np.asarray(a).dtype, np.integer):
            np.testing.assert_array_equal(a, b)
        else:
            np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    for name, value in cpu_after.items():
        np.testing.assert_allclose(gpu_after[name], value, rtol=1e-4, atol=1e-5, err_msg=name)
