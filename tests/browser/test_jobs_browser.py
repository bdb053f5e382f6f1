"""The background jobs' pages and the upload forms in chromium, at 1366 px and 390 px: the list of jobs
follows a running job without reloading (htmx asks every 2 s, then stops), the focus stays where it was,
and an upload's button says it is busy while the file goes up."""

import time

from chitieu.jobs.models import Job

from . import test_flows, test_journeys
from .test_journeys import DOCUMENT, check, login

# chromium, the base tree and personas (test_flows); a page at 1366 px and at 390 px (test_journeys)
browser, world, page = test_flows.browser, test_flows.world, test_journeys.page
pytestmark = test_flows.pytestmark


def test_the_job_list_follows_a_running_job(world, page):
    job = Job.objects.create(
        kind=Job.Kind.REPORTS,
        unit=world.ward_a,
        user=world.editor,
        status=Job.Status.RUNNING,
        done=1,
        total=4,
        params={"kind": "term", "fmt": "docx", "kind_title": "Báo cáo tổng kết nhiệm kỳ (docx)"},
    )
    login(page, "editor")
    page.goto("/jobs/")
    page.wait_for_selector("#jobs-live[hx-trigger]")
    assert "Đang chạy 1 việc" in page.inner_text("#jobs-status")
    assert "Đang làm" in page.inner_text("#jobs-live")
    check(page)
    page.evaluate("document.body.dataset.loaded = 'once'")
    page.focus(f"#job-{job.pk}")
    asked = []
    page.on("request", lambda r: asked.append(r.url) if r.headers.get("hx-request") else None)

    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, done=4, file_name="bao-cao.zip")
    page.wait_for_selector("#jobs-live tr.job-done", timeout=10000)
    assert page.evaluate("document.body.dataset.loaded") == "once"  # no reload
    assert page.evaluate("document.activeElement.id") == f"job-{job.pk}"
    assert page.inner_text("#jobs-status") == "Các việc đều đã xong."
    assert page.get_attribute("#jobs-live", "hx-trigger") is None
    assert page.locator(f'#jobs-live a[href="/jobs/{job.pk}/download"]').count() == 1
    check(page)
    count = len(asked)
    time.sleep(4.5)
    assert len(asked) == count, "the list stops asking once every job is over"


def test_the_upload_button_is_busy_while_the_file_goes_up(world, page, tmp_path):
    login(page, "editor")
    page.goto(f"/c/{world.ward_a.pk}/documents/new/")
    assert page.is_hidden("#upload-progress")
    path = tmp_path / "bao-cao-2023.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    page.set_input_files("input[name=file]", str(path))
    # The page's own handler runs first; this one, added after it, keeps the form here to be looked at.
    page.evaluate("""() => {
        const form = document.getElementById('upload');
        window.holdUpload = (e) => e.preventDefault();
        form.addEventListener('submit', window.holdUpload);
    }""")
    page.click("#upload button[type=submit]")
    button = page.locator("#upload button[type=submit]")
    assert button.inner_text() == "Đang tải lên…"
    assert button.get_attribute("aria-busy") == "true"
    assert button.is_disabled()
    assert page.is_visible("#upload-progress")
    assert "Đang tải lên và đọc văn bản" in page.inner_text("#upload-progress")
    check(page)
    # Shown again from the browser's back-forward cache, the form is ready for another try.
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    assert (button.inner_text(), button.get_attribute("aria-busy"), button.is_enabled()) == ("Tải lên", None, True)
    assert page.is_hidden("#upload-progress")
    page.click("#upload button[type=submit]")
    assert button.get_attribute("aria-busy") == "true"
    # Let it go: the file goes up and the figures are read.
    page.evaluate("""() => {
        const form = document.getElementById('upload');
        form.removeEventListener('submit', window.holdUpload);
        HTMLFormElement.prototype.submit.call(form);
    }""")
    page.wait_for_selector("#proposals")
    # Back on the form (from the browser's cache or not), it is ready for another file.
    page.go_back()
    page.wait_for_selector("#upload")
    assert page.inner_text("#upload button[type=submit]") == "Tải lên"
    assert page.get_attribute("#upload button[type=submit]", "aria-busy") is None
    assert page.is_enabled("#upload button[type=submit]")
    assert page.is_hidden("#upload-progress")
