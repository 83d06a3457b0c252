"""Forms around a submission: the fill form's fixed part, and the reviewer's actions.

The fill form's values are defined by the template, not by this class: they are read and
checked by app/submissions/values.py, the one path web, Excel and API share.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length


class FillForm(FlaskForm):
    """The fixed part of a fill form: who filled it, the revision it was opened at, actions."""

    revision = HiddenField()
    filled_by = StringField(_l("填表人"), validators=[Length(max=80)])
    contact_phone = StringField(
        _l("联系电话"),
        validators=[Length(max=40)],
        render_kw={"inputmode": "tel", "autocomplete": "tel"},
    )
    save = SubmitField(_l("暂存"))
    submit = SubmitField(_l("上报"))


class ReturnForm(FlaskForm):
    """Return a submission to its unit with a reason."""

    reason = TextAreaField(
        _l("退回原因"),
        validators=[
            DataRequired(message=_l("退回时请写明原因，以便填报单位修改")),
            Length(max=2000, message=_l("退回原因请控制在2000字以内")),
        ],
        render_kw={
            "rows": 3,
            "placeholder": _l("例如：回访量与满意度合计不一致，请核实后重新上报"),
        },
    )
    return_submission = SubmitField(_l("退回"))


class ApproveForm(FlaskForm):
    """Approve one submission."""

    approve = SubmitField(_l("审核通过"))


class LateRequestForm(FlaskForm):
    """Ask to report after a closed deadline (补报)."""

    reason = TextAreaField(
        _l("补报原因"),
        validators=[DataRequired(message=_l("请写明补报原因")), Length(max=1000)],
        render_kw={"rows": 3},
    )
    request_late = SubmitField(_l("申请补报"))


class DecideLateForm(FlaskForm):
    """Grant or refuse a 补报 request."""

    grant = SubmitField(_l("同意补报（3天内）"))
    refuse = SubmitField(_l("不同意"))


class RemindForm(FlaskForm):
    """Remind every unit of a task that has not reported."""

    remind = SubmitField(_l("一键催报"))


class BulkApproveForm(FlaskForm):
    """Approve several submitted reports at once from the task's progress page."""

    submission_ids = SelectMultipleField(coerce=int)
    approve_selected = SubmitField(_l("通过所选"))
