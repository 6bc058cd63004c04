"""``tf.contrib.lookup`` with 1.15's names and argument names.

The tables, initializers and ``index_*_table_from_file`` are TensorFlow's own ``lookup_ops`` (1.15's contrib module
re-exported the very same ones); the ``*_from_tensor`` functions take 1.x's ``mapping`` argument. In a graph, tables
are initialised by ``tf.compat.v1.tables_initializer()`` or ``table.init``, as in 1.15.
"""
from __future__ import annotations

from typing import Any

import tensorflow as tf
from tensorflow.python.ops.lookup_ops import (  # the 1.x table classes; TF 2's public API keeps only some
    FastHashSpec,
    HasherSpec,
    IdTableWithHashBuckets,
    KeyValueTensorInitializer,
    LookupInterface,
    StrongHashSpec,
    TableInitializerBase,
    TextFileIdTableInitializer,
    TextFileIndex,
    TextFileInitializer,
    TextFileStringTableInitializer,
    index_table_from_file,
    index_to_string_table_from_file,
)
from tensorflow.python.ops.lookup_ops import DenseHashTable as MutableDenseHashTable
from tensorflow.python.ops.lookup_ops import HashTable as _HashTable
from tensorflow.python.ops.lookup_ops import MutableHashTable
from tensorflow.python.ops.lookup_ops import index_table_from_tensor as _index_table_from_tensor
from tensorflow.python.ops.lookup_ops import index_to_string_table_from_tensor as _index_to_string_table_from_tensor
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

__all__ = exported(__name__)


class HashTable(_HashTable):
    """1.15's ``HashTable(initializer, default_value, shared_name=None, name=None)``, with its ``init`` op.

    It is ``tf.compat.v1.lookup.StaticHashTable`` plus ``shared_name`` (TF 2 takes it from the initializer only).
    """

    def __init__(self, initializer: Any, default_value: Any, shared_name: str | None = None,
                 name: str | None = None) -> None:
        self._contrib_shared_name = shared_name
        super().__init__(initializer, default_value, name=name)

    def _create_resource(self) -> Any:
        if self._contrib_shared_name:
            self._shared_name = self._contrib_shared_name
        return super()._create_resource()


def index_table_from_tensor(mapping: Any, num_oov_buckets: int = 0, default_value: int = -1,
                            hasher_spec: HasherSpec = FastHashSpec, dtype: tf.DType = tf.string,
                            name: str | None = None) -> Any:
    """A table mapping each key of the 1-D ``mapping`` to its index; unknown keys get a hash bucket
    ``len(mapping) + hash % num_oov_buckets`` or, with no buckets, ``default_value``."""
    if mapping is None:
        raise ValueError("mapping must be specified.")
    return _index_table_from_tensor(vocabulary_list=mapping, num_oov_buckets=num_oov_buckets,
                                    default_value=default_value, hasher_spec=hasher_spec, dtype=dtype, name=name)


def index_to_string_table_from_tensor(mapping: Any, default_value: str = "UNK", name: str | None = None) -> Any:
    """A table mapping an ``int64`` index to ``mapping[index]``, and any other index to ``default_value``."""
    if mapping is None:
        raise ValueError("mapping must be specified.")
    return _index_to_string_table_from_tensor(vocabulary_list=mapping, default_value=default_value, name=name)


def string_to_index(tensor: Any, mapping: Any, default_value: int = -1, name: str | None = None) -> Any:
    """Deprecated in 1.x: ``index_table_from_tensor(mapping, default_value=...).lookup(tensor)``."""
    return index_table_from_tensor(mapping=mapping, default_value=default_value, name=name).lookup(tensor)


def index_to_string(tensor: Any, mapping: Any, default_value: str = "UNK", name: str | None = None) -> Any:
    """Deprecated in 1.x: ``index_to_string_table_from_tensor(mapping, default_value).lookup(tensor)``."""
    return index_to_string_table_from_tensor(mapping=mapping, default_value=default_value, name=name).lookup(tensor)


__getattr__ = left_out(__name__)
