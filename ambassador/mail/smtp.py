"""Talking to the SMTP server: one connection reused for a whole run, and what each refusal means.

Messages are built with the standard library's `EmailMessage`, which refuses a line break in any
header, so no name or subject can add a header (a Bcc) of its own.
"""

import io
import logging
import smtplib
import ssl
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from email.generator import BytesGenerator
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from ambassador.mail.models import Outgoing

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to connect; read from the SMTP_* settings (checked at start by config.py)."""

    host: str
    port: int
    security: str  # none, starttls or tls
    username: str
    password: str

    @classmethod
    def from_config(cls, config) -> "SmtpSettings | None":
        """The settings, or None when SMTP_HOST is not set (nothing is emailed)."""
        if not config["SMTP_HOST"]:
            return None
        return cls(
            host=config["SMTP_HOST"],
            port=config["SMTP_PORT"],
            security=config["SMTP_SECURITY"],
            username=config["SMTP_USERNAME"],
            password=config["SMTP_PASSWORD"],
        )


class SendFailure(Exception):
    """A message did not go.

    `permanent`: it never will (5xx for its recipient, or it cannot be built): fail it now.
    `connection`: the connection is gone, so the rest of the batch cannot go now either.
    Otherwise the failure is temporary for this message alone (4xx).
    """

    def __init__(self, reason: str, *, permanent: bool = False, connection: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.connection = connection


def _address(name: str, address: str) -> Address:
    """The recipient, an internationalised address too (a local part like "maría", RFC 6531).

    Address(addr_spec=...) refuses any non-ASCII local part; given as its two parts, it is kept,
    and `SmtpSender.send` sends it with SMTPUTF8 where the server offers it (and fails it clearly
    where it does not). Parts with a line break are still refused.
    """
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        raise ValueError(f"not an email address: {address!r}")
    return Address(display_name=name, username=local, domain=domain)


def build(message: Outgoing, mail_from: str, now: datetime) -> EmailMessage:
    """The email as sent: text, and HTML as an alternative when there is one.

    Raises SendFailure (permanent) when a header would carry a line break or the address is
    malformed: the standard library refuses both.
    """
    email = EmailMessage()
    try:
        email["Subject"] = message.subject
        email["From"] = mail_from
        email["To"] = _address(message.to_name, message.to_address)
        email["Date"] = format_datetime(now)
        email["Message-ID"] = message.message_id
        email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies, please
    except (ValueError, TypeError, IndexError) as error:
        raise SendFailure(f"The message cannot be written: {error}", permanent=True) from error
    email.set_content(message.text_body)
    if message.html_body:
        email.add_alternative(message.html_body, subtype="html")
    return email


def _refusal(prefix: str, code: int, text: bytes | str) -> str:
    """A readable line for the outbox page: what was refused, the code and the server's words."""
    words = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    return f"{prefix}: {code} {words}".strip()


@dataclass(frozen=True)
class Written:
    """A message as it goes on the wire, and whether it needs SMTPUTF8 (a non-ASCII address)."""

    data: bytes
    international: bool


def write(message: Outgoing, mail_from: str, envelope_from: str, now: datetime) -> Written:
    """The message's bytes as smtplib's send_message would send them (SendFailure when it cannot be built)."""
    email = build(message, mail_from, now)
    international = not (envelope_from + message.to_address).isascii()
    buffer = io.BytesIO()
    BytesGenerator(buffer, policy=email.policy.clone(utf8=True) if international else None).flatten(
        email, linesep="\r\n"
    )
    return Written(buffer.getvalue(), international)


class LogSender:
    """Without SMTP_HOST: nothing is emailed; each message is written to the log (development)."""

    def expect(self, messages: list[Outgoing], now: datetime) -> None:
        """Nothing to write ahead."""

    def send(self, message: Outgoing, now: datetime) -> None:
        """Log the message; the outbox page shows it as sent."""
        log.info(
            "not emailed (no SMTP_HOST) to %s: %s\n%s", message.to_address, message.subject, message.text_body
        )

    def close(self) -> None:
        """Nothing to close."""


class SmtpSender:
    """One SMTP connection, opened at the first message and reused until `close`.

    Told which messages come next (`expect`), it writes them in a thread of its own while the
    ones before go out: writing a message costs about as much as the server's answers take, and
    this way the two overlap instead of adding up.
    """

    def __init__(self, settings: SmtpSettings, mail_from: str):
        """Remember where to connect; connect lazily."""
        self.settings = settings
        self.mail_from = mail_from
        self.envelope_from = parseaddr(mail_from)[1]
        self._smtp: smtplib.SMTP | None = None
        self._writer: ThreadPoolExecutor | None = None
        self._ahead: dict[int, Future] = {}

    def expect(self, messages: list[Outgoing], now: datetime) -> None:
        """Start writing `messages` (sent next, in this order) ahead of their turn."""
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="smtp-writer")
        for message in messages:
            self._ahead[message.id] = self._writer.submit(
                write, message, self.mail_from, self.envelope_from, now
            )

    def _written(self, message: Outgoing, now: datetime) -> Written:
        """The message written ahead, or written now."""
        ahead = self._ahead.pop(message.id, None)
        return ahead.result() if ahead else write(message, self.mail_from, self.envelope_from, now)

    def _open(self) -> smtplib.SMTP:
        """A connection, over TLS from the first byte when SMTP_SECURITY is tls."""
        s = self.settings
        if s.security == "tls":
            context = ssl.create_default_context()
            return smtplib.SMTP_SSL(s.host, s.port, timeout=TIMEOUT_SECONDS, context=context)
        return smtplib.SMTP(s.host, s.port, timeout=TIMEOUT_SECONDS)

    def _connect(self) -> smtplib.SMTP:
        """Connect, secure and sign in as configured; SendFailure(connection) when it cannot."""
        s = self.settings
        smtp = None
        try:
            smtp = self._open()
            if s.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if s.username:
                smtp.login(s.username, s.password)
        except (OSError, smtplib.SMTPException) as error:
            if smtp is not None:
                smtp.close()
            if isinstance(error, smtplib.SMTPAuthenticationError):
                what = "The SMTP server refused SMTP_USERNAME/SMTP_PASSWORD"
                raise SendFailure(
                    _refusal(what, error.smtp_code, error.smtp_error), connection=True
                ) from error
            reason = f"Cannot reach the SMTP server {s.host}:{s.port}: {error or type(error).__name__}"
            raise SendFailure(reason, connection=True) from error
        return smtp

    def send(self, message: Outgoing, now: datetime) -> None:
        """Send one message to its recipient alone (never to addresses read from its headers)."""
        written = self._written(message, now)
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            self._smtp.ehlo_or_helo_if_needed()
            options: tuple[str, ...] = ()
            if written.international:  # as send_message does: a non-ASCII address needs SMTPUTF8
                if not self._smtp.has_extn("smtputf8"):
                    raise smtplib.SMTPNotSupportedError(
                        "the address needs SMTPUTF8 (internationalised email); the server does not offer it"
                    )
                options = ("SMTPUTF8", "BODY=8BITMIME")
            self._smtp.sendmail(self.envelope_from, [message.to_address], written.data, options)
        except smtplib.SMTPNotSupportedError as error:
            raise SendFailure(f"The SMTP server cannot send this: {error}", permanent=True) from error
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            raise SendFailure(_refusal("Recipient refused", code, text), permanent=code >= 500) from error
        except smtplib.SMTPSenderRefused as error:
            # About our own MAIL_FROM, not this message: retry once the setting is fixed.
            raise SendFailure(_refusal("Sender refused", error.smtp_code, error.smtp_error)) from error
        except smtplib.SMTPResponseException as error:
            reason = _refusal("Refused", error.smtp_code, error.smtp_error)
            if error.smtp_code == 421:  # the server is closing the connection
                self.close()
                raise SendFailure(reason, connection=True) from error
            raise SendFailure(reason, permanent=error.smtp_code >= 500) from error
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            reason = f"Lost the connection to the SMTP server: {error or type(error).__name__}"
            raise SendFailure(reason, connection=True) from error

    def close(self) -> None:
        """Say goodbye politely if the connection is still up; forget what was written ahead."""
        for ahead in self._ahead.values():
            ahead.cancel()
        self._ahead.clear()
        if self._writer is not None:
            self._writer.shutdown(wait=True, cancel_futures=True)
            self._writer = None
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
