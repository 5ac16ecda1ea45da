"""The "we met" link in a mail: it answers "did you meet?" for one side of
one meeting without signing in. Registration, which sends the mail, makes
it; workshops, which owns meetings, reads it. The token is signed with
`SYNERGI_JWT_SECRET` and good for nothing else: its audience is
`meeting-held`, so it is not a session, and a session token is not one."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from synergi_shared.contracts.errors import Unauthorized

AUDIENCE = "meeting-held"
# Mail is read late: the follow-up round three months on may be the next one.
LASTS = timedelta(days=120)


@dataclass(frozen=True)
class MetAnswer:
    """Which side says it met, in which meeting."""

    edition: str
    meeting_id: str
    organization_id: str


def met_token(secret: str, answer: MetAnswer, now: datetime) -> str:
    claims = {
        "aud": AUDIENCE,
        "sub": answer.organization_id,
        "edition": answer.edition,
        "meeting": answer.meeting_id,
        "exp": int((now + LASTS).timestamp()),
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def read_met_token(secret: str, token: str) -> MetAnswer:
    """The answer a valid token gives; `Unauthorized` for any other."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            audience=AUDIENCE,
            options={"require": ["aud", "sub", "exp", "edition", "meeting"]},
        )
    except jwt.InvalidTokenError as error:
        raise Unauthorized("this link is not valid, or too old: answer on your page") from error
    return MetAnswer(claims["edition"], claims["meeting"], claims["sub"])
