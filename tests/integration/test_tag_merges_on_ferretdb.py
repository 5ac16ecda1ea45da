"""The organiser's tag merges are facts in FerretDB, not only in one
instance's memory: another matching instance that loads the edition from the
store ranks with them."""

from synergi_matching.store import MatchingStore
from synergi_matching.usecases import Editions
from tests.helpers import matching_events as make


async def _listed(store: MatchingStore) -> dict[str, list[str]]:
    docs = await store.recommendations.pairs.find({"withdrawn": False}).to_list(None)
    return {doc["_id"]: [r["detail"] for r in doc["reasons"]] for doc in docs}


async def test_a_fresh_instance_loads_the_merges_from_the_store(matching_store) -> None:
    store = matching_store
    first = Editions(store, make.publish_nowhere)
    await first.handle(
        [
            make.edition(),
            make.profile("a", needs=["sms-påmindelser"], regions=["bornholm"]),
            make.profile("b", offers=["sms-reminders"], regions=["skagen"]),
            make.registered("a"),
            make.registered("b"),
        ]
    )
    assert await _listed(store) == {}
    await first.merge_tag(make.EDITION, "sms-reminders", "sms-påmindelser")
    reason = ["B offers sms påmindelser, which A needs"]
    assert await _listed(store) == {"ed/a/b": reason}

    # Another instance takes the edition over: it loads every fact, merges
    # included, and finds nothing to change.
    second = Editions(store, make.publish_nowhere)
    await second.handle([make.profile("c", regions=["ærø"]), make.registered("c")])
    assert await _listed(store) == {"ed/a/b": reason}
    await second.merge_tag(make.EDITION, "sms-reminders", None)
    assert await _listed(store) == {}
