"""The TF 1.x MNIST tutorial reader (``tensorflow.examples.tutorials.mnist.input_data``).

``read_data_sets(train_dir)`` reads the four standard gzip idx files from
``train_dir``, downloading only the missing ones.  ``DataSet.next_batch`` keeps
TF 1.x's order: shuffle before the first epoch, and at each epoch end return the
epoch's rest joined with the start of the next, reshuffled, epoch.
"""
from __future__ import annotations

import gzip
import os
import urllib.request
from typing import Any, BinaryIO, NamedTuple

import numpy as np

DEFAULT_SOURCE_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"
TRAIN_IMAGES = "train-images-idx3-ubyte.gz"
TRAIN_LABELS = "train-labels-idx1-ubyte.gz"
TEST_IMAGES = "t10k-images-idx3-ubyte.gz"
TEST_LABELS = "t10k-labels-idx1-ubyte.gz"


def _read32(stream: BinaryIO) -> int:
    return int(np.frombuffer(stream.read(4), dtype=">u4")[0])


def extract_images(f: BinaryIO) -> np.ndarray:
    """The images of a gzip idx3 file as uint8 ``[index, y, x, 1]``."""
    with gzip.GzipFile(fileobj=f) as stream:
        magic = _read32(stream)
        if magic != 2051:
            raise ValueError(f"Invalid magic number {magic} in MNIST image file: {getattr(f, 'name', f)}")
        count, rows, cols = _read32(stream), _read32(stream), _read32(stream)
        data = np.frombuffer(stream.read(rows * cols * count), dtype=np.uint8)
        return data.reshape(count, rows, cols, 1)


def dense_to_one_hot(labels_dense: np.ndarray, num_classes: int) -> np.ndarray:
    """Class labels as one-hot rows."""
    one_hot = np.zeros((labels_dense.shape[0], num_classes))
    one_hot[np.arange(labels_dense.shape[0]), labels_dense.ravel()] = 1
    return one_hot


def extract_labels(f: BinaryIO, one_hot: bool = False, num_classes: int = 10) -> np.ndarray:
    """The labels of a gzip idx1 file as uint8 ``[index]`` (or one-hot rows)."""
    with gzip.GzipFile(fileobj=f) as stream:
        magic = _read32(stream)
        if magic != 2049:
            raise ValueError(f"Invalid magic number {magic} in MNIST label file: {getattr(f, 'name', f)}")
        labels = np.frombuffer(stream.read(_read32(stream)), dtype=np.uint8)
        return dense_to_one_hot(labels, num_classes) if one_hot else labels


def _numpy_dtype(dtype: Any) -> np.dtype:
    return np.dtype(getattr(dtype, "as_numpy_dtype", dtype))


def _numpy_seed(seed: int | None) -> int | None:
    """TF 1.x seeds numpy from the graph seed: ``seed1 if seed is None else seed2``."""
    try:
        import tensorflow as tf

        seed1, seed2 = tf.compat.v1.random.get_seed(seed)
    except ImportError:
        seed1, seed2 = None, seed
    return seed1 if seed is None else seed2


class DataSet:
    """Images and labels with TF 1.x's ``next_batch``."""

    def __init__(self, images: np.ndarray, labels: np.ndarray, fake_data: bool = False, one_hot: bool = False,
                 dtype: Any = np.float32, reshape: bool = True, seed: int | None = None) -> None:
        np.random.seed(_numpy_seed(seed))
        dtype = _numpy_dtype(dtype)
        if dtype not in (np.uint8, np.float32):
            raise TypeError(f"Invalid image dtype {dtype!r}, expected uint8 or float32")
        if fake_data:
            self._num_examples = 10000
            self.one_hot = one_hot
        else:
            if images.shape[0] != labels.shape[0]:
                raise ValueError(f"images.shape: {images.shape} labels.shape: {labels.shape}")
            self._num_examples = images.shape[0]
            if reshape:
                images = images.reshape(images.shape[0], images.shape[1] * images.shape[2])
            if dtype == np.float32:
                images = np.multiply(images.astype(np.float32), 1.0 / 255.0)
        self._images = images
        self._labels = labels
        self._epochs_completed = 0
        self._index_in_epoch = 0

    @property
    def images(self) -> np.ndarray:
        return self._images

    @property
    def labels(self) -> np.ndarray:
        return self._labels

    @property
    def num_examples(self) -> int:
        return self._num_examples

    @property
    def epochs_completed(self) -> int:
        return self._epochs_completed

    def next_batch(self, batch_size: int, fake_data: bool = False, shuffle: bool = True) -> tuple[Any, Any]:
        """The next ``batch_size`` examples, in TF 1.x's shuffling and epoch order."""
        if fake_data:
            fake_image = [1] * 784
            fake_label = [1] + [0] * 9 if self.one_hot else 0
            return [fake_image] * batch_size, [fake_label] * batch_size
        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            self._shuffle()
        if start + batch_size <= self._num_examples:
            self._index_in_epoch += batch_size
            return self._images[start:self._index_in_epoch], self._labels[start:self._index_in_epoch]
        self._epochs_completed += 1
        images_rest, labels_rest = self._images[start:], self._labels[start:]
        if shuffle:
            self._shuffle()
        self._index_in_epoch = batch_size - (self._num_examples - start)
        end = self._index_in_epoch
        return (np.concatenate((images_rest, self._images[:end]), axis=0),
                np.concatenate((labels_rest, self._labels[:end]), axis=0))

    def _shuffle(self) -> None:
        perm = np.arange(self._num_examples)
        np.random.shuffle(perm)
        self._images = self._images[perm]
        self._labels = self._labels[perm]


class Datasets(NamedTuple):
    train: DataSet
    validation: DataSet
    test: DataSet


def maybe_download(filename: str, work_directory: str, source_url: str = DEFAULT_SOURCE_URL) -> str:
    """The path of ``filename`` in ``work_directory``, downloaded first only when missing."""
    filepath = os.path.join(work_directory, filename)
    if os.path.exists(filepath):
        return filepath
    os.makedirs(work_directory, exist_ok=True)
    partial = filepath + ".part"
    try:
        urllib.request.urlretrieve(source_url + filename, partial)
    except OSError as error:
        if os.path.exists(partial):
            os.remove(partial)
        raise OSError(
            f"MNIST file {filename} is missing from {work_directory} and could not be downloaded from "
            f"{source_url} ({error}); copy the four MNIST .gz files into {work_directory}"
        ) from None
    os.replace(partial, filepath)
    return filepath


def read_data_sets(train_dir: str, fake_data: bool = False, one_hot: bool = False, dtype: Any = np.float32,
                   reshape: bool = True, validation_size: int = 5000, seed: int | None = None,
                   source_url: str = DEFAULT_SOURCE_URL) -> Datasets:
    """MNIST's train (less the first ``validation_size`` images), validation and test sets."""
    if fake_data:
        def fake() -> DataSet:
            return DataSet([], [], fake_data=True, one_hot=one_hot, dtype=dtype, seed=seed)

        return Datasets(train=fake(), validation=fake(), test=fake())
    arrays = []
    for name, extract in ((TRAIN_IMAGES, extract_images), (TRAIN_LABELS, extract_labels),
                          (TEST_IMAGES, extract_images), (TEST_LABELS, extract_labels)):
        with open(maybe_download(name, train_dir, source_url), "rb") as f:
            arrays.append(extract(f) if extract is extract_images else extract(f, one_hot=one_hot))
    train_images, train_labels, test_images, test_labels = arrays
    if not 0 <= validation_size <= len(train_images):
        raise ValueError(f"Validation size should be between 0 and {len(train_images)}. Received: {validation_size}.")
    options = dict(dtype=dtype, reshape=reshape, seed=seed)
    return Datasets(
        train=DataSet(train_images[validation_size:], train_labels[validation_size:], **options),
        validation=DataSet(train_images[:validation_size], train_labels[:validation_size], **options),
        test=DataSet(test_images, test_labels, **options),
    )


def load_mnist(train_dir: str = "MNIST-data") -> Datasets:
    """``read_data_sets(train_dir)`` (the TF 1.x alias)."""
    return read_data_sets(train_dir)
