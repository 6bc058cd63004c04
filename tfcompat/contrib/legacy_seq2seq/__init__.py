"""``tf.contrib.legacy_seq2seq`` (0.x ``tf.nn.seq2seq``, ``tensorflow.python.ops.seq2seq``), Keras-free.

Graph-mode models on tfcompat's cells, with TF 1.x's variable names (TF 1.15:
tensorflow/contrib/legacy_seq2seq/python/ops/seq2seq.py). ``EmbeddingWrapper`` (TF 1.x
``tf.contrib.rnn.EmbeddingWrapper``) is here too, outside ``__all__``.
"""
from ._decoders import attention_decoder, embedding_attention_decoder, embedding_rnn_decoder, rnn_decoder
from ._embedding_wrapper import EmbeddingWrapper
from ._losses import model_with_buckets, sequence_loss, sequence_loss_by_example
from ._models import (
    basic_rnn_seq2seq,
    embedding_attention_seq2seq,
    embedding_rnn_seq2seq,
    embedding_tied_rnn_seq2seq,
    one2many_rnn_seq2seq,
    tied_rnn_seq2seq,
)
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

__all__ = exported(__name__)


__getattr__ = left_out(__name__)
