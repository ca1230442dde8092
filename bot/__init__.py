"""cellfacts: answers families' questions about gene-edited cell therapies, from articles only."""

__version__ = "0.1.0"
