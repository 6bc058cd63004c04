"""``tf.contrib.distributions.bijectors``: TensorFlow Probability's bijectors (``pip install 'tfcompat[probability]'``).

Left out (TFP removed them): ``Affine``, ``AffineLinearOperator``, ``AffineScalar`` (use ``Shift``/``Scale``/
``ScaleMatvecTriL``), ``ConditionalBijector``, ``Gumbel`` (``GumbelCDF``), ``Kumaraswamy`` (``KumaraswamyCDF``),
``Ordered`` (``Ascending``), ``ScaleTriL`` (``FillScaleTriL``).
"""
from .._extras import forwarder

__all__ = [
    "AbsoluteValue", "BatchNormalization", "Bijector", "Chain", "CholeskyOuterProduct", "Exp", "FillTriangular",
    "Identity", "Inline", "Invert", "MaskedAutoregressiveFlow", "MatrixInverseTriL", "Permute", "PowerTransform",
    "RealNVP", "Reshape", "Sigmoid", "SinhArcsinh", "SoftmaxCentered", "Softplus", "Softsign", "Square",
    "TransformDiagonal", "masked_autoregressive_default_template", "masked_dense", "real_nvp_default_template",
]
__getattr__ = forwarder("tensorflow_probability.python.bijectors", "tfcompat.contrib.distributions.bijectors", __all__)
