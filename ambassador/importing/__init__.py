"""What every CSV import shares: reading the file, and keeping it between its preview and its apply.

- `csvfile`: encodings, delimiter, headers, one record per row with its line number.
- `uploads`: a file addressed by a token never reused, its digest checked, applied at most once.
- `forms`, `views`, `cli`: the Apply and Discard buttons, their views, and the command-line run.

The roster import (`roster/`) and the past completions import (`completions/imports.py`) use it;
each checks its own rows and decides what they mean.
"""
