"""Follow-up questionnaires: one YAML file per questionnaire and locale.

    content/questionnaires/<locale>/<id>.yaml

    id: after_visit
    title: Your opinion on the visit
    intro: Three short questions. It takes one minute.
    anonymous: false            # true: reports never link answers to a person or household
    questions:
      - id: useful
        kind: scale             # scale | yes_no | single | multiple | text
        text: Was the visit useful to you?
        label: Visit useful     # short, for charts and spreadsheets
        scale: useful           # scale only: satisfaction (default), agreement, useful, faces (😟 😐 🙂)
        flag: lowest            # scale: lowest score flags a problem; yes_no: flag: "yes" or "no"
        not_concerned: true     # scale, yes_no, single: a "Not concerned" answer, left out of averages
      - id: which
        kind: multiple
        text: Which works?
        label: Works
        optional: true          # shows a "Skip" button
        skip_if: {question: other_works, in: ["no"]}   # an earlier question's answer
        choices:
          - {key: painting, label: Painting}

French is the reference: every locale has the same questionnaires with the same
question ids, kinds, flags, conditions and choice keys; only the words change.
Problems are reported as `path:line: message`, like tutorials and tips.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .model import LOCALES, REFERENCE_LOCALE, ContentProblem

KINDS = ("scale", "yes_no", "single", "multiple", "text")
SCORES = ("1", "2", "3", "4", "5")
# Every scale scores on 1–5, so averages and charts compare across questions; the three-point
# picture scale (😟 😐 🙂, for people who read little) is scored 1, 3 and 5.
SCALE_SCORES = {
    "satisfaction": SCORES,  # very dissatisfied … very satisfied
    "agreement": SCORES,  # not at all … completely agree
    "useful": SCORES,  # not useful at all … very useful
    "faces": ("1", "3", "5"),  # 😟 😐 🙂
}
SCALES = tuple(SCALE_SCORES)
YES_NO = ("yes", "no")
# "Not concerned" (no family, no landlord contact yet…): stored as its own value, never a score,
# so it is left out of averages and counts of the scored answers.
NOT_CONCERNED = "na"
NOT_CONCERNED_KINDS = ("scale", "yes_no", "single")
ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_TEXT_CHARS = 1000  # a question fits a message with room for its header
MAX_LABEL_CHARS = 40  # chart titles and spreadsheet headers stay readable on a phone
MAX_CHOICE_CHARS = 60  # one button per row: long labels are cut by Telegram's clients
MAX_CHOICES = 12
QUESTIONNAIRE_FIELDS = {"id", "title", "intro", "anonymous", "questions"}
QUESTION_FIELDS = {"id", "kind", "text", "label", "scale", "optional", "flag", "skip_if", "choices", "not_concerned"}


@dataclass(frozen=True)
class Choice:
    key: str
    label: str


@dataclass(frozen=True)
class SkipIf:
    question: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    label: str
    optional: bool = False
    scale: str = "satisfaction"
    flag: str | None = None  # "lowest" (scale), "yes" or "no" (yes_no)
    skip_if: SkipIf | None = None
    choices: tuple[Choice, ...] = ()
    not_concerned: bool = False  # offers "Not concerned" (NOT_CONCERNED), where the question may not apply

    def choice_label(self, key: str) -> str:
        return next((choice.label for choice in self.choices if choice.key == key), key)

    def flags(self, value: str | None) -> bool:
        """Whether this answer means someone should call back."""
        if value is None or self.flag is None:
            return False
        return (self.flag == "lowest" and value == "1") or (self.kind == "yes_no" and value == self.flag)


@dataclass(frozen=True)
class Questionnaire:
    id: str
    locale: str
    title: str
    intro: str
    anonymous: bool
    questions: tuple[Question, ...]
    path: Path | None = None

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


class QuestionnaireSet:
    """Every questionnaire per locale; French when a locale lacks one (never, once checked)."""

    def __init__(self, by_locale: Mapping[str, Mapping[str, Questionnaire]] | None = None) -> None:
        self._by_locale = {locale: dict((by_locale or {}).get(locale, {})) for locale in LOCALES}

    def get(self, questionnaire_id: str, locale: str) -> Questionnaire | None:
        found = self._by_locale.get(locale, {}).get(questionnaire_id)
        return found or self._by_locale[REFERENCE_LOCALE].get(questionnaire_id)

    def ids(self) -> list[str]:
        return sorted(self._by_locale[REFERENCE_LOCALE])


class _LineLoader(yaml.SafeLoader):
    """Keeps the file line of every mapping under the key "__line__"."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def load_questionnaires(root: Path) -> tuple[QuestionnaireSet, list[ContentProblem]]:
    """Parse and check `root/questionnaires`; no folder means no questionnaires."""
    folder = root / "questionnaires"
    problems: list[ContentProblem] = []
    found: dict[str, dict[str, Questionnaire]] = {locale: {} for locale in LOCALES}
    if not folder.is_dir():
        return QuestionnaireSet(found), problems
    for locale_dir in sorted(folder.iterdir()):
        if not locale_dir.is_dir():
            continue
        if locale_dir.name not in LOCALES:
            problems.append(
                ContentProblem(locale_dir, 1, f"unknown locale folder; expected one of {', '.join(LOCALES)}")
            )
            continue
        for path in sorted(locale_dir.iterdir()):
            if path.is_dir() or path.name.startswith("."):
                continue
            if path.suffix not in (".yaml", ".yml"):
                problems.append(ContentProblem(path, 1, "not a YAML (.yaml) file"))
                continue
            questionnaire = _parse(path, locale_dir.name, problems)
            if questionnaire is not None:
                found[locale_dir.name][questionnaire.id] = questionnaire
    problems.extend(_cross_check(found))
    return QuestionnaireSet(found), problems


def _parse(path: Path, locale: str, problems: list[ContentProblem]) -> Questionnaire | None:
    def problem(line: int, message: str) -> None:
        problems.append(ContentProblem(path, line, message))

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        problem((mark.line + 1) if mark else 1, f"not valid YAML: {getattr(error, 'problem', error)}")
        return None
    if not isinstance(data, dict):
        problem(1, "expected keys such as id, title, questions")
        return None
    before = len(problems)
    for key in sorted(set(data) - QUESTIONNAIRE_FIELDS - {"__line__"}):
        problem(1, f"unknown key '{key}'")
    questionnaire_id = data.get("id")
    if not isinstance(questionnaire_id, str) or not ID_RE.match(questionnaire_id):
        problem(1, "'id' must be lowercase letters, digits and _ (e.g. after_visit)")
    elif questionnaire_id != path.stem:
        problem(1, f"'id' is {questionnaire_id!r} but the file is named {path.name}")
    for key in ("title", "intro"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problem(1, f"'{key}' is missing or empty")
        elif len(data[key]) > MAX_TEXT_CHARS:
            problem(1, f"'{key}' is longer than {MAX_TEXT_CHARS} characters")
    anonymous = data.get("anonymous", False)
    if not isinstance(anonymous, bool):
        problem(1, "'anonymous' must be true or false")
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        problem(1, "'questions' must be a non-empty list")
        raw_questions = []
    questions: list[Question] = []
    for raw in raw_questions:
        question = _question(raw, questions, problem)
        if question is not None:
            questions.append(question)
    if anonymous is True and any(q.flag for q in questions):
        problem(1, "an anonymous questionnaire cannot flag answers: nobody could call back")
    if len(problems) > before:
        return None
    assert isinstance(questionnaire_id, str)  # checked above: a problem was reported otherwise
    return Questionnaire(
        id=questionnaire_id,
        locale=locale,
        title=data["title"].strip(),
        intro=data["intro"].strip(),
        anonymous=anonymous,
        questions=tuple(questions),
        path=path,
    )


def _question(raw: Any, earlier: list[Question], problem: Any) -> Question | None:
    if not isinstance(raw, dict):
        problem(1, "each question must be a mapping with id, kind, text and label")
        return None
    line = raw["__line__"]
    errors: list[str] = []
    for key in sorted(set(raw) - QUESTION_FIELDS - {"__line__"}):
        errors.append(f"unknown key '{key}'")
    question_id, kind = raw.get("id"), raw.get("kind")
    if not isinstance(question_id, str) or not ID_RE.match(question_id):
        errors.append("question 'id' must be lowercase letters, digits and _")
    elif any(q.id == question_id for q in earlier):
        errors.append(f"question id '{question_id}' is used twice")
    if kind not in KINDS:
        errors.append(f"'kind' must be one of {', '.join(KINDS)}")
    text, label = raw.get("text"), raw.get("label")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT_CHARS:
        errors.append(f"'text' must be 1 to {MAX_TEXT_CHARS} characters")
    if not isinstance(label, str) or not label.strip() or len(label) > MAX_LABEL_CHARS:
        errors.append(f"'label' must be 1 to {MAX_LABEL_CHARS} characters (shown on charts)")
    optional = raw.get("optional", False)
    if not isinstance(optional, bool):
        errors.append("'optional' must be true or false")
    not_concerned = raw.get("not_concerned", False)
    if not isinstance(not_concerned, bool) or (not_concerned and kind not in NOT_CONCERNED_KINDS):
        errors.append(f"'not_concerned' is true or false, on {', '.join(NOT_CONCERNED_KINDS)} questions only")
    scale = raw.get("scale", "satisfaction")
    if scale not in SCALES or ("scale" in raw and kind != "scale"):
        errors.append(f"'scale' is for scale questions, one of {', '.join(SCALES)}")
    flag = raw.get("flag")
    if flag is not None and not ((kind == "scale" and flag == "lowest") or (kind == "yes_no" and flag in YES_NO)):
        errors.append("'flag' is 'lowest' on a scale question, or 'yes' / 'no' on a yes_no question")
    choices: list[Choice] = []
    raw_choices = raw.get("choices")
    if kind in ("single", "multiple"):
        if not isinstance(raw_choices, list) or not 2 <= len(raw_choices) <= MAX_CHOICES:
            errors.append(f"'choices' must list 2 to {MAX_CHOICES} choices")
            raw_choices = []
        for entry in raw_choices:
            if not isinstance(entry, dict) or not isinstance(entry.get("key"), str) or not ID_RE.match(entry["key"]):
                errors.append("each choice needs a 'key' (lowercase letters, digits, _) and a 'label'")
                continue
            choice_label = entry.get("label")
            if not isinstance(choice_label, str) or not choice_label.strip() or len(choice_label) > MAX_CHOICE_CHARS:
                errors.append(f"choice '{entry['key']}': 'label' must be 1 to {MAX_CHOICE_CHARS} characters")
                continue
            if any(c.key == entry["key"] for c in choices):
                errors.append(f"choice key '{entry['key']}' is used twice")
                continue
            choices.append(Choice(entry["key"], choice_label.strip()))
    elif raw_choices is not None:
        errors.append("'choices' are for single and multiple questions only")
    skip_if = None
    raw_skip = raw.get("skip_if")
    if raw_skip is not None:
        skip_if = _skip_if(raw_skip, earlier, errors)
    for message in errors:
        problem(line, message)
    if errors:
        return None
    # Checked above (an error was collected otherwise); said again for the type checker.
    assert isinstance(question_id, str) and isinstance(kind, str)
    assert isinstance(text, str) and isinstance(label, str)
    return Question(
        id=question_id,
        kind=kind,
        text=text.strip(),
        label=label.strip(),
        optional=optional,
        scale=scale,
        flag=flag,
        skip_if=skip_if,
        choices=tuple(choices),
        not_concerned=not_concerned is True,
    )


def scale_scores(scale: str) -> tuple[str, ...]:
    """The scores a scale offers, lowest first."""
    return SCALE_SCORES.get(scale, SCORES)


def possible_values(question: Question) -> tuple[str, ...]:
    """The scored answers (what averages and counts are made of): never "Not concerned"."""
    if question.kind == "scale":
        return scale_scores(question.scale)
    if question.kind == "yes_no":
        return YES_NO
    return tuple(choice.key for choice in question.choices)


def answer_values(question: Question) -> tuple[str, ...]:
    """Every answer a button may give: the scored ones, and "Not concerned" where offered."""
    return possible_values(question) + ((NOT_CONCERNED,) if question.not_concerned else ())


def _skip_if(raw: Any, earlier: list[Question], errors: list[str]) -> SkipIf | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("question"), str) or not isinstance(raw.get("in"), list):
        errors.append("'skip_if' needs 'question' (an earlier question's id) and 'in' (a list of answers)")
        return None
    target = next((q for q in earlier if q.id == raw["question"]), None)
    if target is None or target.kind == "text":
        errors.append(f"'skip_if' must name an earlier question that is not free text, not {raw['question']!r}")
        return None
    values = tuple(str(v).lower() if isinstance(v, bool) else str(v) for v in raw["in"])
    # YAML reads a bare yes/no as true/false: accept both spellings.
    values = tuple({"true": "yes", "false": "no"}.get(v, v) for v in values)
    unknown = [v for v in values if v not in answer_values(target)]
    if not values or unknown:
        errors.append(f"'skip_if' values must be answers of '{target.id}': {', '.join(answer_values(target))}")
        return None
    return SkipIf(target.id, values)


def _shape(questionnaire: Questionnaire) -> list[tuple[Any, ...]]:
    return [
        (q.id, q.kind, q.optional, q.scale, q.flag, q.skip_if, tuple(c.key for c in q.choices), q.not_concerned)
        for q in questionnaire.questions
    ]


def _cross_check(found: dict[str, dict[str, Questionnaire]]) -> list[ContentProblem]:
    problems: list[ContentProblem] = []
    reference = found[REFERENCE_LOCALE]
    for locale in LOCALES:
        if locale == REFERENCE_LOCALE:
            continue
        for questionnaire_id, translation in found[locale].items():
            original = reference.get(questionnaire_id)
            if original is None:
                problems.append(
                    ContentProblem(translation.path or Path(), 1, "no French reference for this questionnaire")
                )
            elif _shape(original) != _shape(translation) or original.anonymous != translation.anonymous:
                problems.append(
                    ContentProblem(
                        translation.path or Path(),
                        1,
                        "questions differ from the French reference: same ids, kinds, flags, conditions, "
                        "choice keys and 'anonymous' in every language",
                    )
                )
        for questionnaire_id, original in reference.items():
            if questionnaire_id not in found[locale]:
                problems.append(
                    ContentProblem(
                        original.path or Path(),
                        1,
                        f"missing translation: questionnaires/{locale}/{questionnaire_id}.yaml",
                    )
                )
    return problems
