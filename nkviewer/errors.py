"""The project's own exceptions: each message says what went wrong and what to do."""


class NkviewerError(Exception):
    """Base class for errors the user can cause and fix; the CLI prints them, the GUI shows them."""


class InputError(NkviewerError):
    """A file or folder given by the user cannot be used (missing, unreadable, malformed)."""


class ModelNotFoundError(NkviewerError):
    """No spaCy pipeline could be loaded."""


class DateError(NkviewerError):
    """A date given by the user cannot be understood."""


class ExportError(NkviewerError):
    """An export cannot be written as asked (no events, unwritable path, size over the limit)."""


class Cancelled(Exception):
    """Long work stopped because the user asked (Cancel, closing the window); nothing to show."""
