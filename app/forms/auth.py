"""Forms for signing in."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    """Sign in with a username and password."""

    username = StringField(
        _l("用户名"),
        validators=[DataRequired(message=_l("请输入用户名")), Length(max=80)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        _l("密码"),
        validators=[DataRequired(message=_l("请输入密码"))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("在这台设备上保持登录"))
    submit = SubmitField(_l("登录"))
