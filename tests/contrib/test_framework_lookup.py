"""contrib.framework checkpoint/variable helpers and contrib.lookup tables against TF 2.21 and numpy."""
from __future__ import annotations

import logging

import numpy as np
import pytest
import tensorflow as tf

from tfcompat.contrib import framework, lookup

v1 = tf.compat.v1
A = np.arange(6, dtype=np.float32).reshape(2, 3)
B = np.array([7.0, 8.0], dtype=np.float32)


@pytest.fixture(scope="module")
def ckpt(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(directory, checkpoint prefix) of a checkpoint holding ``net/a`` = A and ``net/b`` = B."""
    directory = str(tmp_path_factory.mktemp("ckpt"))
    with tf.Graph().as_default():
        with v1.variable_scope("net"):
            v1.get_variable("a", initializer=A)
            v1.get_variable("b", initializer=B)
        saver = v1.train.Saver()
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            prefix = saver.save(sess, directory + "/model.ckpt")
    return directory, prefix


def test_list_load_variable_and_load_checkpoint(ckpt: tuple[str, str]) -> None:
    directory, prefix = ckpt
    assert framework.list_variables(directory) == [("net/a", [2, 3]), ("net/b", [2])]
    np.testing.assert_array_equal(framework.load_variable(directory, "net/a"), A)
    np.testing.assert_array_equal(framework.load_variable(prefix, "net/b:0"), B)
    np.testing.assert_array_equal(framework.load_checkpoint(directory).get_tensor("net/b"), B)


def _fresh_net(extra: bool = False) -> list:
    with v1.variable_scope("net"):
        variables = [v1.get_variable("a", [2, 3]), v1.get_variable("b", [2])]
        if extra:
            variables.append(v1.get_variable("c", [1]))
    return variables


@pytest.mark.parametrize("as_dict", [False, True])
def test_assign_from_checkpoint_fn_restores_into_a_fresh_graph(ckpt: tuple[str, str], as_dict: bool) -> None:
    with tf.Graph().as_default():
        a, b = _fresh_net()
        var_list = {"net/a": a, "net/b": b} if as_dict else [a, b]
        init_fn = framework.assign_from_checkpoint_fn(ckpt[1], var_list)
        with v1.Session() as sess:
            init_fn(sess)
            got_a, got_b = sess.run([a, b])
    np.testing.assert_array_equal(got_a, A)
    np.testing.assert_array_equal(got_b, B)


def test_assign_from_checkpoint_fn_missing_vars(ckpt: tuple[str, str], caplog: pytest.LogCaptureFixture) -> None:
    with tf.Graph().as_default():
        a, b, c = _fresh_net(extra=True)
        with caplog.at_level(logging.WARNING):
            init_fn = framework.assign_from_checkpoint_fn(ckpt[1], [a, b, c], ignore_missing_vars=True)
        assert "net/c" in caplog.text
        strict_fn = framework.assign_from_checkpoint_fn(ckpt[1], [a, b, c])
        with v1.Session() as sess:
            sess.run(c.initializer)
            init_fn(sess)
            np.testing.assert_array_equal(sess.run(a), A)
            with pytest.raises(tf.errors.NotFoundError):
                strict_fn(sess)
        assert framework.assign_from_checkpoint_fn(ckpt[1], [c], ignore_missing_vars=True) is None
        with pytest.raises(ValueError, match="var_list cannot be empty"):
            framework.assign_from_checkpoint_fn(ckpt[1], [])


def test_assign_from_checkpoint_op_and_feed_dict(ckpt: tuple[str, str]) -> None:
    with tf.Graph().as_default():
        a, b, c = _fresh_net(extra=True)
        with pytest.raises(ValueError, match=r"Checkpoint is missing variable \[net/c\]"):
            framework.assign_from_checkpoint(ckpt[1], [a, b, c])
        assign_op, feed_dict = framework.assign_from_checkpoint(ckpt[1], [a, b, c], ignore_missing_vars=True)
        assert len(feed_dict) == 2
        with v1.Session() as sess:
            sess.run(assign_op, feed_dict)
            np.testing.assert_array_equal(sess.run(b), B)


def test_assign_from_values() -> None:
    with tf.Graph().as_default():
        a, b = _fresh_net()
        init_fn = framework.assign_from_values_fn({"net/a": A + 1, "net/b": B * 2})
        with v1.Session() as sess:
            init_fn(sess)
            np.testing.assert_array_equal(sess.run(a), A + 1)
            np.testing.assert_array_equal(sess.run(b), B * 2)


def test_get_variables_to_restore_and_filter_variables() -> None:
    with tf.Graph().as_default():
        with v1.variable_scope("enc"):
            enc_w = framework.model_variable("w", [1])
            enc_b = framework.model_variable("b", [1])
        with v1.variable_scope("dec"):
            dec_w = framework.model_variable("w", [1])
        names = lambda vs: [v.op.name for v in vs]  # noqa: E731
        assert names(framework.get_variables_to_restore()) == ["enc/w", "enc/b", "dec/w"]
        assert names(framework.get_variables_to_restore(include=["enc"])) == ["enc/w", "enc/b"]
        assert names(framework.get_variables_to_restore(exclude=["enc"])) == ["dec/w"]
        assert names(framework.get_variables_to_restore(include=["enc"], exclude=["enc/b"])) == ["enc/w"]
        assert framework.get_model_variables() == [enc_w, enc_b, dec_w]
        all_vars = [enc_w, enc_b, dec_w]
        assert framework.filter_variables(all_vars, include_patterns=["w"]) == [enc_w, dec_w]
        assert framework.filter_variables(all_vars, exclude_patterns=["enc"]) == [dec_w]
        assert framework.filter_variables(all_vars, include_patterns=["w"], reg_search=False) == []
        local = framework.local_variable([1.0, 2.0], name="counts")
        assert local in v1.local_variables() and local not in v1.global_variables() + v1.trainable_variables()
        with tf.name_scope("outer"), tf.name_scope("inner"):
            assert framework.get_name_scope() == "outer/inner"
        zero = framework.zero_initializer(dec_w)
        with v1.Session() as sess:
            sess.run(zero)
            np.testing.assert_array_equal(sess.run(dec_w), [0.0])


def test_forwarded_names() -> None:
    assert framework.nest.flatten({"a": [1, 2], "b": 3}) == [1, 2, 3]
    np.testing.assert_array_equal(framework.argsort([3, 1, 2]).numpy(), [1, 2, 0])
    np.testing.assert_array_equal(framework.sort([3, 1, 2]).numpy(), [1, 2, 3])
    assert framework.is_tensor(tf.constant(1)) and not framework.is_tensor(1)


VOCAB = ["emerson", "lake", "palmer"]
WORDS = ["emerson", "lake", "and", "palmer", "carl"]


def _run(*fetches: object) -> list:
    with v1.Session() as sess:
        sess.run(v1.tables_initializer())
        return sess.run(list(fetches))


def test_index_table_from_tensor_matches_tf2_tables_and_a_dict() -> None:
    ids = {w: i for i, w in enumerate(VOCAB)}
    with tf.Graph().as_default():
        with_default = lookup.index_table_from_tensor(mapping=tf.constant(VOCAB), default_value=-5)
        with_oov = lookup.index_table_from_tensor(mapping=VOCAB, num_oov_buckets=3)
        static = tf.lookup.StaticHashTable(
            tf.lookup.KeyValueTensorInitializer(VOCAB, tf.range(3, dtype=tf.int64)), default_value=-5)
        vocab = tf.lookup.StaticVocabularyTable(
            tf.lookup.KeyValueTensorInitializer(VOCAB, tf.range(3, dtype=tf.int64)), num_oov_buckets=3)
        got_default, got_oov, want_default, want_oov = _run(
            with_default.lookup(tf.constant(WORDS)), with_oov.lookup(tf.constant(WORDS)),
            static.lookup(tf.constant(WORDS)), vocab.lookup(tf.constant(WORDS)))
    assert got_default.tolist() == [ids.get(w, -5) for w in WORDS] == want_default.tolist()
    assert got_oov.tolist() == want_oov.tolist()
    assert got_oov.tolist()[:2] == [0, 1] and got_oov[3] == 2 and all(3 <= got_oov[i] < 6 for i in (2, 4))


def test_index_table_from_file_and_index_to_string(tmp_path: object) -> None:
    vocab_file = tmp_path / "vocab.txt"  # type: ignore[operator]
    vocab_file.write_text("\n".join(VOCAB) + "\n")
    with tf.Graph().as_default():
        table = lookup.index_table_from_file(vocabulary_file=str(vocab_file), num_oov_buckets=1)
        reverse = lookup.index_to_string_table_from_file(str(vocab_file), default_value="UNKNOWN")
        ids = table.lookup(tf.constant(WORDS))
        back = reverse.lookup(ids)
        from_tensor = lookup.index_to_string_table_from_tensor(VOCAB, default_value="UNKNOWN")
        old_ids = lookup.string_to_index(tf.constant(WORDS), mapping=VOCAB)
        old_back = lookup.index_to_string(tf.constant([1, 5], tf.int64), mapping=VOCAB)
        got_ids, got_back, got_tensor_back, got_old_ids, got_old_back = _run(
            ids, back, from_tensor.lookup(ids), old_ids, old_back)
    assert got_ids.tolist() == [0, 1, 3, 2, 3]
    assert [s.decode() for s in got_back] == ["emerson", "lake", "UNKNOWN", "palmer", "UNKNOWN"]
    assert got_tensor_back.tolist() == got_back.tolist()
    assert got_old_ids.tolist() == [0, 1, -1, 2, -1]
    assert got_old_back.tolist() == [b"lake", b"UNK"]


def test_hash_table_init_op_and_tables_initializer() -> None:
    with tf.Graph().as_default():
        init = lookup.KeyValueTensorInitializer(["a", "b"], tf.constant([3, 4], tf.int64))
        table = lookup.HashTable(init, -1, shared_name="shared_ab")
        out = table.lookup(tf.constant(["a", "c", "b"]))
        assert table.resource_handle.op.get_attr("shared_name") == b"shared_ab"
        with v1.Session() as sess:
            sess.run(table.init)
            assert sess.run(out).tolist() == [3, -1, 4]
        assert _run(out)[0].tolist() == [3, -1, 4]
        mutable = lookup.MutableHashTable(tf.string, tf.int64, default_value=-1)
        insert = mutable.insert(tf.constant(["x"]), tf.constant([9], tf.int64))
        with v1.Session() as sess:
            sess.run(insert)
            assert sess.run(mutable.lookup(tf.constant(["x", "y"]))).tolist() == [9, -1]


def test_slim_restore_helpers_are_frameworks() -> None:
    from tfcompat.contrib import slim

    assert slim.assign_from_checkpoint_fn is framework.assign_from_checkpoint_fn
    assert slim.assign_from_values_fn is framework.assign_from_values_fn


def test_with_shape_and_with_same_shape() -> None:
    with tf.Graph().as_default():
        x = tf.zeros([2, 3])
        assert framework.with_shape([2, 3], x) is x
        with pytest.raises(ValueError, match=r"Invalid shape for tensor zeros:0, expected \[3, 2\], got \(2, 3\)"):
            framework.with_shape([3, 2], x)
        assert framework.with_shape([], tf.zeros([1])).shape.as_list() == []
        unknown = v1.placeholder(tf.float32, [None, 3])
        checked = framework.with_shape([2, 3], unknown)
        assert checked.shape.as_list() == [2, 3]
        same = framework.with_same_shape(unknown, v1.placeholder(tf.float32, [None, None]))
        with v1.Session() as sess:
            assert sess.run(checked, {unknown: np.ones([2, 3])}).shape == (2, 3)
            with pytest.raises(tf.errors.InvalidArgumentError, match="Wrong shape"):
                sess.run(checked, {unknown: np.ones([4, 3])})
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(same, {unknown: np.ones([2, 3]), same.op.inputs[0]: np.ones([3, 2])})
