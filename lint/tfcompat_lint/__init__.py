"""tfcompat-lint and tfcompat-migrate: the static side of tfcompat (never imports TensorFlow)."""
__version__ = "0.1.0"
