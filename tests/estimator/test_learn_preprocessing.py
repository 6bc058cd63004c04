"""``tfcompat.contrib.learn.preprocessing``: TF 1.x's tokenizer, vocabulary and word-id matrices."""
from __future__ import annotations

import pickle
import pickletools
from pathlib import Path

import numpy as np
import pytest

from tfcompat.contrib.learn import preprocessing
from tfcompat.contrib.learn.preprocessing import CategoricalVocabulary, VocabularyProcessor

DOCS = ["the cat sat", "the dog sat down", "a cat"]


@pytest.mark.parametrize("text, tokens", [
    ("Hello WORLD, isn't it", ["Hello", "WORLD", "isn't", "it"]),
    ("CamelCase words", ["Camel", "Case", "words"]),       # a capitalized word before a capital splits off
    ("ABCdef NASA-grade", ["AB", "Cdef", "NASA", "-grade"]),  # capitals run until one starts a lowercase word
    ("x_1 + y-2!", ["x_1", "y-2"]),
])
def test_tokenizer_follows_tf1_regex(text: str, tokens: list[str]) -> None:
    assert next(preprocessing.tokenizer([text])) == tokens


def test_fit_transform_numbers_words_in_first_sight_order() -> None:
    processor = VocabularyProcessor(max_document_length=3)
    ids = np.array(list(processor.fit_transform(DOCS)))
    # the=1 cat=2 sat=3 dog=4 down=5 a=6; the 4th word of doc 2 is cut; doc 3 is padded with 0.
    np.testing.assert_array_equal(ids, [[1, 2, 3], [1, 4, 3], [6, 2, 0]])
    assert ids.dtype == np.int64 and len(processor.vocabulary_) == 7
    np.testing.assert_array_equal(list(processor.transform(["the bird sat"])), [[1, 0, 3]])  # frozen: unknown is 0
    assert list(processor.reverse([[1, 4, 0]])) == ["the dog <UNK>"]


def test_min_frequency_keeps_frequent_words_ranked_by_count() -> None:
    processor = VocabularyProcessor(max_document_length=4, min_frequency=1).fit(DOCS)
    # counts: the 2, cat 2, sat 2, others 1; kept: count > 1, by falling count, ties in sorted order.
    assert [processor.vocabulary_.reverse(i) for i in range(len(processor.vocabulary_))] == [
        "<UNK>", "cat", "sat", "the"]
    np.testing.assert_array_equal(list(processor.transform(["the dog sat"])), [[3, 0, 2, 0]])


def test_given_vocabulary_and_tokenizer_are_used() -> None:
    vocabulary = CategoricalVocabulary(unknown_token="?")
    processor = VocabularyProcessor(2, vocabulary=vocabulary, tokenizer_fn=lambda docs: (d.split(",") for d in docs))
    np.testing.assert_array_equal(list(processor.fit_transform(["a b,c"])), [[1, 2]])
    assert processor.vocabulary_ is vocabulary and vocabulary.reverse(1) == "a b"
    with pytest.raises(ValueError, match="support_reverse"):
        CategoricalVocabulary(support_reverse=False).reverse(0)


def test_save_and_restore_round_trip(tmp_path: Path) -> None:
    processor = VocabularyProcessor(3).fit(DOCS)
    processor.save(str(tmp_path / "vocab"))
    restored = VocabularyProcessor.restore(str(tmp_path / "vocab"))
    np.testing.assert_array_equal(list(restored.transform(DOCS)), list(processor.transform(DOCS)))


def test_restore_reads_a_tf1_pickle(tmp_path: Path) -> None:
    """A file TF 1.x's ``save`` wrote names TF's modules; protocol 0 spells each class as ``c<module>\\n<name>``."""
    text = pickle.dumps(VocabularyProcessor(3).fit(DOCS), protocol=0)
    ours = b"ctfcompat.contrib.learn.preprocessing\n"
    tf_text = b"ctensorflow.contrib.learn.python.learn.preprocessing.text\n"
    tf_vocab = b"ctensorflow.contrib.learn.python.learn.preprocessing.categorical_vocabulary\n"
    text = text.replace(ours + b"CategoricalVocabulary", tf_vocab + b"CategoricalVocabulary").replace(ours, tf_text)
    assert ours not in text and tf_vocab in text
    (tmp_path / "tf1_vocab").write_bytes(text)
    restored = VocabularyProcessor.restore(str(tmp_path / "tf1_vocab"))
    assert isinstance(restored, VocabularyProcessor) and isinstance(restored.vocabulary_, CategoricalVocabulary)
    np.testing.assert_array_equal(list(restored.transform(DOCS)), [[1, 2, 3], [1, 4, 3], [6, 2, 0]])


def _as_python2_strings(text: bytes) -> bytes:
    """Protocol-0 unicode strings (opcode ``V``) written as Python 2's byte strings (``S'...'``) of their UTF-8."""
    ops = list(pickletools.genops(text))
    out, done = [], 0
    for (opcode, arg, pos), (_, _, end) in zip(ops, [*ops[1:], (None, None, len(text))]):
        if opcode.name == "UNICODE":
            escaped = "".join(c if 32 <= ord(c) < 127 and c not in "'\\" else "\\x%02x" % ord(c)
                              for c in arg.encode("utf-8").decode("latin-1"))
            out += [text[done:pos], b"S'" + escaped.encode("ascii") + b"'\n"]
            done = end
    return b"".join(out) + text[done:]


def test_restore_reads_python2_byte_strings_as_utf8(tmp_path: Path) -> None:
    docs = ["café crème", "crème brûlée"]
    text = _as_python2_strings(pickle.dumps(VocabularyProcessor(2).fit(docs), protocol=0))
    assert b"S'caf\\xc3\\xa9'" in text and b"Vcaf" not in text
    (tmp_path / "py2_vocab").write_bytes(text)
    restored = VocabularyProcessor.restore(str(tmp_path / "py2_vocab"))
    np.testing.assert_array_equal(list(restored.transform(docs)), [[1, 2], [2, 3]])
    assert list(restored.reverse([[3, 1]])) == ["brûlée café"]


def test_byte_processor_round_trip() -> None:
    processor = preprocessing.ByteProcessor(4)
    ids = list(processor.fit_transform(["ab", "héllo"]))
    np.testing.assert_array_equal(ids, [[97, 98, 0, 0], list("héllo".encode())[:4]])
    assert list(processor.reverse(ids[:1])) == ["ab"]
