"""Sign in (with a password or the company's provider), sign out, change and reset passwords."""

import secrets
from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ambassador.auth import oidc, services, sessions, sso
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
from ambassador.web import external_url, render_error, safe_next

bp = Blueprint("auth", __name__, url_prefix="/auth")


def provider_name() -> str:
    """The company's provider as pages name it: OIDC_NAME, else "your company account"."""
    return current_app.config["OIDC_NAME"] or _("your company account")


def sso_label() -> str | None:
    """The company sign-in button's text, or None when company sign-in is not set up."""
    return _("Sign in with %(provider)s", provider=provider_name()) if oidc.settings() else None


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in page (company sign-in, the password form where allowed) and sign in.

    With PASSWORD_SIGNIN=off the password form is for administrators, behind a discreet link.
    """
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    admins_only = oidc.admins_only()
    form = LoginForm(next=request.args.get("next", ""))
    context = {
        "form": form,
        "sso_label": sso_label(),
        "admins_only": admins_only,
        "show_form": not admins_only or request.args.get("password") == "1" or request.method == "POST",
    }
    if form.validate_on_submit():
        policy = services.ThrottlePolicy.from_config(current_app.config)
        address = request.remote_addr or "unknown"
        device = sessions.this_device()
        try:
            person = services.authenticate(
                form.email.data,
                form.password.data,
                address,
                policy,
                utcnow(),
                device=device,
                admins_only=admins_only,
            )
        except services.SignInRefused as refused:
            db.session.commit()  # keep the failure count
            form.password.errors.append(_refusal(refused))
            return render_template("auth/login.html", **context), 200
        sessions.sign_in(person, remember=form.remember.data)
        db.session.commit()
        return redirect(safe_next(form.next.data) or url_for("core.home"))
    return render_template("auth/login.html", **context)


def _refusal(refused: services.SignInRefused) -> str:
    """Why a sign-in was refused; when slowed down, how many minutes are left to wait."""
    if isinstance(refused, services.PasswordsOff):
        return _(
            "Only administrators sign in with a password here. Use “%(button)s” instead.", button=sso_label()
        )
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
        id_token = sessions.sign_out()
        db.session.commit()
        flash(_("You have signed out."), "info")
        # After a company sign-in, sign out at the provider too where it offers that.
        if elsewhere := oidc.logout_url(id_token):
            return redirect(elsewhere, 303)
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password; every other session ends. With PASSWORD_SIGNIN=off, administrators only."""
    if not services.password_allowed(current_user, oidc.admins_only()):
        return _passwords_off()
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
        found = services.create_reset_token(form.email.data, lifetime, now, oidc.admins_only())
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
    return render_template("auth/forgot_password.html", form=form, admins_only=oidc.admins_only())


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Set a new password through a single-use, expiring link (an invitation's page welcomes)."""
    admins_only = oidc.admins_only()
    try:
        link = services.check_reset_token(token, utcnow(), admins_only)
    except services.PasswordsOff:
        return _passwords_off()
    except services.ResetLinkInvalid:
        return render_template("auth/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(token, form.password.data, utcnow(), admins_only)
        sessions.sign_out()
        db.session.commit()
        flash(_("Your password has been set. Please sign in."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, invitation=link.invitation)


@bp.get("/sso")
def sso_start():
    """Company sign-in: send the browser to the company's provider."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    if oidc.settings() is None:
        return render_error(404)
    try:
        return oidc.start(safe_next(request.args.get("next")))
    except oidc.Unavailable:
        return _sso_unavailable()


@bp.get("/sso/callback")
def sso_callback():
    """Company sign-in: the provider sends the browser back here; sign in the person it vouches for."""
    if oidc.settings() is None:
        return render_error(404)
    now = utcnow()
    try:
        identity, next_path = oidc.finish()
        person = sso.person_for(identity, now)
    except oidc.Unavailable:
        return _sso_unavailable()
    except sso.SsoRefused as refused:
        sso.record_refusal(refused, now)
        db.session.commit()
        return _sso_refused(refused)
    sessions.sign_in(person, remember=False, id_token=identity.id_token)
    db.session.commit()
    return redirect(safe_next(next_path) or url_for("core.home"))


# A refusal for who the person is answers 403; a callback that fails its checks, 400.
SSO_STATUS = {"callback": 400, "provider": 400, "token": 400}


def _sso_page(reason: str, status: int, email: str | None = None):
    """A page saying why company sign-in did not sign the person in (`auth/sso_refused.html`)."""
    return render_template(
        "auth/sso_refused.html",
        reason=reason,
        email=email,
        provider=provider_name(),
        sso_label=sso_label(),
        admins_only=oidc.admins_only(),
    ), status


def _sso_refused(refused: sso.SsoRefused):
    """The page for a refused company sign-in: why, in the reader's language, with a 4xx status."""
    return _sso_page(refused.reason, SSO_STATUS.get(refused.reason, 403), refused.email)


def _sso_unavailable():
    """The page for a provider that does not answer; administrators can still use their password."""
    return _sso_page("unavailable", 503)


def _passwords_off():
    """The page for a password page that only administrators may use (PASSWORD_SIGNIN=off)."""
    return _sso_page("passwords_off", 403)
