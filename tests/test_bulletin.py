"""The hotline bulletin section: computed from the rollups, honest about two totals."""

from decimal import Decimal

import pytest

from app.bulletins.services import render_bulletin, top
from app.extensions import db
from app.models import BulletinTemplate
from tests.workflow import issue


def render(period: str = "2024-11"):
    bulletin = db.session.scalars(db.select(BulletinTemplate).filter_by(code="hotline")).one()
    return render_bulletin(bulletin, period)


def test_bulletin_sentences_carry_the_real_figures(demo):
    text = "".join(render().paragraphs)

    assert "共办理有效工单648件" in text
    assert "不满意工单10件，非常不满意工单36件" in text
    assert "投诉378件，占60.19%" in text
    assert "其他2件，占0.32%" in text
    assert "回访满意率92.72%" in text


def test_top_five_includes_units_tied_at_fifth_place(demo):
    text = "".join(render().paragraphs)

    assert (
        "城管执法局（100件）、南洲镇（66件）、交运局（47件）、文旅广体局（38件）、"
        "人社局、教育局（并列第5位，各37件）" in text
    )


def test_disagreeing_totals_are_flagged_not_printed_as_one(demo):
    rendered = render()

    assert [(d.value_a, d.value_b, d.difference) for d in rendered.discrepancies] == [
        (648, 628, 20)
    ]
    text = "".join(rendered.paragraphs)
    assert "热线办分类统计628件，比各承办单位合计少20件，正在核实" in text


def test_bulletin_page_shows_the_discrepancy_to_the_editor(demo, login):
    page = login("manager_rexian").get("/bulletins/hotline/2024-11").get_data(as_text=True)

    assert "数据不一致，发布前请核实" in page
    assert "相差20件" in page


def test_top_ranks_ties_by_standard_competition():
    counts = [("a", 5), ("b", 4), ("c", 4), ("d", 3), ("e", 1)]
    rows = [{"unit": u, "n": Decimal(n)} for u, n in counts]

    three = top(rows, "n", 3)
    four = top(rows, "n", 4)

    assert [(p.rank, p.names) for p in three] == [(1, ["a"]), (2, ["b", "c"])]
    assert [(p.rank, p.names) for p in four] == [(1, ["a"]), (2, ["b", "c"]), (4, ["d"])]


def test_bulletin_template_cannot_reach_python_internals(demo):
    bulletin = db.session.scalars(db.select(BulletinTemplate).filter_by(code="hotline")).one()
    bulletin.body = "{{ rollup.__globals__ }}"

    rendered = render_bulletin(bulletin, "2024-11")

    assert rendered.error is not None or "".join(rendered.paragraphs) == ""


def test_month_without_category_data_renders_and_says_so(demo, login):
    manager = login("manager_rexian")
    issue(manager, "hotline_orders", "2024-12")
    response = manager.get("/bulletins/hotline/2024-12")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "本期数据不全，暂不能发布" in page
    assert "12345便民热线工单分类情况" in page
    assert "数据不一致" not in page


def test_month_without_any_data_prints_no_broken_sentence(demo):
    rendered = render("2024-10")

    assert rendered.paragraphs == []
    assert len(rendered.empty_sources) == 2


@pytest.mark.parametrize(
    "body",
    [
        '{{ rollup("hotline_orders", "by_unit").task }}',
        '{{ rollup("hotline_orders", "by_unit").template.owner_unit }}',
        '{{ rollup("window_appraisal", "window_table").rows }}',
        '{{ rollup("hotline_orders", "nope") }}',
    ],
)
def test_bulletin_sees_only_plain_values_of_its_own_templates(demo, body):
    bulletin = db.session.scalars(db.select(BulletinTemplate).filter_by(code="hotline")).one()
    bulletin.body = body

    rendered = render_bulletin(bulletin, "2024-11")

    text = "".join(rendered.paragraphs)
    assert "password" not in text and "Unit" not in text and "Task" not in text
    assert rendered.error is not None or text == ""
