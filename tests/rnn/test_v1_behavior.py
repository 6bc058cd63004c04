"""The cells and loops under ``disable_v2_behavior()`` (TF 1.x control flow), in a subprocess."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent('''
    import numpy as np
    import tensorflow as tf
    tf.compat.v1.disable_v2_behavior()
    from tfcompat import rnn, rnn_cell
    from tfcompat.contrib import rnn as contrib_rnn
    v1 = tf.compat.v1
    x = np.random.default_rng(0).standard_normal((3, 5, 4)).astype(np.float32)
    lengths = [5, 2, 3]
    cell = rnn_cell.BasicLSTMCell(6)
    fused, fused_state = rnn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
    loop, loop_state = rnn.dynamic_rnn(rnn_cell.DeviceWrapper(cell, "/cpu:0"), x, sequence_length=lengths,
                                       dtype=tf.float32)
    (bi_fw, bi_bw), _ = rnn.bidirectional_dynamic_rnn(contrib_rnn.GRUBlockCell(3), rnn_cell.GRUCell(3), x,
                                                      sequence_length=lengths, dtype=tf.float32)
    wrt = cell.variables
    g_fused = tf.gradients(tf.reduce_sum(tf.square(fused)) + tf.reduce_sum(fused_state.c), wrt)
    g_loop = tf.gradients(tf.reduce_sum(tf.square(loop)) + tf.reduce_sum(loop_state.c), wrt)
    g_bi = tf.gradients(tf.reduce_sum(bi_fw) + tf.reduce_sum(bi_bw), v1.trainable_variables()[2:])
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        a, b, ga, gb, gbi = sess.run([fused, loop, g_fused, g_loop, g_bi])
    np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)
    for u, w in zip(ga, gb):
        np.testing.assert_allclose(u, w, rtol=1e-4, atol=1e-5)
    assert all(np.isfinite(g).all() for g in gbi)
    # TF 1.x shapes hold Dimension objects: unknown sizes must not break shape checks
    from tfcompat import layers
    from tfcompat.contrib import slim
    ph = v1.placeholder(tf.float32, [None, None, 4])
    ph_out, _ = rnn.dynamic_rnn(rnn_cell.BasicLSTMCell(2), ph, dtype=tf.float32, scope="ph")
    images = v1.placeholder(tf.float32, [None, 6, 6, 3])
    net = layers.conv2d_transpose(layers.conv2d(images, 2, 3), 2, 2, strides=2)
    net = slim.fully_connected(layers.flatten(layers.batch_normalization(net, training=True)), 3)
    dense = layers.dense(net, 2)
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        shapes = sess.run([tf.shape(ph_out), tf.shape(dense)],
                          {ph: np.ones((2, 7, 4)), images: np.ones((5, 6, 6, 3))})
    assert [list(s) for s in shapes] == [[2, 7, 2], [5, 2]], shapes
    print("V1-OK", [v.name for v in v1.global_variables()][:4])
''')


def test_rnn_under_disable_v2_behavior():
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2",
               PYTHONPATH=os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300)
    assert "V1-OK" in done.stdout, done.stdout + done.stderr
    assert "'rnn/basic_lstm_cell/kernel:0'" in done.stdout
    assert "'bidirectional_rnn/fw/gru_cell/gates/kernel:0'" in done.stdout
