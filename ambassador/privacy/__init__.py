"""Personal data: each person's own export, erasure by an administrator, and retention of leavers."""
