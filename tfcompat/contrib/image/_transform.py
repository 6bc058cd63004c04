"""Projective image transforms of TF 1.15's ``tf.contrib.image`` on TF 2's ``ImageProjectiveTransformV3``.

A transform row ``[a0, a1, a2, b0, b1, b2, c0, c1]`` maps an *output* pixel ``(x, y)`` to the *input* point
``((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)``, ``k = c0 x + c1 y + 1``; points outside the input read 0.
Images may be ``[H, W]``, ``[H, W, C]`` or ``[N, H, W, C]``; results keep the input's rank and dtype.
"""
from __future__ import annotations

from typing import Any, Callable

import tensorflow as tf

_IMAGE_DTYPES = frozenset({tf.uint8, tf.int32, tf.int64, tf.float16, tf.float32, tf.float64})


def _as_batch(images: Any) -> tuple[tf.Tensor, Callable[[tf.Tensor], tf.Tensor]]:
    """``images`` as NHWC, and the function that gives a NHWC result the input's rank back."""
    image_or_images = tf.convert_to_tensor(images, name="images")
    if image_or_images.dtype.base_dtype not in _IMAGE_DTYPES:
        raise TypeError(f"Invalid dtype {image_or_images.dtype}.")
    rank = image_or_images.shape.ndims
    if rank is None:
        raise TypeError("image_or_images rank must be statically known")
    if rank == 2:
        return image_or_images[None, :, :, None], lambda out: out[0, :, :, 0]
    if rank == 3:
        return image_or_images[None, :, :, :], lambda out: out[0, :, :, :]
    if rank == 4:
        return image_or_images, lambda out: out
    raise TypeError("Images should have rank between 2 and 4.")


def transform(images: Any, transforms: Any, interpolation: str = "NEAREST", output_shape: Any = None,
              name: str | None = None) -> tf.Tensor:
    """Apply projective ``transforms`` (a length-8 vector, or ``[N, 8]``) to ``images``; outside points are 0."""
    with tf.name_scope(name or "transform"):
        batch, restore = _as_batch(images)
        transform_or_transforms = tf.convert_to_tensor(transforms, name="transforms", dtype=tf.float32)
        if output_shape is None:
            output_shape = tf.shape(batch)[1:3]
            static = tf.get_static_value(output_shape)
            if static is not None and not tf.executing_eagerly():
                output_shape = static
        output_shape = tf.convert_to_tensor(output_shape, tf.int32, name="output_shape")
        if not output_shape.shape.is_compatible_with([2]):
            raise ValueError("output_shape must be a 1-D Tensor of 2 elements: new_height, new_width")
        rank = transform_or_transforms.shape.ndims
        if rank == 1:
            transform_or_transforms = transform_or_transforms[None]
        elif rank != 2:
            raise TypeError("Transforms should have rank 1 or 2.")
        # TF 1.15's kernel filled with zeros: V3's CONSTANT mode with fill_value 0.
        output = tf.raw_ops.ImageProjectiveTransformV3(
            images=batch, transforms=transform_or_transforms, output_shape=output_shape,
            fill_value=tf.constant(0.0, tf.float32), interpolation=interpolation.upper(), fill_mode="CONSTANT")
        return restore(output)


def rotate(images: Any, angles: Any, interpolation: str = "NEAREST", name: str | None = None) -> tf.Tensor:
    """Rotate ``images`` counterclockwise by ``angles`` radians (a scalar, or one per image) about their centre."""
    with tf.name_scope(name or "rotate"):
        batch, restore = _as_batch(images)
        height = tf.cast(tf.shape(batch)[1], tf.float32)[None]
        width = tf.cast(tf.shape(batch)[2], tf.float32)[None]
        output = transform(batch, angles_to_projective_transforms(angles, height, width),
                           interpolation=interpolation)
        return restore(output)


def translate(images: Any, translations: Any, interpolation: str = "NEAREST", name: str | None = None) -> tf.Tensor:
    """Shift ``images`` by ``[dx, dy]`` (or one pair per image): output ``(x, y)`` reads input ``(x-dx, y-dy)``."""
    with tf.name_scope(name or "translate"):
        return transform(images, translations_to_projective_transforms(translations), interpolation=interpolation)


def angles_to_projective_transforms(angles: Any, image_height: Any, image_width: Any,
                                    name: str | None = None) -> tf.Tensor:
    """``[N, 8]`` transforms rotating by ``angles`` (counterclockwise) about the image centre."""
    with tf.name_scope(name or "angles_to_projective_transforms"):
        angle_or_angles = tf.convert_to_tensor(angles, name="angles", dtype=tf.float32)
        rank = angle_or_angles.shape.ndims
        if rank == 0:
            angles = angle_or_angles[None]
        elif rank == 1:
            angles = angle_or_angles
        else:
            raise TypeError("Angles should have rank 0 or 1.")
        cos, sin = tf.cos(angles), tf.sin(angles)
        # The offsets keep the centre ((w - 1) / 2, (h - 1) / 2) fixed.
        x_offset = ((image_width - 1) - (cos * (image_width - 1) - sin * (image_height - 1))) / 2.0
        y_offset = ((image_height - 1) - (sin * (image_width - 1) + cos * (image_height - 1))) / 2.0
        num_angles = tf.shape(angles)[0]
        return tf.concat([cos[:, None], -sin[:, None], x_offset[:, None], sin[:, None], cos[:, None],
                          y_offset[:, None], tf.zeros((num_angles, 2), tf.float32)], axis=1)


def translations_to_projective_transforms(translations: Any, name: str | None = None) -> tf.Tensor:
    """``[N, 8]`` transforms shifting by ``[dx, dy]`` (rank 1) or one ``[dx, dy]`` per image (rank 2)."""
    with tf.name_scope(name or "translations_to_projective_transforms"):
        translation_or_translations = tf.convert_to_tensor(translations, name="translations", dtype=tf.float32)
        rank = translation_or_translations.shape.ndims
        if rank is None:
            raise TypeError("translation_or_translations rank must be statically known")
        if rank == 1:
            translations = translation_or_translations[None]
        elif rank == 2:
            translations = translation_or_translations
        else:
            raise TypeError("Translations should have rank 1 or 2.")
        count = tf.shape(translations)[0]
        ones, zeros = tf.ones((count, 1), tf.float32), tf.zeros((count, 1), tf.float32)
        return tf.concat([ones, zeros, -translations[:, 0, None], zeros, ones, -translations[:, 1, None],
                          tf.zeros((count, 2), tf.float32)], axis=1)


def compose_transforms(*transforms: Any) -> tf.Tensor:
    """One transform equal to applying ``transforms`` in order (all length 8, or all ``[N, 8]``)."""
    if not transforms:
        raise ValueError("transforms cannot be empty")
    with tf.name_scope("compose_transforms"):
        composed = flat_transforms_to_matrices(transforms[0])
        for flat in transforms[1:]:
            composed = tf.matmul(composed, flat_transforms_to_matrices(flat))
        return matrices_to_flat_transforms(composed)


def flat_transforms_to_matrices(transforms: Any) -> tf.Tensor:
    """``[N, 3, 3]`` matrices of length-8 (or ``[N, 8]``) transforms, the implicit last entry 1."""
    with tf.name_scope("flat_transforms_to_matrices"):
        transforms = tf.convert_to_tensor(transforms, name="transforms")
        if transforms.shape.ndims not in (1, 2):
            raise ValueError(f"Transforms should be 1D or 2D, got: {transforms}")
        transforms = tf.reshape(transforms, [-1, 8])
        ones = tf.ones([tf.shape(transforms)[0], 1], transforms.dtype)
        return tf.reshape(tf.concat([transforms, ones], axis=1), [-1, 3, 3])


def matrices_to_flat_transforms(transform_matrices: Any) -> tf.Tensor:
    """``[N, 8]`` transforms of ``[3, 3]`` (or ``[N, 3, 3]``) matrices, each divided by its last entry."""
    with tf.name_scope("matrices_to_flat_transforms"):
        transform_matrices = tf.convert_to_tensor(transform_matrices, name="transform_matrices")
        if transform_matrices.shape.ndims not in (2, 3):
            raise ValueError(f"Matrices should be 2D or 3D, got: {transform_matrices}")
        flat = tf.reshape(transform_matrices, [-1, 9])
        flat /= flat[:, 8:9]
        return flat[:, :8]
