"""MongoDB access through PyMongo's async API (Motor's official successor)."""

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from synergi_shared.settings import Settings


def create_mongo_client(settings: Settings) -> AsyncMongoClient:
    # Short timeouts: a request should get a 503 quickly, not hang, when the
    # database is gone.
    return AsyncMongoClient(
        settings.mongo_url,
        tz_aware=True,
        serverSelectionTimeoutMS=3000,
        connectTimeoutMS=10000,
        appname="synergi",
    )


async def ping(db: AsyncDatabase) -> bool:
    try:
        await db.command("ping")
    except Exception:
        return False
    return True
