"""govdx: the software a public body runs to carry out its digital transformation."""

__version__ = "0.1.0"
