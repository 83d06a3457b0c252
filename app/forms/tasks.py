"""Forms for issuing tasks (下发)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.periods import MONTH_PATTERN


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
        _l("报告期（年-月）"),
        validators=[
            DataRequired(message=_l("请填写报告期，例如 2024-12")),
            Regexp(MONTH_PATTERN, message=_l("报告期请写成“年-月”，例如 2024-12")),
        ],
        render_kw={"placeholder": "2024-12", "inputmode": "numeric"},
    )
    due_on = DateField(
        _l("截止日期"),
        validators=[DataRequired(message=_l("请选择截止日期，例如 2025-01-05"))],
    )
    unit_ids = MultiCheckboxField(
        _l("填报单位"),
        coerce=int,
        validators=[DataRequired(message=_l("请至少选择一个填报单位"))],
    )
    submit = SubmitField(_l("下发"))
