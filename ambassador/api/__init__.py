"""A read-only JSON API under /api/v1/, for the coordinator's reporting tools, with bearer tokens."""
