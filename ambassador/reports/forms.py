"""The coverage pages' one form: the nudge button (a POST with its CSRF token)."""

from ambassador.forms import Form


class NudgeForm(Form):
    """Send one colleague a friendly reminder about one module."""
