"""HTTP routes for planning the day: the quality report, synergy tables, the
vocabulary (concepts, the tags in use, the organiser's merges)."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from synergi_matching.domain.quality import QualityReport
from synergi_matching.routes.dependencies import EditionsInMemory, Language, Store, known_edition
from synergi_matching.schemas import ConceptOut, TablePlan, TagMerge, TagMergeIn, TagUse
from synergi_matching.usecases import quality_of, tables_of, tags_of
from synergi_shared.contracts.concepts import CONCEPTS, concept_of
from synergi_shared.runtime.auth import CurrentPrincipal, require_role
from synergi_shared.runtime.csv_export import CSV_DOWNLOAD, CsvResponse, csv_response
from synergi_shared.runtime.http_errors import error_responses

router = APIRouter(tags=["planning"])


@router.get(
    "/editions/{slug}/quality",
    response_model=QualityReport,
    responses=error_responses(
        not_yet=True, forbidden="Organiser and tools only", not_found="Unknown edition"
    ),
)
async def quality_report(slug: str, principal: CurrentPrincipal, store: Store) -> QualityReport:
    """*Added*: how good and how fair the edition's lists are (`docs/matching.md`):
    coverage (organisations with at least 3 partners listed; those with fewer,
    named), exposure (how evenly organisations appear in others' lists: Gini,
    the largest share, each size's share of places against its share of the
    edition), reciprocity (places whose partner lists them back) and the scores."""
    require_role(principal, "organizer", "tool")
    await known_edition(store, slug)
    return await quality_of(store, slug)


class TableQuery:
    """How the organiser wants the tables."""

    def __init__(
        self,
        min_size: Annotated[int, Query(ge=2, le=20, description="At least this many a table")] = 4,
        max_size: Annotated[int, Query(ge=2, le=20, description="At most this many a table")] = 6,
        keep_partners_apart: Annotated[
            bool, Query(description="Seat pairs already in a partnership at different tables")
        ] = False,
    ) -> None:
        self.min_size, self.max_size = min_size, max_size
        self.keep_partners_apart = keep_partners_apart


Tables = Annotated[TableQuery, Depends()]
_TABLE_ERRORS = error_responses(
    not_yet=True,
    forbidden="Organiser and tools only",
    not_found="Unknown edition",
    unprocessable="Sizes the organisations taking part cannot fill",
)


async def _plan(store, slug: str, query: TableQuery, language: str) -> TablePlan:
    await known_edition(store, slug)
    plan: dict[str, Any] = await tables_of(
        store, slug, query.min_size, query.max_size, query.keep_partners_apart
    )
    return TablePlan(
        **{
            **plan,
            "tables": [
                {
                    **table,
                    "theme_label": table[f"theme_{language}"],
                    "why": table[f"why_{language}"],
                }
                for table in plan["tables"]
            ],
        }
    )


@router.get("/editions/{slug}/tables", response_model=TablePlan, responses=_TABLE_ERRORS)
async def synergy_tables(
    slug: str,
    principal: CurrentPrincipal,
    store: Store,
    language: Language,
    query: Tables,
    response: Response,
) -> TablePlan:
    """*Added*: every organisation taking part seated at tables of `min_size`
    to `max_size`, the tables chosen so that those at one fit each other well
    (the most score within tables; `docs/matching.md` names the method), each
    with the theme it shares and one sentence why. The same data gives the
    same plan. Pairs that declined always sit apart."""
    require_role(principal, "organizer", "tool")
    response.headers["Content-Language"] = language
    return await _plan(store, slug, query, language)


@router.get(
    "/editions/{slug}/tables.csv",
    response_class=CsvResponse,
    responses={**_TABLE_ERRORS, **CSV_DOWNLOAD},
)
async def synergy_tables_csv(
    slug: str, principal: CurrentPrincipal, store: Store, language: Language, query: Tables
) -> CsvResponse:
    """*Added*: the same plan for a spreadsheet or a place card print: one row
    per organisation."""
    require_role(principal, "organizer", "tool")
    plan = await _plan(store, slug, query, language)
    header = ["table", "theme", "organization_id", "organization_name", "why"]
    rows = [
        [table.number, table.theme_label or "", seat.id, seat.name, table.why]
        for table in plan.tables
        for seat in table.members
    ]
    return csv_response([header, *rows], f"{slug}-tables.csv", language)


@router.get("/concepts", responses=error_responses())
async def concepts(principal: CurrentPrincipal) -> list[ConceptOut]:
    """*Added*: the catalogue of concepts tags are matched by, with their
    English and Danish labels and synonyms (for suggesting tags as one types)."""
    return [ConceptOut(**c._asdict()) for c in CONCEPTS.values()]


@router.get(
    "/editions/{slug}/tags",
    responses=error_responses(
        not_yet=True, forbidden="Organiser and tools only", not_found="Unknown edition"
    ),
)
async def tags_in_use(slug: str, principal: CurrentPrincipal, store: Store) -> list[TagUse]:
    """*Added*: every tag the organisations taking part wrote, the concept it
    stands for and counts as, and how many wrote it, most used first: where
    the organiser sees what to merge."""
    require_role(principal, "organizer", "tool")
    await known_edition(store, slug)
    return [TagUse(**use) for use in await tags_of(store, slug)]


@router.get(
    "/editions/{slug}/tag-merges",
    responses=error_responses(
        not_yet=True, forbidden="Organiser and tools only", not_found="Unknown edition"
    ),
)
async def tag_merges(slug: str, principal: CurrentPrincipal, store: Store) -> list[TagMerge]:
    """*Added*: the organiser's merges in the edition."""
    require_role(principal, "organizer", "tool")
    await known_edition(store, slug)
    facts = await store.facts.taking_part(slug)
    return [TagMerge(concept=c, into=into) for c, into in sorted(facts.merges.items())]


@router.put(
    "/editions/{slug}/tag-merges/{tag}",
    responses=error_responses(
        not_yet=True,
        forbidden="Organiser only",
        not_found="Unknown edition",
        conflict="The target is merged itself, or other tags are merged into this one",
        unprocessable="Both words are one concept already",
    ),
)
async def merge_tag(
    slug: str,
    tag: str,
    body: TagMergeIn,
    principal: CurrentPrincipal,
    store: Store,
    editions: EditionsInMemory,
) -> TagMerge:
    """*Added*: in this edition, count `tag` (as the concept it stands for) as
    `into`, so organisations that wrote one meet those that wrote the other.
    Sending it again with another `into` replaces the merge. The lists change
    at once (every organisation that wrote it is ranked again)."""
    require_role(principal, "organizer")
    await known_edition(store, slug)
    concept, into = concept_of(tag), concept_of(body.into)
    await editions.merge_tag(slug, concept, into)
    return TagMerge(concept=concept, into=into)


@router.delete(
    "/editions/{slug}/tag-merges/{tag}",
    status_code=204,
    responses=error_responses(
        not_yet=True,
        forbidden="Organiser only",
        not_found="Unknown edition, or the tag is not merged",
    ),
)
async def unmerge_tag(
    slug: str, tag: str, principal: CurrentPrincipal, store: Store, editions: EditionsInMemory
) -> Response:
    """*Added*: the tag counts as itself again."""
    require_role(principal, "organizer")
    await known_edition(store, slug)
    await editions.merge_tag(slug, concept_of(tag), None)
    return Response(status_code=204)
