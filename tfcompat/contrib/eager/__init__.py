"""``tf.contrib.eager`` (``tfe``): the names that became TF 2's core eager API, and the gradient helpers.

``defun``/``function`` are ``tf.function``, ``Variable`` is ``tf.Variable``, ``py_func`` is ``tf.py_function``,
``Saver`` is ``tf.compat.v1.train.Saver`` (give it ``var_list`` in eager mode, as ``tfe.Saver`` required).
``implicit_gradients`` & co. are written on ``tf.GradientTape``. Left out: the Keras-based ``Network``,
``Sequential`` and ``metrics``, execution callbacks and ``seterr``, remote execution.
"""
from __future__ import annotations

import inspect
from typing import Any, Callable, Sequence

import tensorflow as tf
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

Checkpoint = tf.train.Checkpoint
GradientTape = tf.GradientTape
Saver = tf.compat.v1.train.Saver
TensorSpec = tf.TensorSpec
Variable = tf.Variable
async_clear_error = tf.experimental.async_clear_error
custom_gradient = tf.custom_gradient
defun = tf.function
enable_eager_execution = tf.compat.v1.enable_eager_execution
executing_eagerly = tf.executing_eagerly
function = tf.function
in_eager_mode = tf.executing_eagerly
make_template = tf.compat.v1.make_template
py_func = tf.py_function


def num_gpus() -> int:
    """The number of GPUs TensorFlow sees."""
    return len(tf.config.list_physical_devices("GPU"))


def Iterator(dataset: tf.data.Dataset) -> Any:  # noqa: N802 (TF 1.x class name)
    """An iterator over ``dataset`` in eager mode (``next(it)``, ``it.get_next()``)."""
    return iter(dataset)


def implicit_value_and_gradients(f: Callable[..., Any]) -> Callable[..., tuple[Any, list[tuple[Any, tf.Variable]]]]:
    """``f``'s value and ``[(gradient, variable), ...]`` for the trainable variables ``f`` reads, in read order."""

    def value_and_grads(*args: Any, **kwargs: Any) -> tuple[Any, list[tuple[Any, tf.Variable]]]:
        with tf.GradientTape() as tape:
            value = f(*args, **kwargs)
        variables = tape.watched_variables()
        if not variables:
            raise ValueError("No trainable variables were accessed while the function was being computed.")
        return value, list(zip(tape.gradient(value, variables), variables))

    return value_and_grads


def implicit_gradients(f: Callable[..., Any]) -> Callable[..., list[tuple[Any, tf.Variable]]]:
    """``[(gradient, variable), ...]`` of ``f`` for the trainable variables it reads."""
    value_and_grads = implicit_value_and_gradients(f)
    return lambda *args, **kwargs: value_and_grads(*args, **kwargs)[1]


def _selected(f: Callable[..., Any], params: Sequence[int | str] | None, count: int) -> list[int]:
    if params is None:
        return list(range(count))
    names = list(inspect.signature(f).parameters)
    return [names.index(p) if isinstance(p, str) else p for p in params]


def value_and_gradients_function(f: Callable[..., Any],
                                 params: Sequence[int | str] | None = None) -> Callable[..., tuple[Any, list[Any]]]:
    """``f``'s value and its gradients with respect to its positional arguments (``params``: their indices or
    names; all by default). The returned function takes ``dy=`` to weight the output."""

    def value_and_grads(*args: Any, dy: Any = None) -> tuple[Any, list[Any]]:
        args = [tf.convert_to_tensor(a) for a in args]
        chosen = _selected(f, params, len(args))
        with tf.GradientTape() as tape:
            for i in chosen:
                tape.watch(args[i])
            value = f(*args)
        return value, tape.gradient(value, [args[i] for i in chosen], output_gradients=dy)

    return value_and_grads


def gradients_function(f: Callable[..., Any], params: Sequence[int | str] | None = None) -> Callable[..., list[Any]]:
    """The gradients of ``f`` with respect to its positional arguments (see ``value_and_gradients_function``)."""
    value_and_grads = value_and_gradients_function(f, params)
    return lambda *args, dy=None: value_and_grads(*args, dy=dy)[1]


__all__ = exported(__name__)


__getattr__ = left_out(__name__)
