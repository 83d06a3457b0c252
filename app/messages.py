"""The one catalogue of validation messages a user can see.

Each says what to do, in plain Chinese, and is wrapped for translation. Placeholders are
named and filled after translation.
"""

from flask_babel import lazy_gettext as _l

REQUIRED = _l("请填写“%(label)s”")
NOT_A_NUMBER = _l("“%(label)s”请填写数字，例如 12 或 12.5")
TOO_LARGE = _l("“%(label)s”的数值过大，请核对后重填")
TOO_MANY_ROWS = _l("一张表最多填写 %(max)s 行，请分批填报或联系主管部门")
NOT_AN_INTEGER = _l("“%(label)s”请填写整数，不要带小数点")
TOO_MANY_PLACES = _l("“%(label)s”最多保留 %(places)s 位小数")
BELOW_MIN = _l("“%(label)s”不能小于 %(min)s，请核对后重填")
ABOVE_MAX = _l("“%(label)s”不能大于 %(max)s，请核对后重填")
NOT_A_DATE = _l("“%(label)s”请填写日期，例如 2024-11-05")
NOT_A_MONTH = _l("“%(label)s”请填写年月，例如 2024-11")
NOT_A_PHONE = _l("“%(label)s”请填写11位手机号或带区号的固定电话，例如 0737-5222222")
NOT_AN_EMAIL = _l("“%(label)s”请填写正确的电子邮箱，例如 name@example.cn")
NOT_A_CITIZEN_ID = _l("“%(label)s”不是有效的18位身份证号，请核对（最后一位校验码可能是X）")
NOT_A_CREDIT_CODE = _l("“%(label)s”不是有效的18位统一社会信用代码，请核对营业执照上的代码")
CHOICE_MISMATCH = _l("“%(label)s”与上一项的选择不对应，请重新选择")
NOT_A_CHOICE = _l("“%(label)s”请从列表中选择")
TEXT_TOO_LONG = _l("“%(label)s”不能超过 %(max)s 个字")
DUPLICATE_ROW_KEY = _l("“%(label)s”为“%(value)s”的行重复了，请合并或删除一行")
EXPLANATION_NEEDED = _l("请在下方填写核实说明后再上报")
STALE_REVISION = _l("这份报表已在别处被修改。您刚填的内容仍在页面上，请核对后再保存。")
CSRF_EXPIRED = _l("页面停留时间过长，安全校验已过期。您填写的内容已保留，请再点一次保存。")
RETURN_REASON_REQUIRED = _l("退回时请写明原因，以便填报单位修改")
