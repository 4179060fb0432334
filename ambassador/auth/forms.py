"""Forms for signing in and managing one's password."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from ambassador.auth.services import MIN_PASSWORD_LENGTH
from ambassador.forms import Form


def _new_password(label):
    """A new-password field with the length rule."""
    return PasswordField(
        label,
        validators=[
            DataRequired(),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=_l("Use at least %(n)s characters.", n=MIN_PASSWORD_LENGTH),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def _repeat(label):
    """A repeat-password field that must match `password`."""
    return PasswordField(
        label,
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )


class LoginForm(Form):
    """Email and password, with an option to stay signed in for days."""

    email = EmailField(
        _l("Email"), validators=[DataRequired(), Length(max=254)], render_kw={"autocomplete": "username"}
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()
    submit = SubmitField(_l("Sign in"))


class ChangePasswordForm(Form):
    """The current password and a new one, twice."""

    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    password = _new_password(_l("New password"))
    confirm = _repeat(_l("Repeat the new password"))
    submit = SubmitField(_l("Change password"))


class ForgotPasswordForm(Form):
    """The email to send a reset link to."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("Send reset link"))


class ResetPasswordForm(Form):
    """A new password, twice."""

    password = _new_password(_l("New password"))
    confirm = _repeat(_l("Repeat the new password"))
    submit = SubmitField(_l("Set password"))


class SignOutForm(Form):
    """Sign-out is a POST with a CSRF token."""

    submit = SubmitField(_l("Sign out"))
