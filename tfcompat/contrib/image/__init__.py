"""``tf.contrib.image`` (TF 1.15): rotate, translate and projective transforms, zero-filled, Keras-free."""
from tfcompat.contrib.image._transform import (
    angles_to_projective_transforms, compose_transforms, flat_transforms_to_matrices, matrices_to_flat_transforms,
    rotate, transform, translate, translations_to_projective_transforms)
from tfcompat._left_out import left_out
from tfcompat.spec.served import exported

__all__ = exported(__name__)


__getattr__ = left_out(__name__)
