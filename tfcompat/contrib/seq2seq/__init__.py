"""``tf.contrib.seq2seq`` (TF 1.15) without Keras: helpers, ``BasicDecoder``, ``dynamic_decode``, beam search,
attention mechanisms and ``AttentionWrapper``, ``sequence_loss``; TF 1.x variable names.

What is left out is listed in ``tfcompat/contrib/UNSUPPORTED.md``.
"""
from tfcompat.contrib.seq2seq._attention import (
    AttentionMechanism, BahdanauAttention, BahdanauMonotonicAttention, LuongAttention, LuongMonotonicAttention,
    hardmax, monotonic_attention, safe_cumprod)
from tfcompat.contrib.seq2seq._attention_wrapper import AttentionWrapper, AttentionWrapperState
from tfcompat.contrib.seq2seq._beam_search import (
    BeamSearchDecoder, BeamSearchDecoderOutput, BeamSearchDecoderState, FinalBeamSearchDecoderOutput,
    gather_tree_from_array)
from tfcompat.contrib.seq2seq._decoder import BasicDecoder, BasicDecoderOutput, Decoder, dynamic_decode
from tfcompat.contrib.seq2seq._gather_tree import gather_tree, tile_batch
from tfcompat.contrib.seq2seq._helper import (
    CustomHelper, GreedyEmbeddingHelper, Helper, InferenceHelper, SampleEmbeddingHelper,
    ScheduledEmbeddingTrainingHelper, ScheduledOutputTrainingHelper, TrainingHelper)
from tfcompat.contrib.seq2seq._loss import sequence_loss
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

__all__ = exported(__name__)


__getattr__ = left_out(__name__)
