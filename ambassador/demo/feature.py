"""Demo data for `make run`."""

from ambassador.demo.cli import demo_cli
from ambassador.features import Feature

FEATURE = Feature(name="demo", commands=(demo_cli,))
