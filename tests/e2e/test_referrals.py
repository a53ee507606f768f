"""Referrals (issue 18, item 1): a coordinator invites a social referent of an organisation; the
referent refers a household from the chat; the coordinator accepts (the household is created in
phase referred with its file, an animator, tenants' invitations) or declines with a reason; the
referent is told either way, in their language."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import select

from bot.models import (
    HouseholdFile,
    Invite,
    Phase,
    ReferentConsent,
    ReferentMembership,
    Referral,
    ReferralStatus,
    RelayDirection,
    RelayKind,
    RelayMessage,
    Role,
)
from bot.services import referrals
from handlers.partners import texts
from tests import factories
from tests.e2e.helpers import button_texts, join, render, tr

CODE = re.compile(r"<code>([A-Z0-9-]+)</code>|([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")


def plain(html: str) -> str:
    """What the user reads: the emulator keeps the text, not the markup."""
    return re.sub(r"<[^>]+>", "", html).replace("&#x27;", "'").replace("&amp;", "&")


def codes_in(text: str) -> list[str]:
    return [a or b for a, b in CODE.findall(text)]


async def invited_referent(running_bot, emulator, coordinator, telegram_id: int, organisation: str, locale: str):  # type: ignore[no-untyped-def]
    await coordinator.send("/menu")
    await coordinator.wait_for_messages()
    await coordinator.press("✉️ Invite someone")
    [roles] = await coordinator.wait_for_messages()
    await coordinator.press("🤝 A social referent", roles)
    [orgs] = await coordinator.wait_for_messages()
    if organisation in button_texts(orgs):
        await coordinator.press(organisation, orgs)
    else:
        await coordinator.press("➕ New organisation", orgs)
        await coordinator.wait_for_messages()
        await coordinator.send(organisation)
        [listing] = await coordinator.wait_for_messages()
        assert organisation in button_texts(listing)
        await coordinator.press(organisation, listing)
    [invitation] = await coordinator.wait_for_messages()
    assert f"Invitation for a social referent of {organisation}" in invitation["text"]
    [code] = codes_in(invitation["text"])
    referent = emulator.user(telegram_id, "Sophie", language_code=locale)
    menu = await join(referent, code, locale)
    assert tr(locale, "📨 Refer a household") in button_texts(menu)
    assert tr(locale, "🏠 Households") not in button_texts(menu)
    return referent


async def fill_referral(referent, locale: str) -> dict:  # type: ignore[no-untyped-def]
    t = lambda text: tr(locale, text)  # noqa: E731
    await referent.press(t("📨 Refer a household"))
    [step] = await referent.wait_for_messages()
    await referent.press("1", step)  # women
    [step] = await referent.wait_for_messages()
    await referent.press("0", step)  # men
    [step] = await referent.wait_for_messages()
    await referent.press("3", step)  # children
    [step] = await referent.wait_for_messages()
    await referent.press("◻️ " + t("minimum income"), step)
    [step] = await referent.wait_for_messages()
    assert "☑️ " + t("minimum income") in button_texts(step)
    await referent.press("◻️ " + t("single parent"), step)
    [step] = await referent.wait_for_messages()
    await referent.press(t("✅ Next"), step)
    await referent.wait_for_messages()
    await referent.send("3000")  # in the future: asked again, nothing lost
    [again] = await referent.wait_for_messages()
    assert again["text"] == t("Type a year like 2019 (not in the future).")
    await referent.send("2017")
    await referent.wait_for_messages()
    await referent.send("Pays d'Aix Habitat")
    await referent.wait_for_messages()
    await referent.send("Encagnane")
    [step] = await referent.wait_for_messages()
    await referent.press(t("Yes"), step)
    await referent.wait_for_messages()
    await referent.send("Humidité dans la chambre, peinture de la cuisine")
    [step] = await referent.wait_for_messages()
    await referent.press(t("Urgent (health, safety)"), step)
    [step] = await referent.wait_for_messages()
    await referent.press(t("✅ Yes, they agreed"), step)
    [summary] = await referent.wait_for_messages()
    return summary


async def test_a_referral_sent_accepted_and_the_referent_told_in_french(running_bot, emulator):
    await running_bot.member(8801, Role.coordinator, "Claire", locale="en")
    nadia = await running_bot.member(8802, Role.animator, "Nadia", locale="en")
    coordinator = emulator.user(8801, "Claire", language_code="en")
    referent = await invited_referent(running_bot, emulator, coordinator, 8803, "CCAS d'Aix", "fr")
    [membership] = await factories.rows(running_bot, ReferentMembership)
    assert membership.person_id == (await running_bot.person(8803)).id

    summary = await fill_referral(referent, "fr")
    assert render("fr", texts.situation_line, {"minimum_income": True, "single_parent": True}) in summary["text"]
    assert "Pays d'Aix Habitat" in summary["text"]
    await referent.press(tr("fr", "📨 Send the referral"), summary)
    [sent] = await referent.wait_for_messages()
    assert sent["text"] == plain(render("fr", texts.sent))

    [referral] = await factories.rows(running_bot, Referral)
    assert (referral.adults_women, referral.adults_men, referral.children) == (1, 0, 3)
    assert referral.minimum_income and referral.single_parent and not referral.newcomer
    assert referral.tenant_since == 2017 and referral.household_agreed and referral.status is ReferralStatus.pending

    [notice] = await coordinator.wait_for_messages()
    assert "New referral from CCAS d'Aix: Encagnane." in notice["text"]
    await coordinator.press("📨 Open the referral", notice)
    [card] = await coordinator.wait_for_messages()
    assert "👥 1 women, 0 men, 3 children" in card["text"] and "From Sophie (CCAS d'Aix)" in card["text"]
    await coordinator.press("✅ Accept", card)
    [choice] = await coordinator.wait_for_messages()
    await coordinator.press("Nadia", choice)
    [done] = await coordinator.wait_for_messages()
    assert "Household ORI-0001 is created (phase: referred)" in done["text"]
    [code] = codes_in(done["text"])  # one adult: one invitation

    household = await running_bot.household("ORI-0001")
    assert household is not None and household.phase is Phase.referred and household.animator_id == nadia.id
    assert household.priority_neighbourhood and household.referent_name == "Sophie (CCAS d'Aix)"
    [file] = await factories.rows(running_bot, HouseholdFile)
    assert (file.household_id, file.children, file.landlord, file.tenant_since) == (
        household.id,
        3,
        "Pays d'Aix Habitat",
        2017,
    )
    [referral] = await factories.rows(running_bot, Referral)
    assert referral.status is ReferralStatus.accepted and referral.household_id == household.id

    [told] = await referent.wait_for_messages()
    day = referral.created_at.date().isoformat()
    assert told["text"] == plain(render("fr", texts.told_accepted, "Encagnane", day, "ORI-0001", "Nadia"))

    tenant = emulator.user(8804, "Amina", language_code="fr")
    await join(tenant, code, "fr")
    amina = await running_bot.person(8804)
    assert amina is not None and amina.role is Role.tenant and amina.household_id == household.id

    # The referent sees it in their list, accepted; pressing it again as coordinator changes nothing.
    await referent.press(tr("fr", "⬅️ My referrals"), told)
    [mine] = await referent.wait_for_messages()
    assert any("Encagnane" in label for label in button_texts(mine))
    await coordinator.press("⬅️ Referrals", done)
    [waiting] = await coordinator.wait_for_messages()
    assert waiting["text"] == "No referral is waiting for a decision."


async def test_a_referral_declined_with_a_reason_and_another_referent_sees_nothing(running_bot, emulator):
    await running_bot.member(8811, Role.coordinator, "Claire", locale="en")
    coordinator = emulator.user(8811, "Claire", language_code="en")
    referent = await invited_referent(running_bot, emulator, coordinator, 8812, "CAF 13", "ar")
    other = await invited_referent(running_bot, emulator, coordinator, 8813, "CAF 13", "en")
    summary = await fill_referral(referent, "ar")
    await referent.press(tr("ar", "📨 Send the referral"), summary)
    await referent.wait_for_messages()
    [notice] = await coordinator.wait_for_messages()
    [referral] = await factories.rows(running_bot, Referral)

    # Another referent, even of the same organisation, forging the button: nothing shown.
    query = await other.press_data(f"rfo:{referral.id}")
    assert (await other.wait_for_answer(query))["text"] == "This button is no longer active."

    await coordinator.press("📨 Open the referral", notice)
    [card] = await coordinator.wait_for_messages()
    await coordinator.press("✖️ Decline", card)
    await coordinator.wait_for_messages()
    await coordinator.send("x" * 600)  # too long: asked again
    [again] = await coordinator.wait_for_messages()
    assert again["text"] == "Type the reason in one line, 1 to 500 characters."
    await coordinator.send("Pas de travaux à la charge du ménage")
    [done] = await coordinator.wait_for_messages()
    assert done["text"] == "✖️ Declined. The referent is told, with your reason."
    [referral] = await factories.rows(running_bot, Referral)
    assert referral.status is ReferralStatus.declined and referral.household_id is None
    [told] = await referent.wait_for_messages()
    assert tr("ar", "Reason: {reason}").format(reason="Pas de travaux à la charge du ménage") in told["text"]
    day = referral.created_at.date().isoformat()
    reason = "Pas de travaux à la charge du ménage"
    assert told["text"] == plain(render("ar", texts.told_declined, "Encagnane", day, reason))
    async with factories.opened(running_bot) as session:
        assert (await session.exec(select(Invite).where(Invite.role == Role.tenant))).all() == []


async def test_the_referent_follows_only_their_household_and_reads_messages_only_with_consent(running_bot, emulator):
    coordinator = await running_bot.member(8821, Role.coordinator, "Claire", locale="en")
    nadia = await running_bot.member(8822, Role.animator, "Nadia", locale="en")
    sophie = await factories.referent(running_bot, 8823, name="Sophie", locale="en")
    marc = await factories.referent(running_bot, 8824, name="Marc", locale="en")
    claire = emulator.user(8821, "Claire", language_code="en")
    referent = emulator.user(8823, "Sophie", language_code="en")
    emulator.user(8824, "Marc", language_code="en")
    mine = await factories.referral(running_bot, sophie, site="Encagnane")
    theirs = await factories.referral(running_bot, marc, site="Jas de Bouffan")
    async with factories.opened(running_bot) as session:
        done = await referrals.accept(
            session, coordinator, mine.id, animator_id=nadia.id, now=running_bot.clock.now(), ttl=timedelta(days=14)
        )
        other = await referrals.accept(
            session, coordinator, theirs.id, animator_id=None, now=running_bot.clock.now(), ttl=timedelta(days=14)
        )
        [code] = done.codes
    tenant = emulator.user(8825, "Amina", language_code="fr")
    await join(tenant, code, "fr")
    amina = await running_bot.person(8825)
    async with factories.opened(running_bot) as session:
        session.add(
            RelayMessage(
                household_id=done.household.id,
                sender_id=amina.id,
                direction=RelayDirection.to_team,
                kind=RelayKind.text,
                text="La fuite sous l'évier a repris",
            )
        )

    # The two referrals reached Claire through the outbox first (the pump sends them at its pace).
    notices = await claire.wait_for_messages(2)
    assert all(notice["text"].startswith("📨 New referral") for notice in notices)
    # The card of the household shows its file, for staff.
    await claire.send("/menu")
    [menu] = await claire.wait_for_messages()
    await claire.press_data(f"vhh:{done.household.id}", message_id=menu["message_id"])
    [card] = await claire.wait_for_messages()
    assert "📁 Household file" in card["text"] and "👥 1 women, 0 men, 2 children" in card["text"]
    assert "🏢 Landlord: Pays d'Aix Habitat" in card["text"] and "🤝 Referent: Sophie (CCAS d'Aix)" in card["text"]

    [told] = await referent.wait_for_messages()  # "Your referral was accepted"
    await referent.press("⬅️ My referrals", told)
    [listing] = await referent.wait_for_messages()
    await referent.press(next(b for b in button_texts(listing) if "Encagnane" in b), listing)
    [card] = await referent.wait_for_messages()
    await referent.press("🏠 Follow-up", card)
    [follow] = await referent.wait_for_messages()
    assert "🏠 ORI-" in follow["text"] and "Phase: referred" in follow["text"]
    assert "🔒 The household has not agreed that you read its messages and answers." in follow["text"]
    assert "fuite" not in follow["text"]
    # Marc's household, forged: nothing shown.
    query = await referent.press_data(f"rfh:{other.household.id}", message_id=follow["message_id"])
    assert (await referent.wait_for_answer(query))["text"] == "This button is no longer active."

    # The tenant agrees from /mes_donnees, in French.
    await tenant.send("/mes_donnees")
    _document, summary = await tenant.wait_for_messages(2)
    assert tr("fr", "Your social referent may read your messages and answers: no") in summary["text"]
    await tenant.press(tr("fr", "🤝 What my referent sees"), summary)
    [screen] = await tenant.wait_for_messages()
    assert tr("fr", "Now: 🔒 your referent may not read them.") in screen["text"]
    await tenant.press(tr("fr", "✅ Yes, they may read them"), screen)
    [screen] = await tenant.wait_for_messages()
    assert tr("fr", "Now: ✅ your referent may read them.") in screen["text"]
    assert len(await factories.rows(running_bot, ReferentConsent)) == 1

    await referent.press("⬅️ Back", follow)
    [card] = await referent.wait_for_messages()
    await referent.press("🏠 Follow-up", card)
    [follow] = await referent.wait_for_messages()
    assert "✉️ La fuite sous l'évier a repris" in follow["text"]

    await tenant.press(tr("fr", "🔒 No, not any more"), screen)
    [screen] = await tenant.wait_for_messages()
    assert await factories.rows(running_bot, ReferentConsent) == []
    await referent.press("⬅️ Back", follow)
    [card] = await referent.wait_for_messages()
    await referent.press("🏠 Follow-up", card)
    [follow] = await referent.wait_for_messages()
    assert "fuite" not in follow["text"]

    # A tenant of a household without a referent pressing the consent button: told, nothing stored.
    await running_bot.member(8826, Role.tenant, "Karim", locale="en")
    karim = emulator.user(8826, "Karim", language_code="en")
    await karim.send("/menu")
    [menu] = await karim.wait_for_messages()
    await karim.press_data("rfcs:1", message_id=menu["message_id"])
    [told] = await karim.wait_for_messages()
    assert told["text"] == "Your household has no social referent in the assistant."
    assert await factories.rows(running_bot, ReferentConsent) == []
