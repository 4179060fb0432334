"""Workshops an ambassador holds: each attendee completes the module by attending."""
