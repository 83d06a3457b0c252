"""Forms for administering units and accounts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.forms import choices as select_choices

CODE_RULE = Regexp(r"^[a-z0-9_]{1,40}\Z", message=_l("代码只能用小写字母、数字和下划线"))
UNIT_KINDS = [
    ("township", _l("乡镇")),
    ("department", _l("部门")),
    ("enterprise", _l("企业")),
    ("village", _l("村（社区）")),
    ("window", _l("窗口")),
]
ROLES = [("cadre", _l("填报员")), ("manager", _l("主管部门")), ("admin", _l("系统管理员"))]


class UnitForm(FlaskForm):
    """Add a unit to the tree."""

    code = StringField(
        _l("单位代码"), validators=[DataRequired(message=_l("请填写单位代码")), CODE_RULE]
    )
    name = StringField(
        _l("单位名称"), validators=[DataRequired(message=_l("请填写单位名称")), Length(max=120)]
    )
    kind = SelectField(_l("类型"), choices=select_choices(UNIT_KINDS))
    parent_id = SelectField(_l("上级单位"), coerce=int)
    starts_on = DateField(_l("启用日期"), validators=[Optional()])
    add_unit = SubmitField(_l("添加单位"))


class EndUnitForm(FlaskForm):
    """Close a unit (a merger or abolition); its history stays."""

    ends_on = DateField(_l("停用日期"), validators=[DataRequired(message=_l("请选择停用日期"))])
    end_unit = SubmitField(_l("停用"))


class UserForm(FlaskForm):
    """Add an account."""

    username = StringField(
        _l("用户名"), validators=[DataRequired(message=_l("请填写用户名")), CODE_RULE]
    )
    display_name = StringField(
        _l("姓名"), validators=[DataRequired(message=_l("请填写姓名")), Length(max=80)]
    )
    role = SelectField(_l("角色"), choices=select_choices(ROLES))
    unit_id = SelectField(_l("所属单位"), coerce=int)
    phone = StringField(_l("手机"), validators=[Length(max=20)])
    password = PasswordField(
        _l("初始密码"),
        validators=[
            DataRequired(message=_l("请设置初始密码")),
            Length(min=8, message=_l("密码至少8位")),
        ],
    )
    add_user = SubmitField(_l("添加账号"))


class ToggleUserForm(FlaskForm):
    """Enable or disable an account."""

    toggle = SubmitField(_l("停用/启用"))


class ImportForm(FlaskForm):
    """Import units and accounts from an .xlsx file."""

    file = FileField(
        _l("Excel文件（.xlsx）"),
        validators=[
            FileRequired(message=_l("请选择要导入的Excel文件")),
            FileAllowed(["xlsx"], message=_l("请选择 .xlsx 文件")),
        ],
    )
    import_file = SubmitField(_l("导入"))
