"""``tf.contrib.tfprof``: the profiler, which TF 1.x moved to ``tf.profiler`` (``tf.compat.v1.profiler`` on TF 2).

``model_analyzer.print_model_analysis`` is ``tf.compat.v1.profiler.profile``; ``tfprof_logger.write_op_log`` is
``tf.compat.v1.profiler.write_op_log``. ``ProfileContext`` is left out: TF 2.21 no longer has it.
"""
from . import model_analyzer, tfprof_logger
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

__all__ = exported(__name__)


__getattr__ = left_out(__name__)
