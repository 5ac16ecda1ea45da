"""Text an organisation types that must stay on one line wherever it is shown:
names, titles, roles, venues. A newline in a name would let one organisation
write its own paragraph into an e-mail the foundation sends someone else."""

import re
from typing import Annotated

from pydantic import AfterValidator

# C0 (including TAB, CR, LF), DEL, C1 (including NEL) and the Unicode line and
# paragraph separators: everything that starts a new line or is not text.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError(
            "must be one line of text: no line breaks, tabs or other control characters"
        )
    return value


SingleLine = Annotated[str, AfterValidator(one_line)]


def as_one_line(value: str) -> str:
    """Text kept from before line breaks were refused, made one line for
    showing: each run of control characters and spaces becomes one space."""
    return " ".join(_CONTROL.sub(" ", value).split())
