"""Forms for template files."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SubmitField


class ImportTemplateForm(FlaskForm):
    """Upload a template file exported from Tongbao (this county's or another's)."""

    file = FileField(
        _l("表样文件（.json）"),
        validators=[
            FileRequired(message=_l("请选择要导入的表样文件")),
            FileAllowed(["json"], message=_l("请选择统报导出的 .json 表样文件")),
        ],
    )
    submit = SubmitField(_l("导入"))
