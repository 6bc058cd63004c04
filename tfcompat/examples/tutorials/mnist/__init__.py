"""The MNIST tutorial reader: ``input_data.read_data_sets``."""
