"""TF 1.15's convenience distributions that transform their parameters (``NormalWithSoftplusScale``, ...).

Each builds the TensorFlow Probability distribution on the transformed parameters, as TF 1.15's subclasses did:
``softplus`` for scales, rates and concentrations, ``floor(abs(df))`` for degrees of freedom.
"""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf

from .._extras import require


def _tfd() -> Any:
    return require("tensorflow_probability.python.distributions", "tfcompat.contrib.distributions")


def _abs_df(df: Any) -> tf.Tensor:
    return tf.floor(tf.abs(df))


def NormalWithSoftplusScale(loc: Any, scale: Any, validate_args: bool = False, allow_nan_stats: bool = True,
                            name: str = "NormalWithSoftplusScale") -> Any:
    """``Normal(loc, softplus(scale))``."""
    with tf.name_scope(name):
        return _tfd().Normal(loc, tf.nn.softplus(scale), validate_args, allow_nan_stats, name=name)


def LaplaceWithSoftplusScale(loc: Any, scale: Any, validate_args: bool = False, allow_nan_stats: bool = True,
                             name: str = "LaplaceWithSoftplusScale") -> Any:
    """``Laplace(loc, softplus(scale))``."""
    with tf.name_scope(name):
        return _tfd().Laplace(loc, tf.nn.softplus(scale), validate_args, allow_nan_stats, name=name)


def ExponentialWithSoftplusRate(rate: Any, validate_args: bool = False, allow_nan_stats: bool = True,
                                name: str = "ExponentialWithSoftplusRate") -> Any:
    """``Exponential(softplus(rate))``."""
    with tf.name_scope(name):
        return _tfd().Exponential(tf.nn.softplus(rate), validate_args=validate_args,
                                  allow_nan_stats=allow_nan_stats, name=name)


def GammaWithSoftplusConcentrationRate(concentration: Any, rate: Any, validate_args: bool = False,
                                       allow_nan_stats: bool = True,
                                       name: str = "GammaWithSoftplusConcentrationRate") -> Any:
    """``Gamma(softplus(concentration), softplus(rate))``."""
    with tf.name_scope(name):
        return _tfd().Gamma(tf.nn.softplus(concentration), tf.nn.softplus(rate), validate_args=validate_args,
                            allow_nan_stats=allow_nan_stats, name=name)


def InverseGammaWithSoftplusConcentrationRate(concentration: Any, rate: Any, validate_args: bool = False,
                                              allow_nan_stats: bool = True,
                                              name: str = "InverseGammaWithSoftplusConcentrationRate") -> Any:
    """``InverseGamma(softplus(concentration), softplus(rate))``: TF 1.15's ``rate`` is TFP's ``scale``."""
    with tf.name_scope(name):
        return _tfd().InverseGamma(tf.nn.softplus(concentration), scale=tf.nn.softplus(rate),
                                   validate_args=validate_args, allow_nan_stats=allow_nan_stats, name=name)


def BetaWithSoftplusConcentration(concentration1: Any, concentration0: Any, validate_args: bool = False,
                                  allow_nan_stats: bool = True, name: str = "BetaWithSoftplusConcentration") -> Any:
    """``Beta(softplus(concentration1), softplus(concentration0))``."""
    with tf.name_scope(name):
        return _tfd().Beta(tf.nn.softplus(concentration1), tf.nn.softplus(concentration0),
                           validate_args=validate_args, allow_nan_stats=allow_nan_stats, name=name)


def Chi2WithAbsDf(df: Any, validate_args: bool = False, allow_nan_stats: bool = True,
                  name: str = "Chi2WithAbsDf") -> Any:
    """``Chi2(floor(abs(df)))``."""
    with tf.name_scope(name):
        return _tfd().Chi2(_abs_df(df), validate_args=validate_args, allow_nan_stats=allow_nan_stats, name=name)


def StudentTWithAbsDfSoftplusScale(df: Any, loc: Any, scale: Any, validate_args: bool = False,
                                   allow_nan_stats: bool = True, name: str = "StudentTWithAbsDfSoftplusScale") -> Any:
    """``StudentT(floor(abs(df)), loc, softplus(scale))``."""
    with tf.name_scope(name):
        return _tfd().StudentT(_abs_df(df), loc, tf.nn.softplus(scale), validate_args, allow_nan_stats, name=name)


def MultivariateNormalDiagWithSoftplusScale(loc: Any, scale_diag: Any, validate_args: bool = False,
                                            allow_nan_stats: bool = True,
                                            name: str = "MultivariateNormalDiagWithSoftplusScale") -> Any:
    """``MultivariateNormalDiag(loc, softplus(scale_diag))``."""
    with tf.name_scope(name):
        return _tfd().MultivariateNormalDiag(loc, tf.nn.softplus(scale_diag), validate_args=validate_args,
                                             allow_nan_stats=allow_nan_stats, name=name)


def matrix_diag_transform(matrix: Any, transform: Callable[[tf.Tensor], tf.Tensor] | None = None,
                          name: str | None = None) -> tf.Tensor:
    """``matrix`` with ``transform`` applied to the diagonal of each innermost matrix (unchanged when None)."""
    with tf.name_scope(name or "matrix_diag_transform"):
        matrix = tf.convert_to_tensor(matrix, name="matrix")
        if transform is None:
            return matrix
        return tf.linalg.set_diag(matrix, transform(tf.linalg.diag_part(matrix)))
