"""The TF 1.x tutorials' helper modules."""
