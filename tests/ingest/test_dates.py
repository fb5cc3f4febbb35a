"""Publication dates from everything around a document, each with its source: a page's metadata
(one page per form), a feed, a crawl record, a JSON field, the file's path, a manifest, the run's
option; the most trusted wins."""
import io
import json

import pytest

from strife.ingest import IngestError, read_paths
from strife.ingest.dates import iso_date, path_pub_date

STORY = ("Gunmen attacked a police checkpoint outside the town of Baqubah, killing four officers and "
         "wounding six others, officials said. No group has claimed the attack so far.")


def _page(head: str = "", body_extra: str = "") -> str:
    body = " ".join([STORY] * 3)
    return (f"<html><head><title>Checkpoint attack</title>{head}</head><body><nav>Home | World</nav>"
            f"<article><h1>Checkpoint attack</h1>{body_extra}<p>{body}</p></article>"
            "<footer>Copyright Example Wire.</footer></body></html>")


def _docs(paths, **options):
    items = list(read_paths([str(p) for p in paths], **options))
    return [i for i in items if not isinstance(i, IngestError)], [i for i in items if isinstance(i, IngestError)]


HTML_FORMS = [
    ('<meta property="article:published_time" content="2016-03-07T10:00:00+03:00">', "",
     "2016-03-07", "html:article:published_time"),
    ('<meta property="og:published_time" content="2016-03-08">', "", "2016-03-08", "html:og:published_time"),
    ('<meta itemprop="datePublished" content="2016-03-09">', "", "2016-03-09", "html:itemprop:datePublished"),
    ("", '<p>Filed <time itemprop="datePublished" datetime="2016-03-10T08:00Z">10 March</time></p>',
     "2016-03-10", "html:itemprop:datePublished"),
    ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
     '"headline": "Checkpoint attack", "datePublished": "2016-03-11T09:00:00Z"}</script>', "",
     "2016-03-11", "jsonld"),
    ('<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "Wire"}, '
     '{"@type": "NewsArticle", "datePublished": "2016-03-12"}]}</script>', "", "2016-03-12", "jsonld"),
    ("", '<p class="byline">By staff, <time datetime="2016-03-13">13 March</time></p>', "2016-03-13", "time"),
    ('<meta name="DC.date" content="2016-03-14">', "", "2016-03-14", "dc"),
    ('<meta name="dcterms.created" content="2016-03-15">', "", "2016-03-15", "dc"),
]


@pytest.mark.parametrize("head,body_extra,want,source", HTML_FORMS, ids=[f[3] + str(i) for i, f in enumerate(HTML_FORMS)])
def test_html_metadata_forms(tmp_path, head, body_extra, want, source):
    (tmp_path / "page.html").write_text(_page(head, body_extra))
    [doc], errors = _docs([tmp_path / "page.html"])
    assert not errors
    assert (doc.pub_date, doc.pub_date_source) == (want, source)


def test_html_modification_dates_and_broken_values_are_not_publication_dates(tmp_path):
    head = ('<meta property="article:modified_time" content="2019-01-01">'
            '<meta property="article:published_time" content="yesterday-ish">'
            '<script type="application/ld+json">{"dateModified": "2019-01-01", "datePublished": "0000-00-00"}</script>'
            '<script type="application/ld+json">{not json</script>')
    (tmp_path / "page.html").write_text(_page(head))
    [doc], _ = _docs([tmp_path / "page.html"])
    assert doc.pub_date is None and doc.pub_date_source is None


def test_html_meta_is_preferred_to_a_time_element(tmp_path):
    head = '<meta property="article:published_time" content="2016-03-07">'
    (tmp_path / "page.html").write_text(_page(head, '<p><time datetime="2016-01-01">related story</time></p>'))
    [doc], _ = _docs([tmp_path / "page.html"])
    assert (doc.pub_date, doc.pub_date_source) == ("2016-03-07", "html:article:published_time")


def test_feed_entries_carry_the_feed_date(tmp_path):
    (tmp_path / "feed.xml").write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
      <item><title>Checkpoint attack</title><link>https://wire.example/a</link>
        <pubDate>Mon, 07 Mar 2016 10:00:00 GMT</pubDate><description>{STORY}</description></item>
      <item><title>Undated</title><description>{STORY.replace("four", "five")}</description></item>
    </channel></rss>""")
    (tmp_path / "atom.xml").write_text(f"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:x</id><updated>2016-03-09T00:00:00Z</updated>
      <entry><title>One</title><id>urn:1</id><updated>2016-03-08T12:00:00Z</updated>
        <content type="text">{STORY.replace("four", "six")}</content></entry></feed>""")
    docs, errors = _docs([tmp_path / "feed.xml", tmp_path / "atom.xml"])
    assert not errors
    assert [(d.pub_date, d.pub_date_source) for d in docs] == [("2016-03-07", "feed"), (None, None),
                                                             ("2016-03-08", "feed")]


def _warc(path, records):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, warc_date, html in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers,
                                            warc_headers_dict={"WARC-Date": warc_date})
            writer.write_record(rec)


def test_warc_capture_date_yields_to_the_page_and_its_url(tmp_path):
    with_meta = _page('<meta property="article:published_time" content="2016-03-07">')
    bare = _page().replace("four officers", "two officers")
    dated_url = _page().replace("four officers", "nine officers")
    _warc(tmp_path / "crawl.warc.gz", [("https://wire.example/story", "2019-05-01T00:00:00Z", with_meta),
                                       ("https://wire.example/other", "2019-05-02T00:00:00Z", bare),
                                       ("https://wire.example/2016/03/09/story", "2019-05-03T00:00:00Z", dated_url)])
    docs, errors = _docs([tmp_path / "crawl.warc.gz"])
    assert not errors
    assert [(d.pub_date, d.pub_date_source) for d in docs] == [
        ("2016-03-07", "html:article:published_time"), ("2019-05-02", "warc"), ("2016-03-09", "url")]


def test_json_record_fields(tmp_path):
    lines = [{"id": "a", "text": STORY, "datePublished": "2016-03-07T10:00:00Z"},
             {"id": "b", "text": STORY.replace("four", "five"), "published": "Tue, 08 Mar 2016 10:00:00 GMT"},
             {"id": "c", "text": STORY.replace("four", "six"), "date": "not a date"},
             {"id": "d", "text": STORY.replace("four", "seven"), "pub_date": "2016-03-10", "date": "2001-01-01"}]
    (tmp_path / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in lines) + "\n")
    docs, _ = _docs([tmp_path / "wire.jsonl"])
    assert [(d.name, d.pub_date, d.pub_date_source) for d in docs] == [
        ("a", "2016-03-07", "json:datePublished"), ("b", "2016-03-08", "json:published"), ("c", None, None),
        ("d", "2016-03-10", "json:pub_date")]


@pytest.mark.parametrize("path,want", [
    ("news/2024/07/16/slug.txt", "2024-07-16"),
    ("posts/2016-05-23-slug.md", "2016-05-23"),
    ("20160523_x.txt", "2016-05-23"),
    ("2016_05_23/report.txt", "2016-05-23"),
    ("2014/01/02/2016-05-23-slug.txt", "2016-05-23"),  # the one nearest the file name
    ("https://wire.example/world/2016/3/7/story.html", "2016-03-07"),
    ("gtd_201608050045.txt", None),  # an id with a date inside is no date
    ("20161399_x.txt", None),  # no month 13
    ("12345678.txt", None),
    ("2016/slug.txt", None),  # a year is no day
    ("3016-05-23-slug.txt", None),
    ("2099-01-01-slug.txt", None),  # the future
    (None, None),
])
def test_path_dates(path, want):
    assert path_pub_date(path) == want


def test_path_date_is_recorded_and_the_md_reader_reads_markdown_but_not_a_readme(tmp_path):
    folder = tmp_path / "2024" / "07" / "16"
    folder.mkdir(parents=True)
    (folder / "slug.txt").write_text(STORY)
    (tmp_path / "2016-05-23-other.md").write_text(STORY.replace("four", "five"))
    (tmp_path / "README.md").write_text("Notes on this folder of articles: who collected them, and when.")
    docs, errors = _docs([tmp_path])
    assert not errors
    assert sorted((d.name, d.pub_date, d.pub_date_source) for d in docs) == [
        ("2016-05-23-other", "2016-05-23", "path"), ("slug", "2024-07-16", "path")]


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_manifest_found_in_the_folder(tmp_path, kind):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "sub" / "b.txt").write_text(STORY.replace("four", "five"))
    (tmp_path / "c.txt").write_text(STORY.replace("four", "six"))
    rows = [("a.txt", "2016-03-07", "Example Wire", "https://wire.example/a"), ("sub/b.txt", "8 March 2016", "", ""),
            ("c.txt", "someday", "", "")]
    if kind == "csv":
        (tmp_path / "manifest.csv").write_text("file,date,source,url\n" + "".join(",".join(r) + "\n" for r in rows))
    else:
        (tmp_path / "manifest.jsonl").write_text("".join(json.dumps(dict(zip(("file", "date", "source", "url"), r)))
                                                         + "\n" for r in rows))
    docs, errors = _docs([tmp_path])
    by_name = {d.name: d for d in docs}
    assert set(by_name) == {"a", "b", "c"}  # the manifest itself is no document
    assert (by_name["a"].pub_date, by_name["a"].pub_date_source) == ("2016-03-07", "manifest")
    assert by_name["a"].source == "Example Wire" and by_name["a"].url == "https://wire.example/a"
    assert (by_name["b"].pub_date, by_name["b"].pub_date_source) == ("2016-03-08", "manifest")
    assert by_name["c"].pub_date is None
    [error] = errors  # the bad row is named, the rest of the batch is read
    assert f"manifest.{kind}#" in str(error) and "'someday' is not a date" in str(error)


def test_manifest_given_for_the_run_and_a_broken_one(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(STORY)
    table = tmp_path / "dates.csv"
    table.write_text("path,published\na.txt,2016-03-07\n")
    docs, errors = _docs([texts], manifest=table)
    assert not errors and [(d.pub_date, d.pub_date_source) for d in docs] == [("2016-03-07", "manifest")]

    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\xff\xfe\x00binary")
    docs, errors = _docs([texts], manifest=broken)
    assert [d.pub_date for d in docs] == [None]  # the documents are still read
    assert len(errors) == 1 and "broken.csv" in str(errors[0])


def test_run_option_dates_what_carries_no_date_and_yields_to_what_does(tmp_path):
    (tmp_path / "plain.txt").write_text(STORY)
    (tmp_path / "2016-05-23-dated.txt").write_text(STORY.replace("four", "five"))
    (tmp_path / "page.html").write_text(_page('<meta property="article:published_time" content="2016-03-07">'))
    docs, _ = _docs([tmp_path], pub_date="2016-01-01")
    assert sorted((d.name, d.pub_date, d.pub_date_source) for d in docs) == [
        ("2016-05-23-dated", "2016-05-23", "path"), ("page", "2016-03-07", "html:article:published_time"),
        ("plain", "2016-01-01", "option")]
    with pytest.raises(ValueError, match="not a date"):
        _docs([tmp_path], pub_date="2016-13-45")


def test_manifest_wins_over_the_path_but_not_over_the_page(tmp_path):
    (tmp_path / "2016-05-23-a.txt").write_text(STORY)
    (tmp_path / "page.html").write_text(_page('<meta property="article:published_time" content="2016-03-07">'))
    (tmp_path / "manifest.csv").write_text("file,date\n2016-05-23-a.txt,2016-05-24\npage.html,2016-03-09\n")
    docs, _ = _docs([tmp_path])
    assert sorted((d.name, d.pub_date, d.pub_date_source) for d in docs) == [
        ("2016-05-23-a", "2016-05-24", "manifest"), ("page", "2016-03-07", "html:article:published_time")]


@pytest.mark.parametrize("value,want", [
    ("2016-03-07T23:30:00-05:00", "2016-03-07"),  # the day the document wrote, not moved across time zones
    ("Mon, 07 Mar 2016 10:00:00 GMT", "2016-03-07"),
    ("7 March 2016", "2016-03-07"),
    ("2016-02-30", None), ("0000-00-00", None), ("1850-01-01", None), ("soon", None), ("", None), (None, None),
])
def test_iso_date(value, want):
    assert iso_date(value) == want
