from synergi_shared.contracts.topics import Topic, all_topic_names


def test_every_topic_has_a_dead_letter_topic() -> None:
    names = all_topic_names()
    assert len(names) == 2 * len(Topic)
    for topic in Topic:
        assert topic.value in names
        assert f"{topic.value}.dlq" in names
    assert Topic.REGISTRATION.dlq == "synergi.registration.v1.dlq"
