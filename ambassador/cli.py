"""Command-line plumbing: the scheduler and the development server. Features add their own groups."""

from ambassador.scheduler import scheduler_cli, serve_command


def init_app(app) -> None:
    """Register the commands that belong to no feature."""
    app.cli.add_command(scheduler_cli)
    app.cli.add_command(serve_command)
