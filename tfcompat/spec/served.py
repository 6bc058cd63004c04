"""What each tfcompat module serves: its names, listed once.

A served module's ``__all__`` is ``exported(__name__)``, and the linter's rows and verdicts read the same
lists, so a name is served and reported from one line.  Data only: no TensorFlow, no tfcompat runtime.
"""
from __future__ import annotations

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

# tfcompat modules the linter reports one row per name for (`tf.nn.rnn_cell.*` -> `tfcompat.rnn_cell.*`, ...).
RNN_CELLS = ("BasicLSTMCell", "BasicRNNCell", "DeviceWrapper", "DropoutWrapper", "GRUCell", "InputProjectionWrapper",
             "LSTMCell", "LSTMStateTuple", "LayerRNNCell", "MultiRNNCell", "OutputProjectionWrapper", "RNNCell",
             "ResidualWrapper", "linear")
CONTRIB_RNN = ("AttentionCellWrapper", "BasicLSTMCell", "BasicRNNCell", "DeviceWrapper", "DropoutWrapper",
               "FusedRNNCell", "FusedRNNCellAdaptor", "GRUBlockCell", "GRUBlockCellV2", "GRUCell",
               "InputProjectionWrapper", "LSTMBlockCell", "LSTMBlockFusedCell", "LSTMCell", "LSTMStateTuple",
               "LayerNormBasicLSTMCell", "LayerRNNCell", "MultiRNNCell", "OutputProjectionWrapper", "RNNCell",
               "ResidualWrapper", "TimeReversedFusedRNN", "static_bidirectional_rnn", "static_rnn")
LAYERS = ("AveragePool1D", "AveragePool2D", "AveragePool3D", "AveragePooling1D", "AveragePooling2D",
          "AveragePooling3D", "BatchNorm", "BatchNormalization", "Conv1D", "Conv2D", "Conv2DTranspose", "Conv3D",
          "Convolution1D", "Convolution2D", "Convolution2DTranspose", "Convolution3D", "Deconvolution2D", "Dense",
          "Dropout", "Flatten", "Layer", "MaxPool1D", "MaxPool2D", "MaxPool3D", "MaxPooling1D", "MaxPooling2D",
          "MaxPooling3D", "SeparableConv2D", "SeparableConvolution2D", "average_pooling1d", "average_pooling2d",
          "average_pooling3d", "batch_normalization", "conv1d", "conv2d", "conv2d_transpose", "conv3d", "dense",
          "dropout", "flatten", "max_pooling1d", "max_pooling2d", "max_pooling3d", "separable_conv2d")
CONTRIB_LAYERS = ("OPTIMIZER_CLS_NAMES", "OPTIMIZER_SUMMARIES", "VarianceScaling", "apply_regularization", "avg_pool2d",
                  "batch_norm", "bias_add", "collect_named_outputs", "conv2d", "conv2d_transpose", "convolution2d",
                  "dropout", "embed_sequence", "flatten", "fully_connected", "group_norm", "instance_norm",
                  "l1_l2_regularizer", "l1_regularizer", "l2_regularizer", "layer_norm", "linear", "max_pool2d",
                  "one_hot_encoding", "optimize_loss", "separable_conv2d", "softmax", "sum_regularizer",
                  "summarize_activation", "summarize_activations", "summarize_biases", "summarize_collection",
                  "summarize_tensor", "summarize_tensors", "summarize_variables", "summarize_weights", "unit_norm",
                  "variance_scaling_initializer", "xavier_initializer", "xavier_initializer_conv2d")
CONTRIB_FRAMEWORK = ("add_arg_scope", "add_model_variable", "arg_scope", "arg_scoped_arguments", "argsort",
                     "assign_from_checkpoint", "assign_from_checkpoint_fn", "assign_from_values",
                     "assign_from_values_fn", "create_global_step", "current_arg_scope", "filter_variables",
                     "get_global_step", "get_local_variables", "get_model_variables", "get_name_scope",
                     "get_or_create_global_step", "get_trainable_variables", "get_unique_variable", "get_variables",
                     "get_variables_by_name", "get_variables_by_suffix", "get_variables_to_restore", "global_variable",
                     "has_arg_scope", "init_from_checkpoint", "is_tensor", "list_variables", "load_checkpoint",
                     "load_variable", "local_variable", "model_variable", "nest", "smart_cond", "sort", "variable",
                     "with_same_shape", "with_shape", "zero_initializer")
SLIM = ("OPTIMIZER_CLS_NAMES", "OPTIMIZER_SUMMARIES", "add_arg_scope", "apply_regularization", "arg_scope",
        "arg_scoped_arguments", "assign_from_checkpoint", "assign_from_checkpoint_fn", "assign_from_values",
        "assign_from_values_fn", "avg_pool2d", "batch_norm", "bias_add", "conv2d", "conv2d_transpose", "convolution2d",
        "current_arg_scope", "dropout", "flatten", "fully_connected", "get_model_variables",
        "get_or_create_global_step", "get_trainable_variables", "get_unique_variable", "get_variables",
        "get_variables_by_name", "get_variables_by_suffix", "get_variables_to_restore", "group_norm", "instance_norm",
        "l1_l2_regularizer", "l1_regularizer", "l2_regularizer", "layer_norm", "learning", "linear", "losses",
        "max_pool2d", "model_variable", "one_hot_encoding", "optimize_loss", "repeat", "separable_conv2d", "softmax",
        "stack", "sum_regularizer", "summarize_activation", "summarize_activations", "summarize_biases",
        "summarize_collection", "summarize_tensor", "summarize_tensors", "summarize_variables", "summarize_weights",
        "unit_norm", "variable", "variance_scaling_initializer", "xavier_initializer")

PER_NAME_MODULES: dict[str, tuple[str, ...]] = {
    "tfcompat.rnn_cell": RNN_CELLS, "tfcompat.contrib.rnn": CONTRIB_RNN, "tfcompat.layers": LAYERS,
    "tfcompat.contrib.layers": CONTRIB_LAYERS, "tfcompat.contrib.framework": CONTRIB_FRAMEWORK,
    "tfcompat.contrib.slim": SLIM,
}


def exported(module: str) -> list[str]:
    """The ``__all__`` of tfcompat module ``module``: the names the tables above say it serves."""
    if module in PER_NAME_MODULES:
        return list(PER_NAME_MODULES[module])
    return list(TFCOMPAT_MODULES[module][1])
