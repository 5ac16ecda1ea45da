"""Every refusal a rule can raise has its status in the one mapping."""

from synergi_feedback.domain import Unacceptable
from synergi_shared.contracts.errors import Conflict, Refused
from synergi_shared.runtime.http_errors import status_of
from synergi_workshops.usecases import UnknownTheme


def test_every_kind_of_refusal_maps_to_its_status() -> None:
    statuses = {kind.__name__: status_of(kind("why")) for kind in Refused.__subclasses__()}
    assert statuses == {
        "NotFound": 404,
        "Unprocessable": 422,
        "Unauthorized": 401,
        "Gone": 410,
        "Conflict": 409,
    }
    # A service's own refusal is answered as the shared one it is.
    assert status_of(Unacceptable("a workshop not attended")) == 422
    assert status_of(UnknownTheme("no such theme")) == 422
    assert Conflict("not yet", retry_after=2).retry_after == 2
