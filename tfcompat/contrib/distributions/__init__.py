"""``tf.contrib.distributions``: TensorFlow Probability's distributions (``pip install 'tfcompat[probability]'``).

TF 1.15's contrib distributions became TensorFlow Probability; the names that moved are served from where TFP
keeps them now (``bijectors``, ``softplus_inverse``, ``fill_triangular``, ``percentile``, ...), and the
``*WithSoftplus*`` / ``*WithAbsDf*`` convenience classes build the TFP distribution on the transformed parameters.
0.x keywords (``Normal(mu=, sigma=)``, ``Bernoulli(p=)``) are rewritten by ``tfcompat-migrate``.
"""
from __future__ import annotations

from typing import Any

from .._extras import require
from . import bijectors
from ._softplus import (
    BetaWithSoftplusConcentration,
    Chi2WithAbsDf,
    ExponentialWithSoftplusRate,
    GammaWithSoftplusConcentrationRate,
    InverseGammaWithSoftplusConcentrationRate,
    LaplaceWithSoftplusScale,
    MultivariateNormalDiagWithSoftplusScale,
    NormalWithSoftplusScale,
    StudentTWithAbsDfSoftplusScale,
    matrix_diag_transform,
)
from tfcompat.spec.served import exported

# TF 1.15 names TFP keeps outside `tfp.distributions`: name -> TFP module.
_MOVED = {
    "SeedStream": "util", "assign_log_moving_mean_exp": "stats",
    "assign_moving_mean_variance": "stats", "auto_correlation": "stats", "percentile": "stats",
    "fill_triangular": "math", "fill_triangular_inverse": "math", "reduce_weighted_logsumexp": "math",
    "softplus_inverse": "math",
}

__all__ = exported(__name__)
_WHAT = "tfcompat.contrib.distributions"


def __getattr__(name: str) -> Any:
    if name.startswith("__") or name not in __all__:
        raise AttributeError(f"{_WHAT} has no attribute {name!r}; see tfcompat/contrib/UNSUPPORTED.md")
    module = f"tensorflow_probability.python.{_MOVED.get(name, 'distributions')}"
    return getattr(require(module, _WHAT), name)
