"""jiyao (紀要): clean, read out, translate and brief Chinese government meeting reports."""

__version__ = "0.1.0"
