"""The compiled difficulties and proposals in a real browser: a superior reaches the page from
the overview, reads every unit's texts, filters them without diacritics and downloads .xlsx."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from greenplan.testing.browser import no_horizontal_scroll
from greenplan.testing.fixtures import NARRATIVES

pytestmark = pytest.mark.browser


def test_a_superior_reads_filters_and_downloads_the_proposals(page: Page, live_tree, narrative_reports, url, log_in,
                                                             shot):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("admin")
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url("/overview/HP/2026H1/"))
    page.get_by_test_id("proposals-link").click()
    expect(page.get_by_test_id("proposals-unit")).to_have_text("Liên đoàn Lao động thành phố Hải Phòng")
    rows = page.get_by_test_id("proposal-row")
    expect(rows).to_have_count(3)
    a1 = page.locator('[data-testid="proposal-row"][data-unit="HP-A-01"]')
    expect(a1.get_by_test_id("proposal-unit")).to_have_text(live_tree.a1.name)
    expect(a1.get_by_test_id("proposal-difficulties")).to_have_text(NARRATIVES["a1"][0])
    expect(a1.get_by_test_id("proposal-proposals")).to_have_text(NARRATIVES["a1"][1])
    shot("proposals-all")

    page.get_by_test_id("proposals-q").fill("kinh phi")  # typed without diacritics
    page.get_by_test_id("proposals-level").select_option("grassroots")
    page.get_by_test_id("proposals-apply").click()
    expect(rows).to_have_count(1)
    expect(a1).to_be_visible()
    assert "q=kinh+phi" in page.url and "level=grassroots" in page.url
    shot("proposals-filtered")

    with page.expect_download() as info:
        page.get_by_test_id("export-proposals-xlsx").click()
    download = info.value
    assert download.suggested_filename == "HP-2026H1-proposals.xlsx"
    sheet = list(load_workbook(io.BytesIO(open(download.path(), "rb").read())).active.iter_rows(values_only=True))
    assert [r[0] for r in sheet[1:]] == ["HP-A-01"]  # the page's filters went with the download
    assert sheet[1][5] == NARRATIVES["a1"][0]

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    expect(rows).to_have_count(1)
    assert no_horizontal_scroll(page)
    shot("proposals-375")
