"""``tf.contrib.crf`` (TF 1.15): linear-chain CRF log-likelihood, forward algorithm and Viterbi decoding, Keras-free."""
from tfcompat.contrib.crf._crf import (
    CrfDecodeBackwardRnnCell, CrfDecodeForwardRnnCell, CrfForwardRnnCell, crf_binary_score, crf_decode,
    crf_log_likelihood, crf_log_norm, crf_multitag_sequence_score, crf_sequence_score, crf_unary_score,
    viterbi_decode)
from tfcompat.spec.served import exported

__all__ = exported(__name__)
