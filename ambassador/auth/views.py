"""Sign in, sign out, change and reset passwords."""

import secrets
from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ambassador.auth import services, sessions
from ambassador.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
    SignOutForm,
)
from ambassador.clock import utcnow
from ambassador.db import db
from ambassador.mail.services import queue
from ambassador.web import external_url, safe_next

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form and sign in."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        policy = services.ThrottlePolicy.from_config(current_app.config)
        address = request.remote_addr or "unknown"
        device = sessions.this_device()
        try:
            person = services.authenticate(
                form.email.data, form.password.data, address, policy, utcnow(), device=device
            )
        except services.SignInRefused as refused:
            db.session.commit()  # keep the failure count
            form.password.errors.append(_refusal(refused))
            return render_template("auth/login.html", form=form), 200
        sessions.sign_in(person, remember=form.remember.data)
        db.session.commit()
        return redirect(safe_next(form.next.data) or url_for("core.home"))
    return render_template("auth/login.html", form=form)


def _refusal(refused: services.SignInRefused) -> str:
    """Why a sign-in was refused; when slowed down, how many minutes are left to wait."""
    if refused.retry_minutes:
        return ngettext(
            "Too many failed attempts. Try again in %(num)s minute.",
            "Too many failed attempts. Try again in %(num)s minutes.",
            refused.retry_minutes,
        )
    return _("The email or password is incorrect.")


@bp.post("/logout")
def logout():
    """Sign out: the server-side session ends, so a copied cookie stops working."""
    if SignOutForm().validate_on_submit() and current_user.is_authenticated:
        sessions.sign_out()
        db.session.commit()
        flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password; every other session ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.password.data, utcnow())
        except services.SignInRefused:
            form.current.errors.append(_("The current password is incorrect."))
            return render_template("auth/change_password.html", form=form)
        sessions.restart_after_password_change(current_user._get_current_object())
        db.session.commit()
        flash(_("Your password has been changed. Other devices have been signed out."), "success")
        return redirect(url_for("core.home"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/forgot", methods=["GET", "POST"])
def forgot_password():
    """Send a reset link; the answer is the same whether or not the email is known."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        now = utcnow()
        lifetime = timedelta(minutes=current_app.config["PASSWORD_RESET_MINUTES"])
        found = services.create_reset_token(form.email.data, lifetime, now)
        if found:
            person, token = found
            link = external_url("auth.reset_password", token=token)
            minutes = current_app.config["PASSWORD_RESET_MINUTES"]
            # Every request makes a new link, so a new message: its key is as fresh as the link.
            key = f"password_reset:{secrets.token_hex(16)}"
            queue(
                person,
                "password_reset",
                "password_reset",
                key=key,
                now=now,
                context={"link": link, "minutes": minutes},
            )
        db.session.commit()
        flash(_("If that email belongs to an account, a reset link is on its way."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Set a new password through a single-use, expiring link (an invitation's page welcomes)."""
    try:
        link = services.check_reset_token(token, utcnow())
    except services.ResetLinkInvalid:
        return render_template("auth/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(token, form.password.data, utcnow())
        sessions.sign_out()
        db.session.commit()
        flash(_("Your password has been set. Please sign in."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, invitation=link.invitation)
