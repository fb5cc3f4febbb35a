"""The store resolves as `strife extract` does: what resolution reads of a mention survives the
database, undated reports are dated from the events they share (anchoring), and ingesting reports
one at a time, in any order, gives the events a single batch gives."""
import itertools

import pytest

from strife import api
from strife.ingest import make_document
from strife.records import Evidence, Extraction, IncidentMention, Place
from strife.store import Store

DATED = ("2024/03/12/market.txt",
         "Gunmen opened fire on a crowded market in Kirkuk on Monday, killing seven people, police said.\n")
UNDATED = ("plain/kirkuk-market.txt",
           "Seven people were killed on Monday when gunmen opened fire on a market in Kirkuk.\n\n"
           "Police said the attackers escaped in a white car.\n")


def _write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def _state(db):
    """doc name → (publication date, whether anchored, its mentions' dates and events)."""
    store = Store(db)
    docs = {d["id"]: d for d in store.documents()}
    out = {}
    for m in store.mentions():
        d = docs[m.doc_id]
        name = d["name"]
        pub, anchored, mentions = out.setdefault(name, (d["pub_date"], (d["pub_date_source"] or "").startswith("anchored"), []))
        mentions.append((m.date, m.cluster_id))
    return out


def test_mentions_keep_what_resolution_reads(tmp_path):
    text = "Two brothers, Omar Haddad and Sami Haddad, were shot dead in Mosul."
    doc = make_document(text, path="x.txt", name="x")
    mention = IncidentMention(doc_id=doc.id, index=0, kind="attack", date="2019-05", date_precision=3,
                              date_from_context=True, undatable=True,
                              place=Place(name="Mosul", geonameid=99072, lat=36.34, lon=43.13, country="IQ",
                                          admin1="Nineveh", feature="city", precision=1),
                              victim_names=("Omar Haddad", "Sami Haddad"), individual_perpetrators=("a gunman",),
                              target_texts=("the brothers",), weapon_texts=("a pistol", "a rifle"),
                              evidence=[Evidence(doc.id, 0, len(text), text)])
    store = Store(str(tmp_path / "s.db"))
    store.save_extraction(Extraction(document=doc, pub_date=None, pub_date_source="undated",
                                     incidents=[mention], pub_date_earliest="2019-01-01", pub_date_latest=None))
    [back] = store.mentions()
    assert (back.date_from_context, back.undatable) == (True, True)
    assert back.victim_names == ("Omar Haddad", "Sami Haddad") and back.weapon_texts == ("a pistol", "a rifle")
    assert back.individual_perpetrators == ("a gunman",) and back.target_texts == ("the brothers",)
    assert (back.place.admin1, back.place.feature) == ("Nineveh", "city")
    assert store.document_dates([doc.id]) == {doc.id: (None, "undated", "2019-01-01", None)}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("reports")
    return [_write(root, *DATED), _write(root, *UNDATED)]


@pytest.fixture(scope="module")
def batch(files, tmp_path_factory):
    db = str(tmp_path_factory.mktemp("batch") / "s.db")
    api.ingest(files, db)
    return _state(db)


def test_batch_ingest_dates_the_undated_report_from_the_event_it_shares(batch):
    pub, anchored, mentions = batch["kirkuk-market"]
    assert pub == "2024-03-12" and anchored
    [(day, event)] = mentions
    assert day == "2024-03-11"
    assert [e for _, e in batch["market"][2]] == [event]


@pytest.mark.parametrize("order", list(itertools.permutations([0, 1])), ids=["dated-first", "undated-first"])
def test_one_report_at_a_time_gives_the_batch_events(files, batch, order, tmp_path):
    db = str(tmp_path / "s.db")
    for i in order:
        api.ingest([files[i]], db)
    state = _state(db)
    assert {name: (pub, anchored, [day for day, _ in ms]) for name, (pub, anchored, ms) in state.items()} == \
        {name: (pub, anchored, [day for day, _ in ms]) for name, (pub, anchored, ms) in batch.items()}
    assert len({e for _, _, ms in state.values() for _, e in ms}) == 1
