"""The board's report, rendered for the demo edition beside last year's:
every section filled, and its figures, read back from the PDF with poppler,
the ones the APIs give."""

import re
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from synergi_shared.runtime import unheard_of
from synergi_shared.runtime.settings import Settings
from synergi_shared.tools.demo import OBVIOUS, run_demo
from tests.helpers import mailing_to, settles

LAST, THIS = "report-last-year", "report-this-year"


def _text(pdf: bytes, tmp_path) -> str:
    (tmp_path / "report.pdf").write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return re.sub(r"[ \t]+", " ", done.stdout)


def _pages(pdf_path, tmp_path) -> list[Image.Image]:
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(pdf_path), str(tmp_path / "page")], check=True
    )
    return [Image.open(path).convert("L") for path in sorted(tmp_path.glob("page-*.png"))]


@pytest.fixture
def settings(settings: Settings, inbox) -> Settings:
    """The demo's mail (invitations, meetings) is sent, as on `make run`."""
    return mailing_to(settings, inbox[1])


@pytest.fixture
async def two_demo_days(api, organizer) -> None:
    """Last year's demo day, then this year's with the same organisations;
    until matching has recorded "contacted" for each meeting the plan agreed."""
    api.headers.update(organizer)
    today = datetime.now(UTC).date()
    await run_demo(api, LAST, day=(today + timedelta(days=1)).isoformat())
    this = await run_demo(api, THIS, day=(today + timedelta(days=366)).isoformat())
    assert this.meetings and this.meetings["placed"]

    async def recorded() -> bool:
        outcomes = await api.get(f"/matching/editions/{THIS}/outcomes", params={"limit": 200})
        return len(outcomes.json()) >= this.meetings["placed"]

    await settles(recorded)


async def test_the_report_shows_every_section_with_the_apis_figures(
    api, two_demo_days, tmp_path
) -> None:
    answer = await api.get(f"/matching/editions/{THIS}/report.pdf")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-language"] == "da"
    text = _text(answer.content, tmp_path)

    headings = [
        "Rapport til bestyrelsen", "Deltagelse", "Workshops og fremmøde", "Evaluering",
        "Citater (anonyme, med samtykke)", "Fra anbefaling til partnerskab", "Opfølgning",
        "Netværket", "Sammenlignet med sidste år",
    ]  # fmt: skip
    assert [h for h in headings if h not in text] == []
    assert "Ingen opfølgning er sendt endnu" not in text and "første udgave" not in text

    # Participation, from registration.
    registrations = (
        await api.get(f"/registration/editions/{THIS}/registrations", params={"limit": 200})
    ).json()
    participants = sum(len(r["participants"]) for r in registrations)
    assert f"{len(registrations)} {participants}\nOrganisationer Deltagere" in text
    sizes = {"small": 0, "medium": 0, "large": 0}
    for r in registrations:
        org = (await api.get(f"/registration/organizations/{r['organization_id']}")).json()
        sizes[org["size"]] += 1
    for label, size in (("Små", "small"), ("Mellemstore", "medium"), ("Store", "large")):
        assert f"{label} {sizes[size]}\n" in text

    # Workshops and attendance, from workshops.
    for workshop in (await api.get(f"/workshops/editions/{THIS}/workshops")).json():
        roster = (
            await api.get(f"/workshops/editions/{THIS}/workshops/{workshop['id']}/roster")
        ).json()
        checked_in = sum(entry["checked_in"] for entry in roster["confirmed"])
        row = f"{workshop['round']} {workshop['capacity']} {workshop['seats_taken']} {checked_in}"
        assert re.search(rf"{re.escape(workshop['title'])} .* {row}\n", text), workshop["title"]

    # The evaluation, from feedback; quotes only from those who allowed them.
    summary = (await api.get(f"/feedback/editions/{THIS}/summary")).json()
    rate = f"{round(summary['response_rate'] * 100)} %"
    day = f"{summary['day']['average']:.1f}".replace(".", ",")
    assert f"{summary['responses']} {rate} {day}\n" in text
    insights = (await api.get(f"/feedback/editions/{THIS}/insights")).json()
    quoted = {i["text"] for i in insights if i["may_quote"]}
    unquoted = {i["text"] for i in insights if not i["may_quote"]} - quoted
    assert quoted and unquoted
    assert all(f"“{q}”" in text for q in quoted)
    assert not any(q in text for q in unquoted)

    # The partnership funnel, from matching.
    pairs = (await api.get(f"/matching/editions/{THIS}/current-pairs")).json()
    outcomes = (await api.get(f"/matching/editions/{THIS}/outcomes", params={"limit": 200})).json()
    statuses = [o["status"] for o in outcomes]
    assert f"Anbefalede par {len(pairs)}\n" in text
    assert f"Kontaktet {len([s for s in statuses if s != 'declined'])}\n" in text
    assert f"Mødtes {statuses.count('met') + statuses.count('partnership')}\n" in text
    assert f"Partnerskab {statuses.count('partnership')}\n" in text

    # The follow-ups and their indicators, from matching.
    follow_ups = (await api.get(f"/matching/editions/{THIS}/follow-ups")).json()
    [three] = [r for r in follow_ups["rounds"] if r["months"] == 3]
    assert f"Spurgt {three['organizations_asked']}\n" in text
    assert f"Svaret {three['organizations_answered']}\n" in text
    for indicator in follow_ups["indicators"]:
        assert f"{indicator['label_da']} {three['indicators'][indicator['id']]}\n" in text

    # Beside last year's.
    last = (
        await api.get(f"/registration/editions/{LAST}/registrations", params={"limit": 200})
    ).json()
    assert f"Organisationer {len(registrations)} {len(last)}\n" in text

    # Every page is drawn, and the charts are there: the network page is not blank.
    (tmp_path / "report.pdf").write_bytes(answer.content)
    pages = _pages(tmp_path / "report.pdf", tmp_path)
    assert len(pages) >= 4
    inked = [sum(page.histogram()[:200]) / (page.width * page.height) for page in pages]
    assert min(inked) > 0.005, inked


async def test_last_years_partners_are_shown_as_partners_in_the_new_edition(
    api, two_demo_days
) -> None:
    needing, helping = OBVIOUS[0][0], OBVIOUS[0][1]  # partners after last year's day
    found = (
        await api.get(f"/matching/editions/{THIS}/organizations/{needing.id}/recommendations")
    ).json()["recommendations"]
    [partner] = [r for r in found if r["partner_id"] == helping.id]
    assert partner["earlier"] == {"edition": LAST, "status": "partnership"}
    assert partner["outcome"] == "partnership"


async def test_the_report_is_the_organisers_and_in_english_on_request(
    api, organizer, auth, monkeypatch
) -> None:
    api.headers.update(organizer)
    await run_demo(api, THIS)
    page = await api.get(f"/matching/editions/{THIS}/report.html", params={"language": "en"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Report to the board" in page.text and "This is the first edition" in page.text
    assert "<img" in page.text and "data:image/svg+xml;base64," in page.text
    # Its own policy (the gateway adds none then): styles inline, no script at all.
    policy = page.headers["content-security-policy"]
    assert policy.startswith("default-src 'none';") and "script-src" not in policy
    assert "<script" not in page.text
    for role in ("tool", "organization"):
        denied = await api.get(
            f"/matching/editions/{THIS}/report.html", headers=auth(role, "someone")
        )
        assert denied.status_code == 403
    monkeypatch.setattr(unheard_of, "PENDING_SECONDS", 0)  # not "not yet": never
    assert (await api.get("/matching/editions/nope/report.pdf")).status_code == 404
