"""Checkpoint tools: inspect, and rename TF 0.12/1.0 RNN variable names to today's TF 1.x names.

Command line: ``tfcompat-ckpt inspect CKPT`` / ``tfcompat-ckpt convert OLD NEW [--map FILE] [--dry-run]``.
Python: :func:`restore` loads an old-named checkpoint into today's variables with the same map.
"""
from ._io import Entry, checkpoint_name_map, convert_checkpoint, list_checkpoint, restore, saver_for_checkpoint
from ._names import build_name_map, modern_name, read_map_file

__all__ = ["Entry", "build_name_map", "checkpoint_name_map", "convert_checkpoint", "list_checkpoint",
           "modern_name", "read_map_file", "restore", "saver_for_checkpoint"]
