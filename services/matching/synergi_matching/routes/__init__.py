"""HTTP routes of the matching service."""

from fastapi import APIRouter

from synergi_matching.routes import (
    after_the_day,
    badges,
    participants,
    planning,
    recommendations,
    report,
)

router = APIRouter()
router.include_router(recommendations.router)
router.include_router(planning.router)
router.include_router(after_the_day.router)
router.include_router(report.router)
router.include_router(badges.router)
router.include_router(participants.router)
