"""The board's report on an edition: read from the public HTTP APIs
(`collect`), summed up in figures (`figures`, pure), drawn (`charts`) and
written as an HTML page and a PDF (`render`). Used by `synergi report` and by
matching's report endpoint; it reads only what its caller's token may."""

import asyncio

import httpx

from synergi_shared.reporting.collect import ReportSourceError, report_sources
from synergi_shared.reporting.figures import report_figures
from synergi_shared.reporting.render import html, pdf

__all__ = ["ReportSourceError", "make_report"]


async def make_report(client: httpx.AsyncClient, edition: str, language: str) -> tuple[str, bytes]:
    """The edition's report as an HTML page and as a PDF, from the APIs
    `client` reaches (with its caller's token)."""
    figures = report_figures(await report_sources(client, edition), language)
    page = await asyncio.to_thread(html, figures)  # charts and layout take a second or two
    return page, await asyncio.to_thread(pdf, page)
