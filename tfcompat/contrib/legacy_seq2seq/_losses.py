"""The sequence losses and ``model_with_buckets`` of ``tf.contrib.legacy_seq2seq``.

TF 1.15: tensorflow/contrib/legacy_seq2seq/python/ops/seq2seq.py (sequence_loss_by_example, sequence_loss,
model_with_buckets).
"""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf

v1 = tf.compat.v1


def sequence_loss_by_example(logits: list, targets: list, weights: list, average_across_timesteps: Any = True,
                             softmax_loss_function: Callable | None = None, name: str | None = None) -> tf.Tensor:
    """Weighted cross-entropy per example, summed over the time steps (divided by their weights if averaging)."""
    if len(targets) != len(logits) or len(weights) != len(logits):
        raise ValueError(f"Lengths of logits, weights, and targets must be the same "
                         f"{len(logits)}, {len(weights)}, {len(targets)}.")
    with v1.name_scope(name, "sequence_loss_by_example", logits + targets + weights):
        log_perp_list = []
        for logit, target, weight in zip(logits, targets, weights):
            if softmax_loss_function is None:
                target = tf.reshape(target, [-1])
                crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target, logits=logit)
            else:
                crossent = softmax_loss_function(labels=target, logits=logit)
            log_perp_list.append(crossent * weight)
        log_perps = tf.add_n(log_perp_list)
        if average_across_timesteps:
            total_size = tf.add_n(weights) + 1e-12  # avoid division by 0 for all-0 weights
            log_perps /= total_size
    return log_perps


def sequence_loss(logits: list, targets: list, weights: list, average_across_timesteps: Any = True,
                  average_across_batch: bool = True, softmax_loss_function: Callable | None = None,
                  name: str | None = None) -> tf.Tensor:
    """Sum of `sequence_loss_by_example`, divided by the batch size if averaging across it."""
    with v1.name_scope(name, "sequence_loss", logits + targets + weights):
        cost = tf.reduce_sum(sequence_loss_by_example(logits, targets, weights, average_across_timesteps,
                                                      softmax_loss_function))
        if average_across_batch:
            batch_size = tf.shape(targets[0])[0]
            return cost / tf.cast(batch_size, cost.dtype)
        return cost


def model_with_buckets(encoder_inputs: list, decoder_inputs: list, targets: list, weights: list, buckets: list,
                       seq2seq: Callable, softmax_loss_function: Callable | None = None,
                       per_example_loss: bool = False, name: str | None = None) -> tuple:
    """One ``seq2seq`` graph per bucket (variables shared), each with its sequence loss: ``(outputs, losses)``."""
    if len(encoder_inputs) < buckets[-1][0]:
        raise ValueError(f"Length of encoder_inputs ({len(encoder_inputs)}) must be at least that of last "
                         f"bucket ({buckets[-1][0]}).")
    if len(targets) < buckets[-1][1]:
        raise ValueError(f"Length of targets ({len(targets)}) must be at least that of last bucket "
                         f"({buckets[-1][1]}).")
    if len(weights) < buckets[-1][1]:
        raise ValueError(f"Length of weights ({len(weights)}) must be at least that of last bucket "
                         f"({buckets[-1][1]}).")
    loss_fn = sequence_loss_by_example if per_example_loss else sequence_loss
    outputs, losses = [], []
    with v1.name_scope(name, "model_with_buckets", encoder_inputs + decoder_inputs + targets + weights):
        for index, (encoder_length, decoder_length) in enumerate(buckets):
            with v1.variable_scope(v1.get_variable_scope(), reuse=True if index > 0 else None):
                bucket_outputs, _ = seq2seq(encoder_inputs[:encoder_length], decoder_inputs[:decoder_length])
                outputs.append(bucket_outputs)
                losses.append(loss_fn(bucket_outputs, targets[:decoder_length], weights[:decoder_length],
                                      softmax_loss_function=softmax_loss_function))
    return outputs, losses
