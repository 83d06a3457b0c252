"""Forms of the template designer."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from app.forms import choices as select_choices

CODE_PATTERN = r"^[a-z][a-z0-9_]{0,39}\Z"
CODE_MESSAGE = _l("代码请用小写字母开头，只含小写字母、数字和下划线，例如 staff_count")

FIELD_TYPES = [
    ("integer", _l("整数")),
    ("decimal", _l("小数")),
    ("percent", _l("百分比")),
    ("text", _l("文本")),
    ("long_text", _l("长文本")),
    ("date", _l("日期")),
    ("month", _l("年月")),
    ("choice", _l("单选")),
    ("multi_choice", _l("多选")),
    ("yes_no", _l("是/否")),
    ("phone", _l("电话")),
    ("email", _l("电子邮箱")),
    ("citizen_id", _l("身份证号")),
    ("credit_code", _l("统一社会信用代码")),
    ("computed", _l("计算项（只读）")),
]


def code_field(label):
    return StringField(
        label,
        validators=[
            DataRequired(message=_l("请填写代码")),
            Regexp(CODE_PATTERN, message=CODE_MESSAGE),
        ],
        render_kw={"autocapitalize": "none", "placeholder": "staff_count"},
    )


class TemplateHeaderForm(FlaskForm):
    """A new template's register entry (目录清单)."""

    code = code_field(_l("报表代码"))
    name = StringField(
        _l("报表名称"), validators=[DataRequired(message=_l("请填写报表名称")), Length(max=120)]
    )
    frequency = SelectField(
        _l("报送频率"),
        choices=select_choices(
            [
                ("month", _l("月报")),
                ("quarter", _l("季报")),
                ("half", _l("半年报")),
                ("year", _l("年报")),
                ("once", _l("一次性调查")),
            ]
        ),
    )
    form_number = StringField(_l("表号"), validators=[Length(max=40)])
    issuing_office = StringField(_l("制表机关"), validators=[Length(max=120)])
    approval_number = StringField(_l("批准文号"), validators=[Length(max=80)])
    valid_until = DateField(_l("有效期至"), validators=[Optional()])
    submit = SubmitField(_l("创建并开始设计"))


class SectionForm(FlaskForm):
    """Add a section to the draft."""

    code = code_field(_l("栏目代码"))
    title = StringField(
        _l("栏目标题"), validators=[DataRequired(message=_l("请填写栏目标题")), Length(max=80)]
    )
    kind = SelectField(
        _l("栏目类型"),
        choices=select_choices(
            [
                ("fields", _l("普通指标")),
                ("grid", _l("固定表（固定行）")),
                ("roster", _l("浮动表（可增减行）")),
            ]
        ),
    )
    rows = TextAreaField(
        _l("固定表的行（每行一项：代码,名称,行次）"),
        render_kw={"rows": 4, "placeholder": "r01,户籍人口,01\nr02,常住人口,02"},
    )
    add_section = SubmitField(_l("添加栏目"))


class FieldForm(FlaskForm):
    """Add a field or column to a section of the draft."""

    section = SelectField(_l("所属栏目"))
    code = code_field(_l("指标代码"))
    label = StringField(
        _l("指标名称"), validators=[DataRequired(message=_l("请填写指标名称")), Length(max=60)]
    )
    type = SelectField(_l("类型"), choices=select_choices(FIELD_TYPES))
    unit = StringField(
        _l("计量单位"), validators=[Length(max=20)], render_kw={"placeholder": "人、件、万元"}
    )
    definition = StringField(_l("口径（给填报人看的定义）"), validators=[Length(max=200)])
    help = StringField(_l("填报说明（显示在输入框下方）"), validators=[Length(max=200)])
    display_percent = BooleanField(_l("计算结果按百分比显示（如 0.9091 显示为 90.91%）"))
    required = BooleanField(_l("必填"))
    min = DecimalField(_l("最小值"), validators=[Optional()])
    max = DecimalField(_l("最大值"), validators=[Optional()])
    places = IntegerField(_l("小数位数"), validators=[Optional(), NumberRange(min=0, max=6)])
    choices = TextAreaField(_l("选项（每行一个）"), render_kw={"rows": 3})
    carry = SelectField(
        _l("上期数据带入"),
        choices=select_choices(
            [
                ("carry", _l("带入上期值")),
                ("empty", _l("每期重新填")),
                ("accumulate", _l("本期数，另算本年累计（1月清零）")),
            ]
        ),
    )
    expression = StringField(
        _l("计算公式（计算项用）"), render_kw={"placeholder": "total_score / staff"}
    )
    relevant = StringField(
        _l("显示条件（可不填）"),
        render_kw={"placeholder": 'has_market == "是"'},
    )
    add_field = SubmitField(_l("添加指标"))


class RuleForm(FlaskForm):
    """Add a check (审核公式) to the draft."""

    code = code_field(_l("公式代码"))
    severity = SelectField(
        _l("严重程度"),
        choices=select_choices(
            [
                ("mandatory", _l("强制（不通过不能上报）")),
                ("verify", _l("核实（需写说明）")),
                ("hint", _l("提示")),
            ]
        ),
    )
    section = SelectField(_l("逐行检查的表（可不选）"))
    field = SelectField(_l("提示显示在哪个指标旁（可不选）"))
    expression = StringField(
        _l("公式（应成立的条件）"),
        validators=[DataRequired(message=_l("请填写公式"))],
        render_kw={"placeholder": "on_time <= valid_orders"},
    )
    message = StringField(
        _l("不成立时给填报人的提示"),
        validators=[DataRequired(message=_l("请填写提示语")), Length(max=200)],
    )
    add_rule = SubmitField(_l("添加审核公式"))


class RemoveForm(FlaskForm):
    """Remove one item of the draft."""

    remove = SubmitField(_l("删除"))


class PublishForm(FlaskForm):
    """Publish the draft as the next version."""

    publish = SubmitField(_l("发布为新版本"))
