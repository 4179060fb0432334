"""An employee's own training."""

from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("training", __name__, url_prefix="/training")


@bp.get("")
@login_required
def mine():
    """My training: what is required of me and by when (modules arrive with the training feature)."""
    return render_template("training/mine.html", modules=[])
