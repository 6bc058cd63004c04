"""``tf.contrib.learn.preprocessing``: TF 1.15's text-to-ids ``VocabularyProcessor`` and its vocabulary (numpy only).

``VocabularyProcessor.restore`` also reads files that TF 1.x's ``save`` wrote (pickles naming TF's classes).
"""
from __future__ import annotations

import collections
import io
import pickle
import re
from typing import Any, Callable, Iterable, Iterator

import numpy as np
import tensorflow as tf
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

TOKENIZER_RE = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z][a-z]+(?=[A-Z])|[\'\w\-]+", re.UNICODE)


def tokenizer(iterator: Iterable[str]) -> Iterator[list[str]]:
    """TF 1.x's word tokenizer: yields the list of tokens of each string."""
    for value in iterator:
        yield TOKENIZER_RE.findall(value)


class CategoricalVocabulary:
    """Maps categories (words) to ids 1, 2, ... in order of first sight; 0 is the unknown token."""

    def __init__(self, unknown_token: str = "<UNK>", support_reverse: bool = True) -> None:
        self._unknown_token = unknown_token
        self._mapping: dict[Any, int] = {unknown_token: 0}
        self._support_reverse = support_reverse
        if support_reverse:
            self._reverse_mapping = [unknown_token]
        self._freq: Any = collections.defaultdict(int)
        self._freeze = False

    def __len__(self) -> int:
        """The number of ids, the unknown token's included."""
        return len(self._mapping)

    def freeze(self, freeze: bool = True) -> None:
        """Once frozen, unseen categories map to 0 instead of getting new ids."""
        self._freeze = freeze

    def get(self, category: Any) -> int:
        """``category``'s id, adding it first when new and not frozen."""
        if category not in self._mapping:
            if self._freeze:
                return 0
            self._mapping[category] = len(self._mapping)
            if self._support_reverse:
                self._reverse_mapping.append(category)
        return self._mapping[category]

    def add(self, category: Any, count: int = 1) -> None:
        """Counts ``count`` more occurrences of ``category`` (nothing when it maps to the unknown id)."""
        if self.get(category) <= 0:
            return
        self._freq[category] += count

    def trim(self, min_frequency: int, max_frequency: int = -1) -> None:
        """Keeps the categories seen more than ``min_frequency`` times (and fewer than ``max_frequency`` when
        that is > 0), renumbered 1..n by falling count, ties in sorted order."""
        ranked = sorted(sorted(self._freq.items(), key=lambda item: (isinstance(item[0], str), item[0])),
                        key=lambda item: item[1], reverse=True)
        self._mapping = {self._unknown_token: 0}
        if self._support_reverse:
            self._reverse_mapping = [self._unknown_token]
        idx = 1
        for category, count in ranked:
            if max_frequency > 0 and count >= max_frequency:
                continue
            if count <= min_frequency:
                break
            self._mapping[category] = idx
            idx += 1
            if self._support_reverse:
                self._reverse_mapping.append(category)
        self._freq = dict(ranked[:idx - 1])

    def reverse(self, class_id: int) -> Any:
        """The category with id ``class_id``."""
        if not self._support_reverse:
            raise ValueError("This vocabulary wasn't initalized with support_reverse to support reverse() function.")
        return self._reverse_mapping[class_id]


class ByteProcessor:
    """Maps documents to ``max_document_length`` UTF-8 byte ids, zero-padded."""

    def __init__(self, max_document_length: int) -> None:
        self.max_document_length = max_document_length

    def fit(self, x: Any) -> None:
        """Nothing to learn."""

    def fit_transform(self, x: Iterable[Any]) -> Iterator[np.ndarray]:
        """``transform(x)``."""
        return self.transform(x)

    def reverse(self, x: Iterable[np.ndarray]) -> Iterator[str]:
        """The documents back from their byte ids ('' where the bytes are not UTF-8)."""
        for data in x:
            document = np.trim_zeros(data.astype(np.int8), trim="b").tobytes()
            try:
                yield document.decode("utf-8")
            except UnicodeDecodeError:
                yield ""

    def transform(self, x: Iterable[Any]) -> Iterator[np.ndarray]:
        """Each document's first ``max_document_length`` bytes as uint8, zero-padded."""
        for document in x:
            if isinstance(document, str):
                document = document.encode("utf-8")
            buff = np.frombuffer(memoryview(document)[:self.max_document_length], dtype=np.uint8)
            yield np.pad(buff, (0, self.max_document_length - len(buff)), "constant")


class VocabularyProcessor:
    """Maps documents to ``max_document_length`` word ids (trimmed or zero-padded) through ``vocabulary_``."""

    def __init__(self, max_document_length: int, min_frequency: int = 0,
                 vocabulary: CategoricalVocabulary | None = None,
                 tokenizer_fn: Callable[[Iterable[str]], Iterable[list[str]]] | None = None) -> None:
        self.max_document_length = max_document_length
        self.min_frequency = min_frequency
        self.vocabulary_ = vocabulary if vocabulary else CategoricalVocabulary()
        self._tokenizer = tokenizer_fn if tokenizer_fn else tokenizer

    def fit(self, raw_documents: Iterable[str], unused_y: Any = None) -> "VocabularyProcessor":
        """Learns the vocabulary of ``raw_documents`` (dropping words seen ``min_frequency`` times or fewer)."""
        for tokens in self._tokenizer(raw_documents):
            for token in tokens:
                self.vocabulary_.add(token)
        if self.min_frequency > 0:
            self.vocabulary_.trim(self.min_frequency)
        self.vocabulary_.freeze()
        return self

    def fit_transform(self, raw_documents: Iterable[str], unused_y: Any = None) -> Iterator[np.ndarray]:
        """``fit`` then ``transform`` (``raw_documents`` is read twice: pass a list, not a generator)."""
        self.fit(raw_documents)
        return self.transform(raw_documents)

    def transform(self, raw_documents: Iterable[str]) -> Iterator[np.ndarray]:
        """Yields each document's word ids as an int64 array of ``max_document_length``."""
        for tokens in self._tokenizer(raw_documents):
            word_ids = np.zeros(self.max_document_length, np.int64)
            for idx, token in enumerate(tokens):
                if idx >= self.max_document_length:
                    break
                word_ids[idx] = self.vocabulary_.get(token)
            yield word_ids

    def reverse(self, documents: Iterable[Iterable[int]]) -> Iterator[str]:
        """Yields each id sequence as its words joined by spaces (0 is ``<UNK>``)."""
        for item in documents:
            yield " ".join(self.vocabulary_.reverse(class_id) for class_id in item)

    def save(self, filename: str) -> None:
        """Pickles this processor to ``filename``."""
        with tf.io.gfile.GFile(filename, "wb") as f:
            f.write(pickle.dumps(self))

    @classmethod
    def restore(cls, filename: str) -> "VocabularyProcessor":
        """The processor pickled in ``filename`` (by this class or by TF 1.x's)."""
        with tf.io.gfile.GFile(filename, "rb") as f:
            # Python 2's TF pickled words as byte strings: read them as UTF-8, as they were written.
            return _Unpickler(io.BytesIO(f.read()), encoding="utf-8").load()


_TF_MODULES = ("tensorflow.contrib.learn.python.learn.preprocessing.text",
               "tensorflow.contrib.learn.python.learn.preprocessing.categorical_vocabulary")


class _Unpickler(pickle.Unpickler):
    """Reads TF 1.x's pickled processors as this module's classes."""

    def find_class(self, module: str, name: str) -> Any:
        if module in _TF_MODULES and name in ("VocabularyProcessor", "CategoricalVocabulary", "ByteProcessor",
                                              "tokenizer"):
            return globals()[name]
        return super().find_class(module, name)


__all__ = exported(__name__)


__getattr__ = left_out(__name__)
