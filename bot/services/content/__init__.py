"""Tutorials and energy tips: Markdown files with YAML front matter, one per item and locale.

Coordinators edit `content/` without touching code, so everything a file can get
wrong is checked here and reported as `path:line: message` (`ara-bot content check`):

    content/tutorials/<locale>/<id>.md   front matter + steps (`## 1. Title` + paragraph)
    content/tips/<locale>/<id>.md        front matter + the tip text
    content/images/<file>                optional PNG/JPEG referenced by tutorials
    content/questionnaires/<locale>/<id>.yaml   follow-up questionnaires (see questionnaires.py)

French is the reference: every item exists in every locale, with the same steps,
except items flagged `added_after_launch: true`, which may show the French text
(`fallback=True`) until their translation arrives.

Rendering returns Telegram HTML; words such as "Step" come from `Labels`, which
the bot fills with gettext, so this package never hard-codes a language. Search is
fuzzy (rapidfuzz on unidecode-normalised words) over the user's locale and French.

The package: `model` (data, vocabulary, limits), `library` (ContentLibrary), `fields`
(front-matter field checks), `parsing` (one file), `loading` (the folder, cross-locale
checks, load_library, check_content), `render` (Telegram HTML) and `search`.
"""

from __future__ import annotations

from .fields import (
    ID_PATTERN,
    IMAGE_FIELDS,
    ITEM_FIELDS,
    JPEG_MAGIC,
    OPTIONAL_TEXT_FIELDS,
    PNG_MAGIC,
    SOURCE_FIELDS,
)
from .library import ContentLibrary
from .loading import (
    LANGUAGE_WORDS,
    check_content,
    load_library,
)
from .model import (
    DIFFICULTIES,
    HEATING_MONTHS,
    IMAGE_LICENCES,
    LOCALES,
    MAX_CAPTION_CHARS,
    MAX_CONTENT_IMAGE_BYTES,
    MAX_IMAGE_BYTES,
    MAX_SHORT_TITLE_CHARS,
    MAX_STEP_CHARS,
    MAX_TITLE_CHARS,
    REFERENCE_LOCALE,
    SEASONS,
    TIP_CATEGORIES,
    TUTORIAL_CATEGORIES,
    BeforeYouStart,
    ContentError,
    ContentProblem,
    Image,
    Item,
    Source,
    Step,
    Tip,
    Tutorial,
    current_season,
    default_content_root,
)
from .parsing import (
    ANY_HEADING,
    STEP_HEADING,
    TIP_FIELDS,
    TUTORIAL_FIELDS,
)
from .questionnaires import Choice, Question, Questionnaire, QuestionnaireSet
from .render import (
    BOLD,
    Labels,
    format_duration,
    format_price,
    inline_html,
    render_materials,
    render_sources,
    render_step,
    render_tip,
)
from .search import (
    ARABIC_DIACRITICS,
    ARABIC_LETTERS,
    ARABIC_PREFIXES,
    CATEGORY_WEIGHT,
    CATEGORY_WORDS,
    MIN_SCORE,
    NON_ARABIC_RUN,
    RELATIVE_SCORE,
    STEP_WEIGHT,
    STOPWORDS,
    TAG_WEIGHT,
    TITLE_WEIGHT,
    WORD,
    WORD_CUTOFF,
    normalise,
    search_tutorials,
    search_words,
)

__all__ = [
    "ANY_HEADING",
    "ARABIC_DIACRITICS",
    "ARABIC_LETTERS",
    "ARABIC_PREFIXES",
    "BOLD",
    "CATEGORY_WEIGHT",
    "CATEGORY_WORDS",
    "DIFFICULTIES",
    "HEATING_MONTHS",
    "IMAGE_LICENCES",
    "ID_PATTERN",
    "IMAGE_FIELDS",
    "ITEM_FIELDS",
    "JPEG_MAGIC",
    "LANGUAGE_WORDS",
    "LOCALES",
    "MAX_CAPTION_CHARS",
    "MAX_CONTENT_IMAGE_BYTES",
    "MAX_SHORT_TITLE_CHARS",
    "MAX_IMAGE_BYTES",
    "MAX_STEP_CHARS",
    "MAX_TITLE_CHARS",
    "MIN_SCORE",
    "NON_ARABIC_RUN",
    "OPTIONAL_TEXT_FIELDS",
    "PNG_MAGIC",
    "REFERENCE_LOCALE",
    "RELATIVE_SCORE",
    "SEASONS",
    "SOURCE_FIELDS",
    "STEP_HEADING",
    "STEP_WEIGHT",
    "STOPWORDS",
    "TAG_WEIGHT",
    "TIP_CATEGORIES",
    "TIP_FIELDS",
    "TITLE_WEIGHT",
    "TUTORIAL_CATEGORIES",
    "TUTORIAL_FIELDS",
    "WORD",
    "WORD_CUTOFF",
    "BeforeYouStart",
    "ContentError",
    "ContentLibrary",
    "ContentProblem",
    "Choice",
    "Question",
    "Questionnaire",
    "QuestionnaireSet",
    "Image",
    "Item",
    "Labels",
    "Source",
    "Step",
    "Tip",
    "Tutorial",
    "check_content",
    "current_season",
    "default_content_root",
    "format_duration",
    "format_price",
    "inline_html",
    "load_library",
    "normalise",
    "render_materials",
    "render_sources",
    "render_step",
    "render_tip",
    "search_tutorials",
    "search_words",
]
