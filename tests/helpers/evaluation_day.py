"""An impact day with an evaluation to give, for the component tests of the
feedback service and of what follows from it (the export, retention)."""

import asyncio

import httpx

F = "/feedback/editions/impact-2026"


async def retrying(call) -> httpx.Response:
    """As a front-end would: again while the answer says Retry-After."""
    for _ in range(100):
        response = await call()
        if "Retry-After" not in response.headers:
            return response
        await asyncio.sleep(0.02)
    return response


async def put(api, day, name: str, body: dict, headers) -> httpx.Response:
    path = f"{F}/responses/{day['people'][name]}"
    for _ in range(100):  # until the attendance has reached the feedback service
        response = await retrying(lambda: api.put(path, json=body, headers=headers))
        if response.status_code != 422 or "not checked in" not in response.text:
            return response
        await asyncio.sleep(0.02)
    return response


def answer(day: dict, rating: int = 5, kind: str = "tip", wish: str = "B", **extra) -> dict:
    return {
        "day_rating": 4,
        "workshops": [
            {
                "workshop_id": day["workshop"],
                "rating": rating,
                "insight": "Measure less, but every month",
                "insight_kind": kind,
            }
        ],
        "follow_ups": [{"organization_id": day["orgs"][wish], "topic": "shared volunteers"}],
        "comment": "A good day",
        **extra,
    }
