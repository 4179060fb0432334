"""A real SMTP server for tests: aiosmtpd's Controller on 127.0.0.1, recording what it receives."""

import socket
import threading
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class Received:
    """One message as the server received it: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def message_id(self) -> str:
        """The Message-ID header."""
        return self.message["Message-ID"]

    def part(self, subtype: str) -> str:
        """The text of the `plain` or `html` part."""
        return self.message.get_body(preferencelist=(subtype,)).get_content()


class Handler:
    """Accepts every message, except recipients it was told to refuse (with their reply)."""

    def __init__(self):
        self.received: list[Received] = []
        self.refuse: dict[str, str] = {}  # address -> reply, e.g. "550 5.1.1 No such user"
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        """Refuse the recipients in `refuse`, accept the rest."""
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        """Keep the message."""
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """A local SMTP server that can be stopped and started again on the same port."""

    def __init__(self, **options):
        """`options` go to aiosmtpd's SMTP (e.g. an authenticator, a tls_context for STARTTLS)."""
        self.handler = Handler()
        self.port = free_port()
        self.options = options
        self._controller: Controller | None = None

    @property
    def received(self) -> list[Received]:
        """Every message received so far."""
        return self.handler.received

    def received_by(self, address: str) -> list[Received]:
        """The messages received so far for `address` alone."""
        return [r for r in self.received if r.rcpt_tos == [address]]

    def start(self) -> None:
        """Listen (again)."""
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **self.options)
        self._controller.start()

    def stop(self) -> None:
        """Stop listening and drop every connection."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
