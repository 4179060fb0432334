"""The yardstick: a hello-world Flask app, served by gunicorn beside Ambassador in the same run."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """The smallest page Flask can serve."""
    return "Hello, world!"
