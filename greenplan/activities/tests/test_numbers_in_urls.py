"""Numbers that name things (ids, years, versions) are never written with a thousands separator:
"9.862" in a link or a form value would point nowhere once a table holds a thousand rows."""

import datetime

from django.template import Context, Template
from django.utils import translation


def test_the_page_format_groups_thousands_but_attributes_do_not():
    with translation.override("vi"):
        html = Template('{{ y }} <option value="{{ y|stringformat:"d" }}">').render(Context({"y": 2026}))
    assert html == '2.026 <option value="2026">'


def test_the_activity_list_filters_by_year_and_item(client, tree, a1_item):
    from greenplan.activities.services import activity_record
    from greenplan.testing.factories import activity_data

    activity_record(actor=tree.users.reporter_a1, unit=tree.a1, item=a1_item,
                    **activity_data(start_on=datetime.date(2026, 2, 1)))
    client.force_login(tree.users.reporter_a1)
    html = client.get("/activities/HP-A-01/").content.decode()
    assert '<option value="2026"' in html
    assert f'value="{a1_item.pk}"' in html and f"?item={a1_item.pk}" in html
