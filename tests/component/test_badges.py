"""Name badges and table cards for the demo edition, read back from the
PDF: every active participant's name with poppler's pdftotext, and every QR
code decoded (zxing-cpp) to that participant's id, as the check-in's
scanner reads it. A long Danish name fits; typed markup stays text."""

import re
import subprocess
from datetime import UTC, datetime, timedelta

import zxingcpp
from PIL import Image

from synergi_shared.tools.demo import run_demo

SLUG = "badges-demo"
LONG = "Åse Øster-Ægidius Sørensen-Højgaard Christoffersen-Bæk"


def _text(pdf: bytes, tmp_path) -> str:
    (tmp_path / "badges.pdf").write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", str(tmp_path / "badges.pdf"), "-"], capture_output=True, text=True, check=True
    )
    return re.sub(r"\s+", "", done.stdout)  # a long name may wrap


def _codes(pdf: bytes, tmp_path) -> list[str]:
    (tmp_path / "codes.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", str(tmp_path / "codes.pdf"), str(tmp_path / "sheet")],
        check=True,
    )
    read = []
    for sheet in sorted(tmp_path.glob("sheet-*.png")):
        read += [code.text for code in zxingcpp.read_barcodes(Image.open(sheet))]
    return read


async def test_every_badge_holds_its_name_and_a_qr_code_of_its_participant(
    api, organizer, tmp_path
) -> None:
    api.headers.update(organizer)
    day = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
    await run_demo(api, SLUG, day=day)
    org = (
        await api.post(
            "/registration/organizations",
            json={"name": "Ærø <b>Børnehus</b>", "size": "small", "regions": ["syddanmark"]},
        )
    ).json()["id"]
    added = await api.post(
        f"/registration/editions/{SLUG}/registrations",
        json={"organization_id": org, "participants": [{"name": LONG, "email": "aase@x.dk"}]},
    )
    assert added.status_code == 201, added.text
    registrations = (
        await api.get(f"/registration/editions/{SLUG}/registrations", params={"limit": 200})
    ).json()
    people = {
        p["id"]: p["name"]
        for r in registrations
        if r["status"] == "active"
        for p in r["participants"]
        if p["name"]
    }
    assert len(people) > 20

    answer = await api.get(f"/matching/editions/{SLUG}/badges.pdf")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    text = _text(answer.content, tmp_path)
    missing = [name for name in people.values() if re.sub(r"\s+", "", name) not in text]
    assert missing == []
    assert "Ærø<b>Børnehus</b>" in text  # the typed markup, as text
    assert sorted(_codes(answer.content, tmp_path)) == sorted(people)
    assert len(list(tmp_path.glob("sheet-*.png"))) == -(-len(people) // 8)  # 8 to a sheet

    one = await api.get(f"/matching/editions/{SLUG}/badges.pdf", params={"organization_id": org})
    (tmp_path / "one").mkdir(exist_ok=True)
    assert _codes(one.content, tmp_path / "one") == [added.json()["participants"][0]["id"]]

    cards = await api.get(f"/matching/editions/{SLUG}/table-cards.pdf")
    assert cards.status_code == 200
    assert "Bord1" in _text(cards.content, tmp_path)
