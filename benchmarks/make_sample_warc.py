"""Regenerate src/strife/data/sample_corpus/crawl.warc.gz.

The WARC holds two HTTP `response` records with full HTML pages (articles written by the
Strife team for the demo corpus). Record ids and dates are fixed so that the output is
byte-for-byte reproducible: run `python benchmarks/make_sample_warc.py` after editing.
"""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).resolve().parents[1] / "src/strife/data/sample_corpus/crawl.warc.gz"

PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}">
<script>window.__CONSENT__ = null; function consent(){{document.getElementById('cb').remove();}}</script>
</head>
<body>
<div id="cb" class="cookie-banner">We and our partners use cookies. <button onclick="consent()">Accept</button></div>
<header><a href="/" class="logo">{site}</a>
<nav><a href="/news">News</a> | <a href="/analysis">Analysis</a> | <a href="/multimedia">Multimedia</a> | <a href="/about">About</a></nav></header>
<main>
<article>
<h1>{title}</h1>
<p class="meta">{site} | {display_date}</p>
{body}
</article>
<aside><h3>Latest</h3><ul><li><a href="#">Weather service issues flood warning</a></li><li><a href="#">Exchange rate bulletin</a></li></ul></aside>
</main>
<footer><p>&copy; {year} {site}. All rights reserved. <a href="/privacy">Privacy</a> &middot; <a href="/terms">Terms</a></p></footer>
<script src="/assets/site.min.js"></script>
</body>
</html>
"""

PAGES = [
    {
        "url": "https://hornrecord.example/news/2017/10/20/mogadishu-bombing-toll-358",
        "record_id": "<urn:uuid:5f0c6a3e-1b7d-4c1e-9a51-000000000001>",
        "warc_date": "2017-10-21T06:00:00Z",
        "site": "Horn Daily Record",
        "title": "Somalia says 358 people died in Mogadishu truck bombing",
        "published": "2017-10-20T17:30:00+03:00",
        "display_date": "20 October 2017",
        "year": 2017,
        "paragraphs": [
            "MOGADISHU - The Somali government said on Friday that 358 people were killed in last "
            "Saturday's truck bombing at the Zoobe junction in Mogadishu, sharply raising the official "
            "toll. Another 228 people were wounded and 56 remain missing, the minister for information "
            "told a news conference.",
            "The new figures confirm the October 14 bombing as one of the deadliest single attacks "
            "anywhere in the world in recent years. Officials said many of the missing were believed to "
            "have been inside buildings that collapsed or burned after the explosion.",
            "Investigators believe the lorry, carrying hundreds of kilograms of military-grade and "
            "homemade explosives, was intended for a more heavily guarded target near the airport, "
            "security officials said. They have blamed al-Shabaab, which has not commented.",
            "A man suspected of helping to plan the operation was arrested earlier in the week, "
            "police said, without giving his name.",
            "The African Union force in Somalia said it would support Somali troops in a planned "
            "offensive against the militants' remaining strongholds in the south of the country.",
        ],
    },
    {
        "url": "https://northsyriareport.example/2016/08/13/sdf-take-full-control-of-manbij",
        "record_id": "<urn:uuid:5f0c6a3e-1b7d-4c1e-9a51-000000000002>",
        "warc_date": "2016-08-14T09:15:00Z",
        "site": "North Syria Report",
        "title": "US-backed fighters take full control of Manbij after ten-week battle",
        "published": "2016-08-13T12:00:00+00:00",
        "display_date": "13 August 2016",
        "year": 2016,
        "paragraphs": [
            "BEIRUT - The Syrian Democratic Forces (SDF), an alliance of Kurdish and Arab militias "
            "backed by the United States, said on Friday they had taken full control of Manbij, ending "
            "a ten-week campaign to drive Islamic State out of the northern Syrian town.",
            "The last militants left the town in a convoy of vehicles, taking several hundred "
            "civilians with them as human shields, according to the SDF and a monitoring group. Some of "
            "the civilians were released later near the town of Jarablus.",
            "Manbij, some 30 km south of the Turkish border, had been a key stop on the route the group "
            "used to bring foreign fighters and supplies from Turkey to its stronghold of Raqqa.",
            "The offensive was backed by hundreds of airstrikes by the US-led coalition. One strike "
            "on the village of Tokhar, north of Manbij, on July 19 killed at least 56 civilians, "
            "according to the Syrian Observatory for Human Rights. The coalition said it would "
            "investigate the reports.",
            "Residents who stayed behind during the siege described shortages of food, water and "
            "medicine, and streets strewn with mines left by the retreating fighters.",
        ],
    },
]


def build_html(page: dict) -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in page["paragraphs"])
    fields = {k: v for k, v in page.items() if k != "paragraphs"}
    return PAGE_TEMPLATE.format(body=body, **fields).encode("utf-8")


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for page in PAGES:
            payload = build_html(page)
            http_headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(payload))),
                    ("Server", "nginx"),
                ],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                page["url"],
                "response",
                payload=BytesIO(payload),
                length=len(payload),
                http_headers=http_headers,
                warc_headers_dict={
                    "WARC-Record-ID": page["record_id"],
                    "WARC-Date": page["warc_date"],
                },
            )
            writer.write_record(record)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(PAGES)} records)")


if __name__ == "__main__":
    main()
