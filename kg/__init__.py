"""Kabar: knowledge graphs from Indonesian news, every fact with its evidence."""

__version__ = "0.1.0"
