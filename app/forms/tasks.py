"""Forms for issuing tasks (下发)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import choices as select_choices
from app.periods import PERIOD_PATTERN


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes, usable on a phone."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        choices = {choice.value for choice in self.choices}
        if any(value not in choices for value in self.data or []):
            raise ValidationError(_l("所选单位不在可选范围内，请重新勾选"))


class IssueTaskForm(FlaskForm):
    """Issue a template for a month to a set of units."""

    template_id = SelectField(_l("报表"), coerce=int)
    period = StringField(
        _l("报告期"),
        validators=[
            DataRequired(message=_l("请填写报告期，例如 2024-12")),
            Regexp(
                PERIOD_PATTERN,
                message=_l(
                    "报告期请写成 2024-12（月）、2024-Q4（季）、2024-H2（半年）或 2024（年）"
                ),
            ),
        ],
        render_kw={"placeholder": "2024-12", "inputmode": "numeric"},
    )
    due_on = DateField(
        _l("截止日期"),
        validators=[DataRequired(message=_l("请选择截止日期，例如 2025-01-05"))],
    )
    unit_kinds = MultiCheckboxField(
        _l("按类型选择（可多选）"),
        choices=select_choices(
            [
                ("township", _l("全部乡镇")),
                ("department", _l("全部部门")),
                ("enterprise", _l("全部企业")),
                ("village", _l("全部村（社区）")),
            ]
        ),
    )
    subtree_id = SelectField(_l("按上级单位选择其下全部单位"), coerce=int)
    unit_ids = MultiCheckboxField(_l("逐个选择填报单位"), coerce=int)
    is_closed_after_due = BooleanField(_l("截止后关闭填报（逾期需申请补报）"))
    submit = SubmitField(_l("下发"))
