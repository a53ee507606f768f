"""Tutorials and tips: the shipped content, the validator, rendering and search.

No database: these tests read Markdown files only.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.services import content
from bot.services.content import (
    LOCALES,
    TIP_CATEGORIES,
    TUTORIAL_CATEGORIES,
    ContentError,
    ContentLibrary,
    ContentProblem,
    Labels,
    check_content,
    current_season,
    load_library,
    render_materials,
    render_step,
    render_tip,
    search_tutorials,
)

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "content"
FIXTURES = REPO / "tests" / "fixtures" / "content"

TUTORIAL_IDS = {
    "repeindre-mur-plafond",
    "reboucher-trous-fissures",
    "preparer-support",
    "poser-papier-peint",
    "refaire-joints-carrelage",
    "refaire-joint-silicone",
    "poser-mousseur",
    "pomme-douche-economique",
    "changer-joint-robinet",
    "deboucher-evier",
    "purger-radiateur",
    "fixer-etagere",
    "traiter-moisissures",
    "ampoule-led",
    "calfeutrer-fenetres",
    "poser-sol-souple",
    "carreler-petit-mur",
    "peindre-boiseries-radiateur",
    "reparer-chasse-eau",
    "deboucher-wc",
    "rearmer-disjoncteur",
    "nettoyer-bouches-vmc",
    "etat-des-lieux-sortie",
}
FRENCH = Labels(
    step="Étape {number}/{total}",
    tools="Outils",
    materials="Matériel",
    safety="Sécurité",
    price="{amount} €",
    price_range="{low}–{high} €",
)


@pytest.fixture(scope="module")
def library() -> ContentLibrary:
    return load_library(SHIPPED)


@pytest.fixture(scope="module")
def valid() -> ContentLibrary:
    return load_library(FIXTURES / "valid")


# ---------------------------------------------------------------------------
# The shipped content


def test_shipped_content_has_no_problems():
    assert [str(problem) for problem in check_content(SHIPPED)] == []


@pytest.mark.parametrize("locale", LOCALES)
def test_shipped_counts_and_categories(library, locale):
    tutorials = library.tutorials(locale)
    tips = library.tips(locale)
    assert {t.id for t in tutorials} == TUTORIAL_IDS
    assert len(tutorials) >= 22 and len(tips) >= 50
    assert library.categories(locale) == list(TUTORIAL_CATEGORIES)
    assert library.tip_categories(locale) == list(TIP_CATEGORIES)
    assert {tip.season for tip in tips} == {"all", "heating", "summer"}
    assert not any(item.fallback for item in [*tutorials, *tips])
    assert all(item.locale == locale for item in [*tutorials, *tips])


@pytest.mark.parametrize("locale", LOCALES)
def test_shipped_tutorials_are_short_steps_with_sources(library, locale):
    for tutorial in library.tutorials(locale):
        assert 5 <= len(tutorial.steps) <= 9, tutorial.id
        assert tutorial.sources and tutorial.tags, tutorial.id
        assert all(len(step.title) + len(step.text) < 500 for step in tutorial.steps), tutorial.id
        if tutorial.id != "poser-mousseur":  # nothing dangerous in screwing an aerator on by hand
            assert tutorial.safety, tutorial.id
    for tip in library.tips(locale):
        sentences = [s for s in re.split(r"(?<=[.!?؟])\s+", tip.text) if s.strip()]
        assert 2 <= len(sentences) <= 5, tip.id


@pytest.mark.parametrize("locale", LOCALES)
def test_every_shipped_tutorial_has_its_card_pictures_and_a_short_title(library, locale):
    for tutorial in library.tutorials(locale):
        card = tutorial.before_you_start
        assert card is not None and card.who_pays and card.stop_and_call, tutorial.id
        assert tutorial.all_images, tutorial.id
        assert all(image.licence and image.source for image in tutorial.all_images), tutorial.id
        assert 0 < len(tutorial.short_title) <= content.MAX_SHORT_TITLE_CHARS, tutorial.id
        if card.disturbs_surfaces:
            assert "DAPP" in card.building and "CREP" in card.building, tutorial.id
    for tip in library.tips(locale):
        assert 0 < len(tip.short_title) <= content.MAX_SHORT_TITLE_CHARS, tip.id
    drilling = {
        "fixer-etagere",
        "preparer-support",
        "reboucher-trous-fissures",
        "poser-sol-souple",
        "carreler-petit-mur",
    }
    assert all(library.tutorial(t, locale).before_you_start.disturbs_surfaces for t in drilling)
    bleed = library.tutorial("purger-radiateur", locale)
    assert [image.file for image in bleed.steps[3].images] == ["radiator-bleed.png"]


def test_safety_warnings_where_they_belong(library):
    def safety(tutorial_id: str) -> str:
        return " ".join(library.tutorial(tutorial_id, "fr").safety).lower()

    assert "tableau électrique" in safety("ampoule-led") and "refroidir" in safety("ampoule-led")
    assert "coupez l'eau" in safety("changer-joint-robinet")
    assert "javel" in safety("traiter-moisissures") and "ffp2" in safety("traiter-moisissures")
    assert "0,2 m²" in safety("traiter-moisissures") and "3 m²" in safety("traiter-moisissures")
    assert "lunettes" in safety("reboucher-trous-fissures") and "escabeau" in safety("repeindre-mur-plafond")
    assert "javel" in safety("deboucher-evier") and "prise" in safety("fixer-etagere")


def test_unconfirmed_figures_are_not_published(library):
    """content-facts.md marks these figures unconfirmed: they must not appear as facts."""
    for locale in LOCALES:
        radiators = library.tip("radiateurs-degages", locale).text
        assert "30" not in radiators
        bleed = " ".join(step.text for step in library.tutorial("purger-radiateur", locale).steps)
        assert "30" not in bleed
        assert "3 mm" not in library.tip("degivrer-congelateur", locale).text
        assert "60" not in library.tip("chauffe-eau-temperature", locale).text


# ---------------------------------------------------------------------------
# The validator: one fixture tree per kind of problem


@pytest.mark.parametrize(
    ("case", "relative", "line", "fragment"),
    [
        ("broken_yaml", "tutorials/fr/sample.md", 3, "invalid YAML"),
        ("missing_field", "tutorials/fr/sample.md", 1, "missing field 'category'"),
        ("unknown_category", "tutorials/fr/sample.md", 4, "'category' is 'roofing'"),
        ("step_too_long", "tutorials/fr/sample.md", 21, "step 2 is 3635 characters long"),
        ("missing_translation", "tutorials/fr/sample.md", 2, "missing Arabic translation"),
        ("id_mismatch", "tutorials/fr/sample.md", 2, "they must match"),
        ("missing_image", "tutorials/fr/sample.md", 16, "image 'nowhere.png' not found"),
        ("caption_too_long", "tutorials/fr/sample.md", 17, "caption is 1100 characters long"),
        ("step_count", "tutorials/ar/sample.md", 24, "3 steps but the French reference has 2"),
    ],
)
def test_each_problem_is_reported_with_file_and_line(case, relative, line, fragment):
    root = FIXTURES / case
    problems = check_content(root)
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert problem.path == root / relative
    assert problem.line == line
    assert fragment in problem.message
    assert str(problem) == f"{root / relative}:{line}: {problem.message}"
    with pytest.raises(ContentError) as raised:
        load_library(root)
    assert raised.value.problems == problems


def _copy_valid(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("relative", "old", "new", "line", "fragment"),
    [
        ("tutorials/fr/sample.md", "tags: [sample]", "tags: [sample]\ncolour: red", 13, "unknown field 'colour'"),
        ("tutorials/fr/sample.md", "difficulty: 1", "difficulty: 5", 5, "'difficulty' is 5"),
        ("tutorials/fr/sample.md", "price_eur: [2, 4]", "price_eur: [4, 2]", 9, "'price_eur' of 'Brush'"),
        ("tutorials/fr/sample.md", "id: sample", "id: sample\nid: sample", 3, "'id' is given twice"),
        ("tutorials/fr/sample.md", "- title: Test source", "- title: Test source\n    url: ftp://x", 15, "https://"),
        ("tutorials/fr/sample.md", "## 2. Step 2", "## 3. Step 2", 26, "step number 3 should be 2"),
        ("tutorials/fr/sample.md", "## 1. Step 1", "Hello\n\n## 1. Step 1", 23, "text before the first step"),
        ("tutorials/fr/sample.md", "## 2. Step 2", "### 2. Step 2", 26, "'## 1. Title'"),
        ("tutorials/fr/sample.md", "title: Fill <holes> & cracks", "title: A: b", 3, "invalid YAML"),
        ("tutorials/fr/sample.md", "safety: []", "safety:\n  - Wear gloves : always", 12, "between double quotes"),
        ("tutorials/ar/sample.md", "category: painting", "category: walls", 4, "French has 'painting'"),
        ("tips/fr/winter.md", "season: heating", "season: winter", 5, "'season' is 'winter'"),
        ("tips/fr/winter.md", "category: heating", "category: painting", 4, "'category' is 'painting'"),
        (
            "tips/en/winter.md",
            "sources:\n  - title: ADEME\n    url: https://www.ademe.fr",
            "sources: []",
            7,
            "at least one source",
        ),
    ],
)
def test_more_problems_with_their_lines(tmp_path, relative, old, new, line, fragment):
    root = _copy_valid(tmp_path)
    _edit(root / relative, old, new)
    problems = [p for p in check_content(root) if p.path == root / relative]
    assert any(p.line == line and fragment in p.message for p in problems), [str(p) for p in problems]


BYS = (
    "before_you_start: {building: Any age., who_pays: The tenant., landlord_agreement: Not needed., "
    "stop_and_call: If in doubt., disturbs_surfaces: false}"
)


@pytest.mark.parametrize(
    ("relative", "old", "new", "fragment"),
    [
        ("tutorials/fr/sample.md", BYS, "", "missing field 'before_you_start'"),
        (
            "tutorials/fr/sample.md",
            "disturbs_surfaces: false",
            "disturbs_surfaces: true",
            "missing: 1949, CREP, 1997, DAPP",
        ),
        (
            "tutorials/fr/sample.md",
            "stop_and_call: If in doubt., ",
            "",
            "'before_you_start' is missing 'stop_and_call'",
        ),
        ("tutorials/fr/sample.md", "title: Fill <holes> & cracks", "title: " + "Fill " * 7, "add a 'short_title'"),
        ("tutorials/fr/sample.md", "title: Fill <holes> & cracks", "title: A\nshort_title: " + "x" * 29, "limit is 28"),
        ("tutorials/fr/sample.md", "    licence: CC0-1.0", "    licence: all rights reserved", "needs a 'licence'"),
        ("tutorials/fr/sample.md", "    source: Test fixture\n", "", "needs a 'source'"),
        (
            "tutorials/fr/sample.md",
            "    caption: Where to press",
            "    caption: Where to press\n    step: 3",
            "is for step 3",
        ),
        ("tutorials/fr/sample.md", "Wait 2 hours.", "It saves 30% of heat.", "a figure without its source"),
        ("tips/fr/always.md", "sources:", "short_title: " + "y" * 30 + "\nsources:", "limit is 28"),
    ],
)
def test_issue_16_checks(tmp_path, relative, old, new, fragment):
    root = _copy_valid(tmp_path)
    _edit(root / relative, old, new)
    problems = [str(p) for p in check_content(root)]
    assert any(fragment in p and relative in p for p in problems), problems


def test_a_sourced_figure_and_step_pictures(tmp_path):
    root = _copy_valid(tmp_path)
    _edit(root / "tutorials/fr/sample.md", "Wait 2 hours.", "It saves 30% of heat (Test source).")
    for locale in LOCALES:
        _edit(
            root / f"tutorials/{locale}/sample.md",
            "    caption: Where to press",
            "    caption: Where to press\n    step: 2",
        )
    library = load_library(root)
    sample = library.tutorial("sample", "ar")
    assert sample.images == () and [image.file for image in sample.steps[1].images] == ["pixel.png"]
    assert sample.all_images[0].licence == "CC0-1.0" and sample.short_title == sample.title
    assert sample.before_you_start.disturbs_surfaces is False
    _edit(root / "tutorials/en/sample.md", "    step: 2", "    step: 1")
    assert any("images differ from the French reference" in p.message for p in check_content(root))


def test_file_level_problems(tmp_path):
    root = _copy_valid(tmp_path)
    french = root / "tutorials" / "fr"
    (root / "tips" / "es").mkdir()
    (french / "notes.txt").write_text("hello", encoding="utf-8")
    (french / ".DS_Store").write_bytes(b"\x00\x01")  # hidden files are ignored
    (french / "more").mkdir()
    shutil.copy(french / "sample.md", french / "more" / "sample.md")
    (root / "images" / "fake.png").write_text("not an image", encoding="utf-8")
    _edit(root / "tutorials" / "en" / "sample.md", "file: pixel.png", "file: fake.png")
    extra = (root / "tips" / "ar" / "always.md").read_text(encoding="utf-8").replace("id: always", "id: extra")
    (root / "tips" / "ar" / "extra.md").write_text(extra, encoding="utf-8")

    problems = check_content(root)
    found = {(p.path.relative_to(root).as_posix(), p.message) for p in problems}
    assert ("tips/es", "unknown locale folder; expected one of fr, ar, en") in found
    assert ("tutorials/fr/notes.txt", "not a Markdown (.md) file") in found
    assert ("tutorials/en/sample.md", "image 'fake.png' is not a PNG or JPEG file") in found
    assert ("tips/ar/extra.md", "no French reference: tips/fr/extra.md is missing") in found
    assert not any(".DS_Store" in path for path, _ in found)
    duplicates = [p for p in problems if "is also used by" in p.message]
    assert len(duplicates) == 1
    other = Path(duplicates[0].message.split("used by ")[1])
    assert {duplicates[0].path, other} == {french / "sample.md", french / "more" / "sample.md"}


def test_missing_front_matter_and_empty_tip(tmp_path):
    root = _copy_valid(tmp_path)
    (root / "tutorials" / "en" / "sample.md").write_text("## 1. Step\nNo front matter.\n", encoding="utf-8")
    tip = root / "tips" / "fr" / "always.md"
    tip.write_text(tip.read_text(encoding="utf-8").split("---\n\n")[0] + "---\n", encoding="utf-8")
    found = {(p.path, p.line, p.message) for p in check_content(root)}
    message = "the file must start with front matter between two '---' lines"
    assert (root / "tutorials/en/sample.md", 1, message) in found
    assert any(path == tip and "tip text is missing" in message for path, _, message in found)


def test_missing_root_is_a_problem(tmp_path):
    assert [p.message for p in check_content(tmp_path / "nowhere")] == ["content folder not found"]
    assert [p.message for p in check_content(tmp_path)] == ["no tutorials or tips found"]


# ---------------------------------------------------------------------------
# Lookups


def test_fallback_only_for_items_added_after_launch(valid):
    sample = valid.tutorial("sample", "ar")
    assert sample.locale == "ar" and not sample.fallback
    late = valid.tutorial("nouveau", "ar")
    assert late.locale == "fr" and late.fallback and late.added_after_launch
    assert not valid.tutorial("nouveau", "fr").fallback
    assert [t.id for t in valid.tutorials("en")] == ["sample", "nouveau"]  # menu order: painting before damp
    assert [t.id for t in valid.tutorials("en", category="damp")] == ["nouveau"]
    assert valid.categories("ar") == ["painting", "damp"]
    assert valid.tutorial("nope", "fr") is None and valid.tip("nope", "fr") is None
    assert valid.tutorial("sample", "fr").images[0].path.is_file()


def test_tips_by_season(valid):
    assert {t.id for t in valid.tips("fr")} == {"winter", "always", "holidays"}
    assert {t.id for t in valid.tips("fr", season="heating")} == {"winter", "always"}
    assert {t.id for t in valid.tips("ar", season="summer")} == {"always", "holidays"}
    assert valid.tip("winter", "en").saving == "About 7% (ADEME)"
    assert valid.tip("always", "en").saving is None
    assert current_season(date(2026, 10, 1)) == "heating" and current_season(date(2027, 4, 30)) == "heating"
    assert current_season(date(2026, 5, 1)) == "summer" and current_season(date(2026, 9, 30)) == "summer"


def test_bad_arguments_are_programming_errors(valid):
    with pytest.raises(ValueError):
        valid.tips("fr", season="winter")
    with pytest.raises(ValueError):
        valid.tutorials("de")
    with pytest.raises(ValueError):
        valid.tutorials("fr", category="roofing")


# ---------------------------------------------------------------------------
# Rendering


def test_render_step_escapes_html_converts_bold_and_uses_labels(valid):
    tutorial = valid.tutorial("sample", "fr")
    assert render_step(tutorial, 0, FRENCH) == (
        "<b>Étape 1/2 — Step 1</b>\n\nMix <b>2 parts</b> water &amp; 1 part &lt;filler&gt;."
    )
    assert render_step(tutorial, 1, Labels()) == "<b>Step 2/2 — Step 2</b>\n\nWait 2 hours.\nThen sand."
    with pytest.raises(IndexError):
        render_step(tutorial, 2, FRENCH)


def test_render_materials_and_tip(valid, library):
    rendered = render_materials(valid.tutorial("sample", "fr"), FRENCH)
    assert rendered.startswith("<b>Fill &lt;holes&gt; &amp; cracks</b>\n⏱ 10 minutes · ★☆☆")
    assert "<b>Outils</b>\n• Brush — 2–4 €" in rendered
    assert "Matériel" not in rendered and "Sécurité" not in rendered  # empty sections are left out
    shelf = render_materials(library.tutorial("fixer-etagere", "en"), Labels())
    assert "<b>Tools</b>" in shelf and "• Drill (often lent by the association) — €40–100" in shelf
    assert "<b>Safety</b>\n⚠️ " in shelf
    tip = render_tip(valid.tip("winter", "fr"))
    assert tip == (
        "💡 <b>Turn it down</b>\n\nLower the <b>thermostat</b> by 1 °C &amp; save &lt;energy&gt;.\n\n"
        '💶 About 7% (ADEME)\n📚 <a href="https://www.ademe.fr">ADEME</a>'
    )
    assert content.format_price((3.0, 3.0), "fr", FRENCH) == "3 €"
    assert content.format_price((2.5, 10.0), "fr", FRENCH) == "2,5–10 €"


class _TagChecker(HTMLParser):
    """Only the tags Telegram accepts here, properly nested."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        assert tag in {"b", "a"}, tag
        self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open.pop() == tag

    def handle_data(self, data):
        self.text += data


@pytest.mark.parametrize("locale", LOCALES)
def test_every_shipped_message_is_valid_telegram_html(library, locale):
    messages = [render_tip(tip) for tip in library.tips(locale)]
    for tutorial in library.tutorials(locale):
        messages.append(render_materials(tutorial, Labels()))
        messages += [render_step(tutorial, i, Labels()) for i in range(len(tutorial.steps))]
    for message in messages:
        checker = _TagChecker()
        checker.feed(message)
        checker.close()
        assert not checker.open
        assert len(checker.text) <= 4096
        assert "**" not in message


# ---------------------------------------------------------------------------
# Search


@pytest.mark.parametrize(
    ("query", "locale", "expected"),
    [
        ("mon robinet fuit", "fr", "changer-joint-robinet"),
        ("moisissure salle de bain", "fr", "traiter-moisissures"),
        ("moisisure", "fr", "traiter-moisissures"),
        ("peindre plafond", "fr", "repeindre-mur-plafond"),
        ("radiateur froid en haut", "fr", "purger-radiateur"),
        ("evier bouche", "fr", "deboucher-evier"),
        ("cheville placo", "fr", "fixer-etagere"),
        ("ampoule", "fr", "ampoule-led"),
        ("joint baignoire", "fr", "refaire-joint-silicone"),
        ("مصباح", "ar", "ampoule-led"),
        ("المصباح", "ar", "ampoule-led"),
        ("ÉVIER BOUCHÉ", "fr", "deboucher-evier"),
        ("Chevilles Placo", "fr", "fixer-etagere"),
        ("dripping tap", "en", "changer-joint-robinet"),
        ("mold", "en", "traiter-moisissures"),
        ("papier peint", "fr", "poser-papier-peint"),
    ],
)
def test_search_finds_the_right_tutorial_first(library, query, locale, expected):
    found = search_tutorials(library, query, locale)
    assert found and found[0].id == expected, [t.id for t in found]
    assert all(t.locale == locale for t in found)


def test_search_in_french_while_reading_arabic(library):
    found = search_tutorials(library, "moisissure", "ar")
    assert found[0].id == "traiter-moisissures" and found[0].locale == "ar"


@pytest.mark.parametrize("query", ["zzzz", "", "   ", "le la les", "?!"])
def test_search_returns_nothing_for_noise(library, query):
    assert search_tutorials(library, query, "fr") == []


def test_search_limit(library):
    assert len(search_tutorials(library, "eau", "fr", limit=2)) == 2
    assert search_tutorials(library, "eau", "fr", limit=0) == []


def test_problem_is_printable():
    problem = ContentProblem(Path("content/tips/fr/x.md"), 4, "bad")
    assert str(problem) == "content/tips/fr/x.md:4: bad"
