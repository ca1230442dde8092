"""cellfacts: answers families' questions about cell therapies for leukaemia, from articles only."""

__version__ = "0.1.0"
