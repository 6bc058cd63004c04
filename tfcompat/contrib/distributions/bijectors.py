"""``tf.contrib.distributions.bijectors``: TensorFlow Probability's bijectors (``pip install 'tfcompat[probability]'``).

Left out (TFP removed them): ``Affine``, ``AffineLinearOperator``, ``AffineScalar`` (use ``Shift``/``Scale``/
``ScaleMatvecTriL``), ``ConditionalBijector``, ``Gumbel`` (``GumbelCDF``), ``Kumaraswamy`` (``KumaraswamyCDF``),
``Ordered`` (``Ascending``), ``ScaleTriL`` (``FillScaleTriL``).
"""
from .._extras import forwarder
from tfcompat.spec.served import exported

__all__ = exported(__name__)
__getattr__ = forwarder("tensorflow_probability.python.bijectors", "tfcompat.contrib.distributions.bijectors", __all__)
