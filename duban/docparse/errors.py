class DocumentError(Exception):
    """The input cannot be read as a document. The message is one line, fit to show a user."""
