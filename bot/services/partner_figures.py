"""The figures funders ask about the partners (issue 18, item 6; seed 000: "69 people, 24 adults of
whom 18 women, 45 children; two thirds on minimum income and single-parent"): the people reached,
the households' situations, the referrals per organisation, the hours of visits and the referents
present at the tripartite visits. Read by the Bilan (questionnaire_reports.programme_report).

Households count when their file was made in the period (a referral accepted); their files keep
these counts after anonymisation (referrals.forget_household), so the figures of past years stay."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Household, HouseholdFile, Organisation, Referral, ReferralStatus, Visit, VisitKind, VisitStatus


@dataclass(frozen=True)
class OrganisationReferrals:
    organisation: str
    received: int
    accepted: int
    declined: int


@dataclass(frozen=True)
class PartnerFigures:
    households: int  # households with a file (the base of the shares below)
    adults_women: int
    adults_men: int
    children: int
    minimum_income: int
    single_parent: int
    newcomer: int
    referrals: list[OrganisationReferrals] = field(default_factory=list)
    visit_minutes: int = 0  # done visits' planned length, in the period
    tripartite_done: int = 0
    referent_present: int = 0  # of tripartite_done

    @property
    def people(self) -> int:
        return self.adults_women + self.adults_men + self.children

    @property
    def visit_hours(self) -> float:
        return self.visit_minutes / 60


def _window(column: Any, start: datetime | None, now: datetime) -> list[Any]:
    conditions = [column <= now]
    if start is not None:
        conditions.append(column >= start)
    return conditions


async def figures(session: AsyncSession, start: datetime | None, now: datetime) -> PartnerFigures:
    files = (
        await session.exec(
            select(HouseholdFile)
            .join(Household, col(Household.id) == col(HouseholdFile.household_id))
            .where(*_window(col(Household.created_at), start, now))
        )
    ).all()
    per_organisation = await session.exec(
        select(
            Organisation.name,
            func.count(),
            func.count().filter(col(Referral.status) == ReferralStatus.accepted),
            func.count().filter(col(Referral.status) == ReferralStatus.declined),
        )
        .select_from(Referral)
        .join(Organisation, col(Organisation.id) == col(Referral.organisation_id))
        .where(*_window(col(Referral.created_at), start, now))
        .group_by(col(Organisation.name))
        .order_by(col(Organisation.name))
    )
    done = [col(Visit.status) == VisitStatus.done, *_window(col(Visit.starts_at), start, now)]
    visits = (await session.exec(select(Visit.starts_at, Visit.ends_at).where(*done))).all()
    minutes = sum(int((ends - begins).total_seconds() // 60) for begins, ends in visits)
    tripartite = (
        await session.exec(
            select(func.count(), func.count().filter(col(Visit.referent_present).is_(True))).where(
                *done, col(Visit.kind) == VisitKind.tripartite
            )
        )
    ).one()
    return PartnerFigures(
        households=len(files),
        adults_women=sum(f.adults_women for f in files),
        adults_men=sum(f.adults_men for f in files),
        children=sum(f.children for f in files),
        minimum_income=sum(1 for f in files if f.minimum_income),
        single_parent=sum(1 for f in files if f.single_parent),
        newcomer=sum(1 for f in files if f.newcomer),
        referrals=[OrganisationReferrals(*row) for row in per_organisation.all()],
        visit_minutes=minutes,
        tripartite_done=int(tripartite[0]),
        referent_present=int(tripartite[1]),
    )
