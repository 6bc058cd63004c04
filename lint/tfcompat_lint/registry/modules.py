"""Whole modules: rows for modules that moved as a whole, and why whole families are gone.

A module's row also covers every attribute chain below it (`tf.app.flags` covers `tf.app.flags.FLAGS`).
`REASONS` says, per module family with no TF 2.21 counterpart, what happened to it: the reason TFC107 gives for
its names (keyed `tf.`-spelled with `tf.compat.v1` stripped; a name takes its nearest listed module's reason).
"""
from __future__ import annotations

from ._schema import Change, Kind

# Names of the tfcompat modules that rows replace whole modules with, where no per-name row lists them: (the TF 2
# module the module forwards every other name to, or None; the names it defines). A test reads them in tfcompat.
TFCOMPAT_MODULES: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "tfcompat.nest": ("tf.nest", ("is_sequence", "is_sequence_or_composite")),
    "tfcompat.rnn": (None, ("bidirectional_dynamic_rnn", "bidirectional_rnn", "dynamic_rnn", "rnn",
                            "static_bidirectional_rnn", "static_rnn")),
    "tfcompat.examples.tutorials.mnist": (None, ("input_data",)),
    "tfcompat.examples.tutorials.mnist.input_data": (None, (
        "DEFAULT_SOURCE_URL", "DataSet", "Datasets", "TEST_IMAGES", "TEST_LABELS", "TRAIN_IMAGES", "TRAIN_LABELS",
        "dense_to_one_hot", "extract_images", "extract_labels", "load_mnist", "maybe_download", "read_data_sets")),
    "tfcompat.estimator": (None, (
        "BaselineClassifier", "BaselineRegressor", "BestExporter", "CheckpointSaverHook", "CheckpointSaverListener",
        "DNNClassifier", "DNNLinearCombinedClassifier", "DNNLinearCombinedRegressor", "DNNRegressor", "Estimator",
        "EstimatorSpec", "EvalSpec", "Exporter", "FeedFnHook", "FinalExporter", "FinalOpsHook",
        "GlobalStepWaiterHook", "LatestExporter", "LinearClassifier", "LinearRegressor", "LoggingTensorHook",
        "ModeKeys", "NanLossDuringTrainingError", "NanTensorHook", "ProfilerHook", "RunConfig",
        "SecondOrStepTimer", "SessionRunArgs", "SessionRunContext", "SessionRunHook", "SessionRunValues",
        "StepCounterHook", "StopAtStepHook", "SummarySaverHook", "TrainSpec", "WarmStartSettings", "experimental",
        "export", "inputs", "tpu", "train_and_evaluate")),
    "tfcompat.estimator.tpu": (None, ("InputPipelineConfig", "RunConfig", "TPUConfig", "TPUEstimator",
                                      "TPUEstimatorSpec")),
    "tfcompat.estimator.experimental": (None, (
        "make_early_stopping_hook", "stop_if_higher_hook", "stop_if_lower_hook", "stop_if_no_decrease_hook",
        "stop_if_no_increase_hook")),
    "tfcompat.estimator.export": (None, (
        "ClassificationOutput", "ExportOutput", "PredictOutput", "RegressionOutput", "ServingInputReceiver",
        "TensorServingInputReceiver", "build_parsing_serving_input_receiver_fn",
        "build_raw_serving_input_receiver_fn")),
    "tfcompat.estimator.inputs": (None, ("numpy_input_fn", "pandas_input_fn")),
    "tfcompat.contrib.training": (None, (
        "GreedyLoadBalancingStrategy", "HParams", "bucket", "bucket_by_sequence_length", "byte_size_load_fn",
        "parse_values")),
    "tfcompat.contrib.cudnn_rnn": (None, (
        "CUDNN_GRU", "CUDNN_GRU_PARAMS_PER_LAYER", "CUDNN_INPUT_AUTO_MODE", "CUDNN_INPUT_LINEAR_MODE",
        "CUDNN_INPUT_SKIP_MODE", "CUDNN_LSTM", "CUDNN_LSTM_PARAMS_PER_LAYER", "CUDNN_RNN_BIDIRECTION", "CUDNN_RNN_RELU",
        "CUDNN_RNN_RELU_PARAMS_PER_LAYER", "CUDNN_RNN_TANH", "CUDNN_RNN_TANH_PARAMS_PER_LAYER",
        "CUDNN_RNN_UNIDIRECTION", "CudnnCompatibleGRUCell", "CudnnCompatibleLSTMCell", "CudnnGRU", "CudnnLSTM",
        "CudnnRNNRelu", "CudnnRNNTanh")),
    "tfcompat.contrib.learn": (None, ("Experiment", "ExportStrategy", "ModeKeys", "RunConfig", "learn_runner",
                                      "make_export_strategy", "preprocessing", "run_feeds", "run_n")),
    "tfcompat.contrib.learn.learn_runner": (None, ("run",)),
    "tfcompat.contrib.learn.preprocessing": (None, ("ByteProcessor", "CategoricalVocabulary", "VocabularyProcessor",
                                                    "tokenizer")),
    "tfcompat.contrib.estimator": (None, (
        "add_metrics", "clip_gradients_by_norm", "forward_features", "make_early_stopping_hook", "read_eval_metrics",
        "stop_if_higher_hook", "stop_if_lower_hook", "stop_if_no_decrease_hook", "stop_if_no_increase_hook")),
    "tfcompat.contrib.predictor": (None, ("SavedModelPredictor", "from_estimator", "from_saved_model")),
    "tfcompat.contrib.tpu": ("tf.compat.v1.tpu", ("CrossShardOptimizer", "ExamplesPerSecondHook", "InputPipelineConfig",
                                    "RunConfig", "TPUConfig", "TPUEstimator", "TPUEstimatorSpec")),
    "tfcompat.contrib.crf": (None, (
        "CrfDecodeBackwardRnnCell", "CrfDecodeForwardRnnCell", "CrfForwardRnnCell", "crf_binary_score", "crf_decode",
        "crf_log_likelihood", "crf_log_norm", "crf_multitag_sequence_score", "crf_sequence_score", "crf_unary_score",
        "viterbi_decode")),
    "tfcompat.contrib.opt": (None, (
        "AdamWOptimizer", "DecoupledWeightDecayExtension", "LazyAdamOptimizer", "MomentumWOptimizer",
        "extend_with_decoupled_weight_decay")),
    "tfcompat.contrib.image": (None, (
        "angles_to_projective_transforms", "compose_transforms", "flat_transforms_to_matrices",
        "matrices_to_flat_transforms", "rotate", "transform", "translate", "translations_to_projective_transforms")),
    "tfcompat.contrib.seq2seq": (None, (
        "AttentionMechanism", "AttentionWrapper", "AttentionWrapperState", "BahdanauAttention",
        "BahdanauMonotonicAttention", "BasicDecoder", "BasicDecoderOutput", "BeamSearchDecoder",
        "BeamSearchDecoderOutput", "BeamSearchDecoderState", "CustomHelper", "Decoder",
        "FinalBeamSearchDecoderOutput", "GreedyEmbeddingHelper", "Helper", "InferenceHelper", "LuongAttention",
        "LuongMonotonicAttention", "SampleEmbeddingHelper", "ScheduledEmbeddingTrainingHelper",
        "ScheduledOutputTrainingHelper", "TrainingHelper", "dynamic_decode", "gather_tree", "gather_tree_from_array",
        "hardmax", "monotonic_attention", "safe_cumprod", "sequence_loss", "tile_batch")),
    "tfcompat.contrib.legacy_seq2seq": (None, (
        "attention_decoder", "basic_rnn_seq2seq", "embedding_attention_decoder", "embedding_attention_seq2seq",
        "embedding_rnn_decoder", "embedding_rnn_seq2seq", "embedding_tied_rnn_seq2seq", "model_with_buckets",
        "one2many_rnn_seq2seq", "rnn_decoder", "sequence_loss", "sequence_loss_by_example", "tied_rnn_seq2seq")),
    "tfcompat.contrib.lookup": (None, (
        "FastHashSpec", "HashTable", "HasherSpec", "IdTableWithHashBuckets", "KeyValueTensorInitializer",
        "LookupInterface", "MutableDenseHashTable", "MutableHashTable", "StrongHashSpec", "TableInitializerBase",
        "TextFileIdTableInitializer", "TextFileIndex", "TextFileInitializer", "TextFileStringTableInitializer",
        "index_table_from_file", "index_table_from_tensor", "index_to_string", "index_to_string_table_from_file",
        "index_to_string_table_from_tensor", "string_to_index")),
    # Served by tfcompat's extras (tf-slim, TensorFlow Probability, tf-keras) where not written in tfcompat.
    "tfcompat.contrib.metrics": (None, (
        "accuracy", "aggregate_metric_map", "aggregate_metrics", "auc_using_histogram", "auc_with_confidence_intervals",
        "cohen_kappa", "confusion_matrix", "count", "f1_score", "precision_at_recall",
        "precision_recall_at_equal_thresholds", "recall_at_precision", "set_difference", "set_intersection", "set_size",
        "set_union", "sparse_recall_at_top_k", "streaming_accuracy", "streaming_auc", "streaming_concat",
        "streaming_covariance", "streaming_curve_points", "streaming_dynamic_auc", "streaming_false_negative_rate",
        "streaming_false_negative_rate_at_thresholds", "streaming_false_negatives",
        "streaming_false_negatives_at_thresholds", "streaming_false_positive_rate",
        "streaming_false_positive_rate_at_thresholds", "streaming_false_positives",
        "streaming_false_positives_at_thresholds", "streaming_mean", "streaming_mean_absolute_error",
        "streaming_mean_cosine_distance", "streaming_mean_iou", "streaming_mean_relative_error",
        "streaming_mean_squared_error", "streaming_mean_tensor", "streaming_pearson_correlation",
        "streaming_percentage_less", "streaming_precision", "streaming_precision_at_thresholds", "streaming_recall",
        "streaming_recall_at_k", "streaming_recall_at_thresholds", "streaming_root_mean_squared_error",
        "streaming_sensitivity_at_specificity", "streaming_sparse_average_precision_at_k",
        "streaming_sparse_average_precision_at_top_k", "streaming_sparse_precision_at_k",
        "streaming_sparse_precision_at_top_k", "streaming_sparse_recall_at_k", "streaming_specificity_at_sensitivity",
        "streaming_true_negatives", "streaming_true_negatives_at_thresholds", "streaming_true_positives",
        "streaming_true_positives_at_thresholds"
    )),
    "tfcompat.contrib.distributions": (None, (
        "Autoregressive", "BatchReshape", "Bernoulli", "Beta", "BetaWithSoftplusConcentration", "Binomial",
        "Categorical", "Cauchy", "Chi2", "Chi2WithAbsDf", "Deterministic", "Dirichlet", "DirichletMultinomial",
        "Distribution", "ExpRelaxedOneHotCategorical", "Exponential", "ExponentialWithSoftplusRate",
        "FULLY_REPARAMETERIZED", "Gamma", "GammaWithSoftplusConcentrationRate", "Geometric", "HalfNormal",
        "Independent", "InverseGamma", "InverseGammaWithSoftplusConcentrationRate", "Kumaraswamy", "Laplace",
        "LaplaceWithSoftplusScale", "Logistic", "Mixture", "MixtureSameFamily", "Multinomial", "MultivariateNormalDiag",
        "MultivariateNormalDiagPlusLowRank", "MultivariateNormalDiagWithSoftplusScale",
        "MultivariateNormalFullCovariance", "MultivariateNormalTriL", "NOT_REPARAMETERIZED", "NegativeBinomial",
        "Normal", "NormalWithSoftplusScale", "OneHotCategorical", "Poisson", "PoissonLogNormalQuadratureCompound",
        "QuantizedDistribution", "RegisterKL", "RelaxedBernoulli", "RelaxedOneHotCategorical", "ReparameterizationType",
        "SeedStream", "SinhArcsinh", "StudentT", "StudentTWithAbsDfSoftplusScale", "TransformedDistribution", "Uniform",
        "VectorDeterministic", "assign_log_moving_mean_exp", "assign_moving_mean_variance", "auto_correlation",
        "bijectors", "fill_triangular", "fill_triangular_inverse", "kl_divergence", "matrix_diag_transform",
        "normal_conjugates_known_scale_posterior", "normal_conjugates_known_scale_predictive", "percentile",
        "quadrature_scheme_lognormal_gauss_hermite", "quadrature_scheme_lognormal_quantiles",
        "reduce_weighted_logsumexp", "softplus_inverse"
    )),
    "tfcompat.contrib.distributions.bijectors": (None, (
        "AbsoluteValue", "BatchNormalization", "Bijector", "Chain", "CholeskyOuterProduct", "Exp", "FillTriangular",
        "Identity", "Inline", "Invert", "MaskedAutoregressiveFlow", "MatrixInverseTriL", "Permute", "PowerTransform",
        "RealNVP", "Reshape", "Sigmoid", "SinhArcsinh", "SoftmaxCentered", "Softplus", "Softsign", "Square",
        "TransformDiagonal", "masked_autoregressive_default_template", "masked_dense", "real_nvp_default_template"
    )),
    "tfcompat.contrib.keras": (None, (
        "activations", "applications", "backend", "callbacks", "constraints", "datasets", "initializers", "layers",
        "losses", "metrics", "models", "optimizers", "preprocessing", "regularizers", "utils"
    )),
    "tfcompat.contrib.slim.learning": (None, (
        "add_gradients_summaries", "clip_gradient_norms", "create_train_op", "multiply_gradients", "train", "train_step"
    )),
    "tfcompat.contrib.slim.data_decoder": (None, ("DataDecoder",)),
    "tfcompat.contrib.slim.data_provider": (None, ("DataProvider",)),
    "tfcompat.contrib.slim.dataset": (None, ("Dataset",)),
    "tfcompat.contrib.slim.dataset_data_provider": (None, ("DatasetDataProvider",)),
    "tfcompat.contrib.slim.evaluation": (None, (
        "checkpoints_iterator", "evaluate_once", "evaluation_loop", "wait_for_new_checkpoint"
    )),
    "tfcompat.contrib.slim.model_analyzer": (None, ("analyze_ops", "analyze_vars", "tensor_description",)),
    "tfcompat.contrib.slim.nets": (None, (
        "alexnet", "inception", "inception_v1", "inception_v2", "inception_v3", "overfeat", "resnet_utils", "resnet_v1",
        "resnet_v2", "vgg"
    )),
    "tfcompat.contrib.slim.parallel_reader": (None, (
        "ParallelReader", "get_data_files", "parallel_read", "single_pass_read"
    )),
    "tfcompat.contrib.slim.prefetch_queue": (None, ("prefetch_queue",)),
    "tfcompat.contrib.slim.queues": (None, ("NestedQueueRunnerError", "QueueRunners",)),
    "tfcompat.contrib.slim.summaries": (None, (
        "add_histogram_summaries", "add_histogram_summary", "add_image_summaries", "add_image_summary",
        "add_scalar_summaries", "add_scalar_summary", "add_zero_fraction_summaries", "add_zero_fraction_summary"
    )),
    "tfcompat.contrib.slim.tfexample_decoder": (None, (
        "BackupHandler", "BoundingBox", "Image", "ItemHandler", "ItemHandlerCallback", "LookupTensor", "SparseTensor",
        "TFExampleDecoder", "Tensor"
    )),
    "tfcompat.contrib.data": ("tf.data.experimental", (
        "Dataset", "FixedLengthRecordDataset", "Iterator", "TFRecordDataset", "TextLineDataset",
        "batch_and_drop_remainder", "padded_batch_and_drop_remainder", "sliding_window_batch", "sloppy_interleave"
    )),
    "tfcompat.contrib.summary": (None, (
        "SummaryWriter", "all_summary_ops", "always_record_summaries", "audio", "create_file_writer",
        "create_summary_file_writer", "eval_dir", "flush", "generic", "graph", "histogram", "image", "import_event",
        "initialize", "never_record_summaries", "record_summaries_every_n_global_steps", "scalar",
        "should_record_summaries", "summary_writer_initializer_op"
    )),
    "tfcompat.contrib.eager": (None, (
        "Checkpoint", "GradientTape", "Iterator", "Saver", "TensorSpec", "Variable", "async_clear_error",
        "custom_gradient", "defun", "enable_eager_execution", "executing_eagerly", "function", "gradients_function",
        "implicit_gradients", "implicit_value_and_gradients", "in_eager_mode", "make_template", "num_gpus", "py_func",
        "value_and_gradients_function"
    )),
    "tfcompat.contrib.tfprof": (None, ("model_analyzer", "tfprof_logger",)),
    "tfcompat.contrib.staging": (None, ("StagingArea",)),
    "tfcompat.contrib.tfprof.model_analyzer": (None, (
        "ALL_ADVICE", "FLOAT_OPS_OPTIONS", "PRINT_ALL_TIMING_MEMORY", "Profiler", "TRAINABLE_VARS_PARAMS_STAT_OPTIONS",
        "advise", "print_model_analysis"
    )),
    "tfcompat.contrib.tfprof.tfprof_logger": (None, ("write_op_log",)),
}

# Their fixes are tested in tests/registry/test_whole_lists.py.
CHANGES: tuple[Change, ...] = (
    # `tf.compat.v1.app.flags` is only an attribute: `from tensorflow.compat.v1.app import flags` fails on TF 2.21.
    Change("tf.app.flags", "TFC103", "`tf.app.flags` (absl flags) is only in tf.compat.v1 on TF 2; use "
           "`tf.compat.v1.flags`", Kind.RENAMED, new="tf.compat.v1.flags", since="2.0"),
    # tfcompat.estimator serves the model_fn Estimator and the canned estimators; names it lacks keep TFC107.
    Change("tf.estimator", "TFC106", "`tf.estimator` was removed in TF 2.16 (tf.compat.v1.estimator too); use "
           "`tfcompat.estimator`", Kind.REMOVED, new="tfcompat.estimator", in_compat_v1=True, since="2.16"),
    # TF 1.15 had the early-stopping hooks both here and in tf.contrib.estimator; tfcompat has the latter.
    *(Change(f"tf.estimator.experimental.{name}", "TFC106", f"`tf.estimator` was removed in TF 2.16; use "
             f"`tfcompat.contrib.estimator.{name}`", Kind.REMOVED, new=f"tfcompat.contrib.estimator.{name}",
             in_compat_v1=True, since="2.16") for name in (
        "make_early_stopping_hook", "stop_if_higher_hook", "stop_if_lower_hook", "stop_if_no_decrease_hook",
        "stop_if_no_increase_hook")),
    Change("tf.nn.seq2seq", "TFC101", "`tf.nn.seq2seq` became `tf.contrib.legacy_seq2seq` in TF 1.0, gone in TF 2; "
           "use `tfcompat.contrib.legacy_seq2seq` (same variable names)", Kind.RENAMED,
           new="tfcompat.contrib.legacy_seq2seq", in_compat_v1=True, since="1.0"),
    Change("tf.nn.nn_ops", "TFC106", "TF 0.x exposed the internal `nn_ops` module as `tf.nn.nn_ops`; its "
           "functions are `tf.nn`'s", Kind.REMOVED, new="tf.nn", in_compat_v1=True, since="1.0"),
    # TF 2.21's tf.data.Iterator is TF 2's abstract iterator: TF 1.x's constructors are tf.compat.v1's class's.
    *(Change(f"tf.data.Iterator.{name}", "TFC103", f"`tf.data.Iterator.{name}` is only in tf.compat.v1 on TF 2; "
             f"use `tf.compat.v1.data.Iterator.{name}` (graph mode)", Kind.RENAMED,
             new=f"tf.compat.v1.data.Iterator.{name}", graph_mode=True, since="2.0")
      for name in ("from_string_handle", "from_structure")),
    # The modules themselves (`from tensorflow import gfile`, `getattr(tf.logging, level)`); their members have rows.
    *(Change(f"tf.{name}", "TFC103", f"`tf.{name}` is only in tf.compat.v1 on TF 2; use `tf.compat.v1.{name}`",
             Kind.RENAMED, new=f"tf.compat.v1.{name}", since="2.0") for name in ("gfile", "logging")),
    Change("tf.random_ops", "TFC106", "TF 0.x exposed the internal `random_ops` module as `tf.random_ops`; its "
           "functions are `tf.compat.v1`'s", Kind.REMOVED, new="tf.compat.v1", in_compat_v1=True, since="1.0"),
    # tf.contrib.layers re-exported its `initializers` module's functions; tfcompat.contrib.layers serves them.
    Change("tf.contrib.layers.python.layers.initializers", "TFC105", "tf.contrib was removed in TF 2; "
           "`tf.contrib.layers`'s initializers are `tfcompat.contrib.layers`'s", Kind.REMOVED,
           new="tfcompat.contrib.layers", in_compat_v1=True, since="2.0"),
    # Internal paths of public contrib modules that code imported: `from ...eager.python import tfe`.
    Change("tf.contrib.eager.python.tfe", "TFC105", "tf.contrib was removed in TF 2; `tf.contrib.eager.python.tfe` "
           "was `tf.contrib.eager`, which is `tfcompat.contrib.eager`", Kind.REMOVED, new="tfcompat.contrib.eager",
           in_compat_v1=True, since="2.0"),
    Change("tf.contrib.rnn.python.ops.core_rnn", "TFC105", "tf.contrib was removed in TF 2; TF 1.2 moved "
           "`core_rnn`'s static_rnn functions to `tf.nn` (`tf.compat.v1.nn` on TF 2)", Kind.REMOVED,
           new="tf.compat.v1.nn", in_compat_v1=True, since="2.0"),
)

_ESTIMATOR = "removed in TF 2.16 (tf.estimator and tf.compat.v1.estimator are gone)"

REASONS: dict[str, str] = {
    "tf.estimator": _ESTIMATOR,
    "tf.keras.estimator": f"Keras 3 has no estimator bridge: {_ESTIMATOR}",
    "tf.contrib": "tf.contrib was removed in TF 2",
    "tf.contrib.keras": "tf.contrib.keras was Keras 2, which is tf-keras now: `tfcompat.contrib.keras.<module>` "
                        "serves it (pip install 'tfcompat[keras2]')",
    "tf.contrib.learn": "tf.contrib.learn (deprecated in TF 1.x for tf.estimator) was removed in TF 2; "
                        "tfcompat.contrib.learn has Experiment, learn_runner, RunConfig and preprocessing, not the "
                        "learn Estimators (port them to a tf.estimator model_fn)",
    "tf.contrib.estimator": "tf.contrib was removed in TF 2; tfcompat.contrib.estimator has the early-stopping "
                            "hooks and extenders, not the heads or contrib canned estimators",
    "tf.contrib.predictor": "tf.contrib was removed in TF 2; tfcompat.contrib.predictor has from_saved_model "
                            "(export the Estimator first instead of from_estimator)",
    "tf.resources": "0.x module of resource-initialization helpers, made internal in TF 1.0",
    "tf.user_ops": "0.x example module of a custom op, removed in TF 1.0",
    "tf.lite.experimental.nn": "TF Lite's experimental Keras-2 RNN cells were removed in TF 2",
    "tf.keras": "Keras 3 (tf.keras on TF 2.16+) does not have it",
    "tf.keras.experimental": "Keras 3 removed tf.keras.experimental: the learning-rate schedules are in "
                             "tf.keras.optimizers.schedules, the models and cells are gone",
    "tf.keras.mixed_precision.experimental": "Keras 3 removed mixed_precision.experimental: use "
                                             "tf.keras.mixed_precision.Policy and set_global_policy",
    "tf.keras.wrappers.scikit_learn": "Keras 3 removed the scikit_learn wrappers; tf.keras.wrappers has "
                                      "SKLearnClassifier and SKLearnRegressor, with another interface",
}


def reason(name: str) -> str:
    """The reason of `name`'s nearest listed module ("" for none)."""
    module = name
    while module:
        found = REASONS.get(module)
        if found is not None:
            return found
        module = module.rpartition(".")[0]
    return ""
