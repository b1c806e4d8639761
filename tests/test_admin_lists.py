"""The admin's lists: those only the archive writes (the index queue, the uploads), their columns and
permissions, and the merge action of officials and offices."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from archive.models import IndexTask, Office, Person, UploadJob


def test_the_index_queue_and_upload_columns_show_persian_digits_and_link_their_pages():
    tasks = admin.site._registry[IndexTask]
    task = IndexTask(article_id=407, attempts=12)
    assert tasks.article_link(task) == '<a href="/admin/archive/article/407/change/">۴۰۷</a>'
    assert tasks.attempts_fa(task) == "۱۲"
    assert (tasks.article_link.short_description, tasks.attempts_fa.short_description) == ("بیانیه", "تلاش‌ها")
    assert tasks.attempts_fa.admin_order_field == "attempts"
    jobs = admin.site._registry[UploadJob]
    job = UploadJob(pk=38, next_position=150)
    assert jobs.job_link(job) == '<a href="/admin/archive/article/upload/38/">بارگذاری ۳۸</a>'
    assert jobs.position_fa(job) == "۱۵۰"
    assert jobs.job_link.short_description == "بارگذاری"
    assert jobs.position_fa.short_description == "خبرهای خوانده‌شده"
    assert jobs.position_fa.admin_order_field == "next_position"


def test_editors_never_add_or_edit_a_task_or_an_upload_job():
    request = RequestFactory().get("/admin/")
    for model in (IndexTask, UploadJob):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_change_permission(request, obj=model())


@pytest.mark.parametrize("model, singular, plural", [(Person, "مقام", "مقام‌ها"), (Office, "سمت", "سمت‌ها")])
def test_the_merge_action_and_its_page_name_the_records_in_persian(admin_client, db, model, singular, plural):
    name = model._meta.model_name
    changelist = admin_client.get(f"/admin/archive/{name}/").content.decode()
    assert f'<option value="merge_selected">ادغام {plural}ی انتخاب‌شده</option>' in changelist
    two = [record.pk for record in model.objects.all()[:2]]
    page = admin_client.post(f"/admin/archive/{name}/", {"action": "merge_selected", "_selected_action": two})
    html = page.content.decode()
    assert f"<title>ادغام {plural} |" in html
    assert f"این {plural} یکی می‌شوند" in html and f"<legend>{singular}ی که می‌ماند</legend>" in html
