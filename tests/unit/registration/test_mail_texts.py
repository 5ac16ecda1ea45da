"""The words of Synergi's mails: each language's catalogue, typed values
quoted on one line, a participant's mail in Danish then English."""

from datetime import date

from synergi_registration import mail_texts


def test_a_follow_up_names_the_partners_and_the_link_in_danish_then_english() -> None:
    subject, text = mail_texts.follow_up(
        "Mor-Barn Fyn", "Indsatsdag 2026", 3, ["Børnefonden", "Effektlab"], "http://x/sign-in#c"
    )
    assert subject == (
        'Hvad kom der ud af det? "Indsatsdag 2026", 3 måneder efter / '
        'What came of it? "Indsatsdag 2026", 3 months on'
    )
    danish, english = text.split("\n---\n")
    assert danish.startswith('Kære "Mor-Barn Fyn"') and english.strip().startswith("Dear")
    for part in (danish, english):  # each language complete on its own
        assert '  - "Børnefonden"\n  - "Effektlab"' in part
        assert part.count("http://x/sign-in#c") == 1
    assert "påmindelse" not in text.lower()


def test_a_follow_up_reminder_says_so_first_and_carries_the_unsubscribe_link() -> None:
    footer = mail_texts.Footer(unsubscribe="http://x/u")
    subject, text = mail_texts.follow_up(
        "Mor-Barn Fyn", "Dag", 6, ["A"], "http://x/l", reminder=True, footer=footer
    )
    assert subject.startswith("Påmindelse: ") and "/ Reminder: " in subject
    assert "Vi har ikke hørt fra jer endnu" in text and "We have not heard from you yet" in text
    assert text.count("http://x/u") == 2


def test_did_you_meet_asks_in_each_language_before_the_unsubscribe_link() -> None:
    """The partner's name as typed is hostile: quoted, on one line."""
    footer = mail_texts.Footer(met=[("Bo\r\nBcc: x@evil.example", "http://x/met")], unsubscribe="u")
    _, text = mail_texts.follow_up("A", "Dag", 3, ["B"], "http://x/l", footer=footer)
    danish, english = text.split("\n---\n")
    assert 'Mødtes I med "Bo Bcc: x@evil.example"? Sig det med ét klik:\n  http://x/met' in danish
    assert 'Did you meet "Bo Bcc: x@evil.example"? Say so with one click:' in english
    for part in (danish, english):
        assert part.index("http://x/met") < part.index("\n  u\n")


def test_names_stored_with_line_breaks_stay_on_one_line_in_a_follow_up() -> None:
    """Names kept from before line breaks were refused: the subject is one
    header line and each partner one quoted line."""
    subject, text = mail_texts.follow_up(
        "Mor-Barn\r\nFyn",
        "Indsatsdag\r\nBcc: x@evil.example",
        3,
        ["Fonden\n\nVigtigt: log ind her http://evil.example\u2028"],
        "http://x/sign-in#code=c",
    )
    assert "\n" not in subject and "\r" not in subject
    assert '"Indsatsdag Bcc: x@evil.example"' in subject
    assert text.startswith('Kære "Mor-Barn Fyn"\n')
    assert '  - "Fonden Vigtigt: log ind her http://evil.example"\n' in text


def test_a_date_and_its_hours_read_naturally_in_each_language() -> None:
    day = date(2030, 5, 1)
    assert mail_texts.when(day, "09:30", "16:00", "da") == "1. maj 2030, kl. 09:30\u201316:00"
    assert mail_texts.when(day, None, None, "en") == "1 May 2030"
    assert mail_texts.quoted(None, "da") == "(ikke oplyst)"


def test_every_catalogue_has_the_same_texts() -> None:
    assert set(mail_texts.CATALOGUE["da"]) == set(mail_texts.CATALOGUE["en"])
