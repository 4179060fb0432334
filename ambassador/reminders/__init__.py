"""Refresher reminders: a plan per module, and when each reminder is sent."""
