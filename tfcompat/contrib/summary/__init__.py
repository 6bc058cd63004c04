"""``tf.contrib.summary``: TF 1.15's summary writer API, which TF 2.21 still carries (``summary_ops_v2``).

Nothing is recorded unless a writer is the default and a recording condition is set
(``always_record_summaries()``, ``record_summaries_every_n_global_steps(n)``); ``step`` defaults to the global
step; in graph mode the ops gather in ``all_summary_ops()`` and the writers start with ``initialize()``. The
values are written as TF 1.x summaries (``simple_value``, ``histo``, encoded images). ``create_db_writer``
(SQLite) is left out: TF 2.21 dropped its Python side.
"""
from tensorflow.python.ops.summary_ops_v2 import (  # TF 1.15's tf.contrib.summary was these functions
    SummaryWriter,
    always_record_summaries,
    audio,
    create_file_writer,
    create_summary_file_writer,
    eval_dir,
    flush,
    generic,
    graph,
    histogram,
    image,
    import_event,
    initialize,
    never_record_summaries,
    record_summaries_every_n_global_steps,
    scalar,
    summary_writer_initializer_op,
)
from tensorflow.python.ops.summary_ops_v2 import _legacy_contrib_should_record_summaries as should_record_summaries
from tensorflow.python.ops.summary_ops_v2 import all_v2_summary_ops as all_summary_ops
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

__all__ = exported(__name__)


__getattr__ = left_out(__name__)
