"""Compose: choose the brief's items (one fact said once) and assemble the ``Brief``."""
