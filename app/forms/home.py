"""Forms on the home pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class ReadForm(FlaskForm):
    """Mark a message as read."""

    read = SubmitField(_l("知道了"))
