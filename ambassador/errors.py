"""The one kind of error a rule raises for a person to read."""


class UserError(Exception):
    """A change the rules refuse. `message` is shown to the person; `field` names the form field."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
