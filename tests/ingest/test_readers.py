"""Ingest of every container format, and of bad input: one clear error per bad file, the rest read."""
import gzip
import json
from pathlib import Path

from strife.ingest import IngestError, read_paths
from strife.ingest.documents import content_id, simhash, hamming

FIXTURES = Path(__file__).parent.parent / "fixtures"
ARTICLE = ("Gunmen attacked a checkpoint outside the town of Baqubah on Tuesday, killing four police officers "
           "and wounding six others, officials said. No group has claimed the attack.")


def _items(paths):
    return list(read_paths([str(p) for p in paths]))


def test_text_file(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE)
    [doc] = _items([f])
    assert doc.name == "a" and doc.text == ARTICLE and doc.id == content_id(ARTICLE)


def test_same_text_same_id_across_names(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE + "\n")
    a, b = _items([tmp_path])
    assert a.id == b.id


def test_html_boilerplate_removed_and_metadata_kept(tmp_path):
    body = " ".join([ARTICLE] * 3)
    html = f"""<html><head><title>Checkpoint attack</title>
    <meta property="article:published_time" content="2016-03-07T10:00:00Z">
    <meta property="og:site_name" content="Example Wire"></head>
    <body><nav>Home | World | Sport</nav><script>var x = 1;</script>
    <article><h1>Checkpoint attack</h1><p>{body}</p></article>
    <footer>Copyright Example Wire. Cookie settings.</footer></body></html>"""
    f = tmp_path / "page.html"
    f.write_text(html)
    [doc] = _items([f])
    assert "Gunmen attacked" in doc.text
    assert "var x" not in doc.text and "Cookie settings" not in doc.text
    assert doc.pub_date == "2016-03-07"
    assert doc.title == "Checkpoint attack"


def test_jsonl_records_and_a_broken_line(tmp_path):
    f = tmp_path / "wire.jsonl"
    f.write_text(json.dumps({"id": "r1", "text": ARTICLE, "published": "2016-03-07", "source": "Wire"}) + "\n"
                 + "{not json\n"
                 + json.dumps({"id": "r3", "text": ARTICLE.replace("four", "five")}) + "\n")
    items = _items([f])
    docs = [i for i in items if not isinstance(i, IngestError)]
    errs = [i for i in items if isinstance(i, IngestError)]
    assert [d.name for d in docs] == ["r1", "r3"]
    assert docs[0].pub_date == "2016-03-07" and docs[0].source == "Wire"
    assert len(errs) == 1 and "wire.jsonl#2" in str(errs[0]) and "malformed JSON" in str(errs[0])


def test_rss_feed(tmp_path):
    f = tmp_path / "feed.xml"
    f.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
    <item><title>One</title><link>http://example.org/1</link><pubDate>Mon, 07 Mar 2016 10:00:00 GMT</pubDate>
    <description>{ARTICLE}</description></item>
    <item><title>Two</title><link>http://example.org/2</link><description>{ARTICLE.replace('four', 'nine')}</description></item>
    </channel></rss>""")
    docs = _items([f])
    assert [d.title for d in docs] == ["One", "Two"]
    assert docs[0].pub_date == "2016-03-07" and docs[0].url == "http://example.org/1"
    assert docs[0].source == "Example Wire"


def test_warc(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    import io

    f = tmp_path / "crawl.warc.gz"
    with open(f, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        html = f"<html><head><title>T</title></head><body><article><p>{ARTICLE} {ARTICLE}</p></article></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = writer.create_warc_record("http://example.org/a", "response", payload=io.BytesIO(html.encode()),
                                        http_headers=headers)
        writer.write_record(rec)
    [doc] = _items([f])
    assert doc.url == "http://example.org/a" and "Gunmen attacked" in doc.text


def test_bad_inputs_each_give_one_clear_error_and_the_batch_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "broken.json").write_text("{\"text\": ")
    (tmp_path / "broken.xml").write_text("<rss><channel><item><title>x</title>")
    (tmp_path / "bomb.xml").write_text('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                                       '<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><rss><channel><title>&lol2;</title>'
                                       '</channel></rss>')
    (tmp_path / "broken.html").write_text("<html><body><div><p>")
    (tmp_path / "bad.warc.gz").write_bytes(gzip.compress(b"this is not a warc record"))
    items = _items([tmp_path])
    docs = [i for i in items if not isinstance(i, IngestError)]
    errors = {Path(e.path.split("#")[0]).name: e.reason for e in items if isinstance(e, IngestError)}
    assert [d.name for d in docs] == ["good"]
    assert set(errors) == {"empty.txt", "binary.txt", "broken.json", "broken.xml", "bomb.xml", "broken.html",
                           "bad.warc.gz"}
    assert "empty" in errors["empty.txt"] and "binary" in errors["binary.txt"]
    assert "unsafe" in errors["bomb.xml"]
    for reason in errors.values():
        assert "\n" not in reason


def test_invalid_utf8_is_decoded_not_lost(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes(("Militants attacked the caf\u00e9 in the town of Sa\u00efda, killing two people. " * 2).encode("latin-1"))
    [doc] = _items([f])
    assert "café" in doc.text


def test_simhash_tells_near_copies():
    long = " ".join([ARTICLE, "Police sealed off the area and began a search for the attackers.",
                     "The town has seen several such attacks this year."] * 2)
    copy = "Republished by another outlet. " + long + " Additional reporting by staff."
    other = "Floods destroyed hundreds of homes in the south after days of heavy rain, the ministry said. " * 3
    assert hamming(simhash(long), simhash(copy)) <= 6
    assert hamming(simhash(long), simhash(other)) > 12
