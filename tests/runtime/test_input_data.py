"""The tutorials' MNIST reader on small synthetic idx files, against numpy."""
from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from tfcompat.examples.tutorials.mnist import input_data

rng = np.random.default_rng(2)
TRAIN_IMAGES = rng.integers(0, 256, (30, 28, 28), dtype=np.uint8)
TRAIN_LABELS = rng.integers(0, 10, 30, dtype=np.uint8)
TEST_IMAGES = rng.integers(0, 256, (7, 28, 28), dtype=np.uint8)
TEST_LABELS = rng.integers(0, 10, 7, dtype=np.uint8)


def _write_idx(path: Path, magic: int, array: np.ndarray) -> None:
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.tobytes())


@pytest.fixture
def mnist_dir(tmp_path: Path) -> Path:
    _write_idx(tmp_path / input_data.TRAIN_IMAGES, 2051, TRAIN_IMAGES)
    _write_idx(tmp_path / input_data.TRAIN_LABELS, 2049, TRAIN_LABELS)
    _write_idx(tmp_path / input_data.TEST_IMAGES, 2051, TEST_IMAGES)
    _write_idx(tmp_path / input_data.TEST_LABELS, 2049, TEST_LABELS)
    return tmp_path


def test_read_data_sets_splits_scales_and_one_hots(mnist_dir: Path) -> None:
    data = input_data.read_data_sets(str(mnist_dir), one_hot=True, validation_size=10)
    assert data.train.images.dtype == np.float32 and data.train.images.shape == (20, 784)
    np.testing.assert_allclose(data.train.images, TRAIN_IMAGES[10:].reshape(20, 784) / 255.0, rtol=1e-6)
    np.testing.assert_allclose(data.validation.images, TRAIN_IMAGES[:10].reshape(10, 784) / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(data.test.labels, np.eye(10)[TEST_LABELS])
    assert 0.0 <= data.train.images.min() and data.train.images.max() <= 1.0


def test_uint8_unreshaped_dense_labels(mnist_dir: Path) -> None:
    data = input_data.read_data_sets(str(mnist_dir), dtype=np.uint8, reshape=False, validation_size=0)
    np.testing.assert_array_equal(data.train.images, TRAIN_IMAGES[..., None])
    np.testing.assert_array_equal(data.train.labels, TRAIN_LABELS)
    assert data.validation.num_examples == 0


def test_next_batch_follows_tf1_epoch_order(mnist_dir: Path) -> None:
    """Shuffle before epoch 1; at the end, the epoch's rest joined with the reshuffled next epoch."""
    data = input_data.read_data_sets(str(mnist_dir), dtype=np.uint8, validation_size=10, seed=5)
    images, labels = TRAIN_IMAGES[10:].reshape(20, 784), TRAIN_LABELS[10:]
    draws = np.random.RandomState(5)  # DataSet(seed=5) seeds numpy's global RNG with 5
    perm0 = np.arange(20)
    draws.shuffle(perm0)
    first = data.train.next_batch(8)
    np.testing.assert_array_equal(first[0], images[perm0][:8])
    data.train.next_batch(8)
    crossing = data.train.next_batch(8)
    perm1 = np.arange(20)
    draws.shuffle(perm1)
    want = np.concatenate([labels[perm0][16:], labels[perm0][perm1][:4]])
    np.testing.assert_array_equal(crossing[1], want)
    assert data.train.epochs_completed == 1 and crossing[0].shape == (8, 784)


def test_next_batch_without_shuffle_wraps_in_order(mnist_dir: Path) -> None:
    data = input_data.read_data_sets(str(mnist_dir), validation_size=25)
    batches = [data.train.next_batch(3, shuffle=False)[1] for _ in range(2)]
    np.testing.assert_array_equal(np.concatenate(batches), np.concatenate([TRAIN_LABELS[25:], TRAIN_LABELS[25:26]]))


def test_missing_files_offline_give_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OSError, match=r"MNIST file train-images-idx3-ubyte.gz is missing from .* copy the four"):
        input_data.read_data_sets(str(tmp_path), source_url="http://127.0.0.1:9/")
    assert list(tmp_path.iterdir()) == []


def test_bad_magic_number(tmp_path: Path) -> None:
    _write_idx(tmp_path / "x.gz", 1234, TEST_LABELS)
    with open(tmp_path / "x.gz", "rb") as f, pytest.raises(ValueError, match="Invalid magic number 1234"):
        input_data.extract_images(f)
