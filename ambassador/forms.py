"""The base of every form: a form the person typed before their session ended comes back filled in.

`auth` puts the kept fields on `g.kept_form` for the page they were posted from (see
`auth/kept.py`); the form on that page whose fields they belong to shows them instead of the
saved values. Forms on the same page that the fields do not belong to are left alone.
"""

from flask import g
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted


def _belongs(kept, form) -> bool:
    """Whether kept fields were typed into `form`: they name some of its fields (the token aside)."""
    return bool((set(kept) & set(form._fields)) - {"csrf_token"})


class Form(FlaskForm):
    """A Flask-WTF form (CSRF on) that also takes back fields kept across a sign-in."""

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            """On a page load, the kept fields if they are this form's; else as Flask-WTF does."""
            kept = g.get("kept_form")
            if formdata is _Auto and not _is_submitted() and kept and _belongs(kept, form):
                g.kept_form = None  # one form takes them
                return kept
            return super().wrap_formdata(form, formdata)
