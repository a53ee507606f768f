"""One household list for staff (issue 14, item 12): "🏠 Households" (coordinators) and
"🏠 My households" (animators) list the households with their tenants' first names, each
button opens the household's card (phase, address, tenants, visits), and the card leads back."""

from __future__ import annotations

from bot.models import Phase, Role
from tests import factories
from tests.e2e.helpers import button_texts


async def test_coordinator_taps_a_household_in_the_list_and_gets_its_card(running_bot, emulator):
    await running_bot.member(8901, Role.coordinator, "Claire", locale="en")
    nadia = await running_bot.member(8902, Role.animator, "Nadia Benali", locale="en")
    amina = await factories.tenant(
        running_bot, 8911, name="Amina Haddad", animator=nadia, phase=Phase.works, address="4 rue A"
    )
    await factories.tenant(running_bot, 8912, name="Omar Haddad", household=amina.household_id)
    await factories.tenant(running_bot, 8913, name="Sarah Martin", animator=None, phase=Phase.referred)
    staff = emulator.user(8901, "Claire", language_code="en")
    await staff.send("/menu")
    [menu] = await staff.wait_for_messages()
    assert "🏠 Visits by household" not in button_texts(menu)  # one list, not two
    await staff.press("🏠 Households")
    [listing] = await staff.wait_for_messages()
    assert "H-8911 · Amina, Omar · Encagnane · repairs · Nadia Benali" in listing["text"]
    assert "H-8913 · Sarah · Encagnane · referred · no support worker yet" in listing["text"]
    assert {"🏠 H-8911 · Amina, Omar", "🏠 H-8913 · Sarah"} <= set(button_texts(listing))
    await staff.press("🏠 H-8911 · Amina, Omar")
    [card] = await staff.wait_for_messages()
    assert "🏠 H-8911 · Encagnane" in card["text"] and "Phase: repairs" in card["text"]
    assert "👤 Amina Haddad, Omar Haddad" in card["text"] and "Address: 4 rue A" in card["text"]
    assert "📅 Book a visit for them" in button_texts(card)
    await staff.press("⬅️ Households")
    [back] = await staff.wait_for_messages()
    assert "🏠 H-8911 · Amina, Omar" in button_texts(back)


async def test_an_animator_lists_only_their_households_and_cannot_open_another(running_bot, emulator):
    nadia = await running_bot.member(8921, Role.animator, "Nadia", locale="en")
    karim = await running_bot.member(8922, Role.animator, "Karim", locale="en")
    mine = await factories.tenant(running_bot, 8931, name="Youssef", animator=nadia)
    theirs = await factories.tenant(running_bot, 8932, name="Fatima", animator=karim)
    staff = emulator.user(8921, "Nadia", language_code="en")
    await staff.send("/menages")
    [listing] = await staff.wait_for_messages()
    assert button_texts(listing)[0] == "🏠 H-8931 · Youssef" and "Fatima" not in listing["text"]
    await staff.press("🏠 H-8931 · Youssef")
    [card] = await staff.wait_for_messages()
    assert "👤 Youssef" in card["text"] and mine.household_id
    query = await staff.press_data(f"vhh:{theirs.household_id}", message_id=card["message_id"])
    assert (await staff.wait_for_answer(query))["text"] == "This button is no longer active."


async def test_the_list_pages_and_an_old_visits_by_household_button_still_opens_it(running_bot, emulator):
    await running_bot.member(8941, Role.coordinator, "Claire", locale="en")
    for n in range(10):
        await factories.tenant(running_bot, 8950 + n, name=f"Name{n} Family", animator=None)
    staff = emulator.user(8941, "Claire", language_code="en")
    await staff.send("/menu")
    [menu] = await staff.wait_for_messages()
    await staff.press_data("m:vbf", message_id=menu["message_id"])  # "Visits by household" of an older menu
    [first] = await staff.wait_for_messages()
    assert "(1–8 of 10)" in first["text"] and len([b for b in button_texts(first) if b.startswith("🏠 ")]) == 8
    await staff.press(next(b for b in button_texts(first) if "▶️" in b))
    [second] = await staff.wait_for_messages()
    assert {"🏠 H-8958 · Name8", "🏠 H-8959 · Name9"} <= set(button_texts(second))
