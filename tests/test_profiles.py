"""Readers' pages of issue 16: the officials index (office, filter, letters, sort) and an official's
profile."""

import re

from archive.models import Article, Person


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def names_in(page):
    return re.findall(r'<li data-key="[^"]*"><a href="[^"]*">([^<]+)</a>', page)


def test_officials_index_shows_each_office_and_jumps_by_letter(client, db):
    page = html(client, "/officials/")
    assert re.search(r"سید ستار هاشمی</a> <span class=\"detail\">وزیر ارتباطات و فناوری اطلاعات</span>", page)
    letters = re.findall(r'<li><a href="#(letter-\d+)">(.)</a></li>', page)
    assert [letter for _, letter in letters] == ["ا", "س", "ع", "و"]
    for anchor, _ in letters:
        assert f'id="{anchor}"' in page


def test_officials_index_sorted_by_number_of_statements(client, db):
    page = html(client, "/officials/?sort=count")
    names = names_in(page)
    assert names[0] == "وحید گلی کانی"  # two statements, the others one
    assert sorted(names[1:], key=lambda n: Person.objects.get(name=n).sort_name) == names[1:]
    assert '<strong aria-current="true">شمار بیانیه‌ها</strong>' in page
    assert 'class="letters"' not in page


def test_officials_index_filtered_without_script_in_any_spelling(client, db):
    assert names_in(html(client, "/officials/?q=گلی")) == ["وحید گلی کانی"]
    assert names_in(html(client, "/officials/?q=وحيد+گليكاني")) == [
        "وحید گلی کانی"
    ]  # Arabic letters, no space
    assert names_in(html(client, "/officials/?q=خامسیان&sort=count")) == ["علیرضا خامسیان"]
    empty = html(client, "/officials/?q=هیچ‌کس")
    assert names_in(empty) == [] and "یافت نشد" in empty


def test_an_officials_page_opens_with_a_profile(client, db):
    person = Person.objects.get(name="وحید گلی کانی")
    page = html(client, person.get_absolute_url())
    profile = re.search(r'<section class="profile".*?</section>', page, re.S).group(0)
    assert "۲ بیانیه" in profile
    assert "شهرستان قدس" in profile or "قدس" in profile
    assert 'data-copy-from="share-url"' in profile
    for share in (
        "https://t.me/share/url?",
        "https://wa.me/?",
        "https://twitter.com/intent/tweet?",
        "mailto:?",
    ):
        assert share in profile
    assert "<script" not in profile
    # The latest office first, the earlier one after it.
    assert "پیش‌تر" in profile
    table = re.search(r'<table class="offices">.*?</table>', page, re.S).group(0)
    assert table.count("<tr") == 3 and "آخرین سمت" in table


def test_detail_pages_share_one_block_and_one_search_box(client, db):
    person = Person.objects.get(name="وحید گلی کانی")
    article = Article.objects.filter(speaker=person).first()
    for url in (
        person.get_absolute_url(),
        article.office.get_absolute_url(),
        article.place.get_absolute_url(),
        article.agency.get_absolute_url(),
        "/",
    ):
        page = html(client, url)
        assert page.count('role="search"') == 1, url
        assert 'class="header-search"' not in page, url
    page = html(client, "/places/")
    assert page.count('role="search"') == 1 and 'class="header-search"' in page
    assert 'aria-label="جست‌وجو در همهٔ بیانیه‌ها"' in page
