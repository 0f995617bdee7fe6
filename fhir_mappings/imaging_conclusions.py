"""What an imaging report concludes about bone metastasis: shown, not shown, or not said.

Three sources, read together (issue 9 item 7):
- ``conclusionCode``: the bone-metastasis concept (conditions value sets) → shown; a "no abnormality" code
  (valuesets/imaging-conclusions.json) → not shown;
- the ``conclusion`` text, English or Chinese, clause by clause with its negations ("no osseous metastasis",
  "未见骨质破坏");
- the ``interpretation`` of the Observations the report lists in ``result`` (all Normal/Negative → not shown).

A report is read as *negative* only when some source says so and none contradicts it: a clause that names a
lesion without negating it, a hedge ("cannot be excluded", "不除外", "考虑"), or a reference to known or earlier
lesions ("no change", "较前") leaves it *unknown*. Text never makes a report *positive*: a diagnosis rests on a
coded conclusion or on the clinician's diagnosis, never on this service's reading of prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

from fhir_mappings import terminology as t
from fhir_mappings.reading import as_dict, as_list, as_str, codings

CONCLUSION_GROUPS = ("imaging-conclusions",)
NO_ABNORMALITY = "no-abnormality"
ABNORMAL = "abnormal"


class Reading(StrEnum):
    SHOWN = "shown"
    NOT_SHOWN = "not-shown"
    UNKNOWN = "unknown"


# Clause boundaries: sentence ends, commas, semicolons, and the conjunctions that end a negation's scope.
_CLAUSE = re.compile(r"[.;,，。；\n]+|\b(?:but|however|although|except)\b|但是|但|然而")
# Hedges and references to lesions already known: the report does not exclude anything.
_HEDGE = re.compile(
    r"cannot be (?:excluded|ruled out)|can ?not (?:exclude|rule out)|can't (?:exclude|rule out)|not (?:be )?"
    r"(?:excluded|ruled out)|\bcorrelat|\bfollow[- ]?up|\bfurther\b|"
    r"\bno (?:significant |interval )?change|\bunchanged|\bstable\b|\bknown\b|\bprevious|\bprior\b|\bnew\b|"
    r"\bredemonstrat|\bagain\b|\bprogress|\binterval\b|"
    r"不除外|不能除外|不能排除|难以排除|待排|待除外|建议|请结合|随访|复查|较前|同前|变化|稳定|新发|新增|进展"
)
# Words of doubt: a hedge unless the clause negates them first ("no suspicious lesion", "未见可疑病灶").
_DOUBT = re.compile(
    r"\bpossib|\bprobab|\bsuspic|\bsuspect|\blikely\b|\bequivocal|\bindeterminate|\bmay (?:be|represent)|"
    r"\bconcern|\bconsider|可疑|疑似|考虑|可能|倾向"
)
# Words that name a finding: a clause that names one without negating it is not a negative conclusion.
_FINDING = re.compile(
    r"metasta|lesion|destruct|lytic|blastic|sclero|malignan|tumou?r|neoplas|deposit|fracture|abnormal|infiltrat|"
    r"\bmass|erosion|replace|uptake|focus|foci|"
    r"转移|破坏|溶骨|成骨|病灶|病变|占位|肿瘤|肿物|恶性|异常|骨折|浸润|信号|摄取|浓聚|结节"
)
# Negation cues that govern the rest of the clause ("no ...", "未见 ..."), and the ones that follow ("... 阴性").
_NEGATION_BEFORE = re.compile(
    r"\bno\b|\bnot\b|\bwithout\b|\bnegative for\b|\bfree of\b|\babsence of\b|\babsent\b|\bnor\b|"
    r"未见|未发现|未显示|没有|未|无|排除"
)
_NEGATION_AFTER = re.compile(r"\b(?:negative|absent|not (?:seen|identified|detected|demonstrated))\b|阴性|未见")
# Statements of a normal study ("unremarkable", "未见明显异常" is handled as a negated finding).
_NORMAL = re.compile(r"\bnormal\b|\bunremarkable\b|\bnegative\b|\bwithin normal limits\b|正常|阴性")
# A clause whose negation is about something acute ("no acute osseous abnormality") says nothing of metastasis.
_ACUTE = re.compile(r"\bacute\b|急性")
# The negative must be about bone, or about the whole study ("no abnormality", "normal study").
_BONE = re.compile(
    r"\bbone|\bosseous|\bskelet|\bosteo|\bvertebra|\bspine|\bspinal|\bmarrow|\bcortex|\bcortical|lytic|blastic|"
    r"destruct|fracture|骨|椎|溶骨|成骨|破坏"
)
_WHOLE_STUDY = re.compile(
    r"^(?:\s*(?:the\s+)?(?:study|examination|exam|scan|imaging|findings?)\s+(?:is|are|was|were)\s+)?"
    r"\s*(?:normal|unremarkable|negative)(?:\s+(?:study|examination|exam|scan|findings?))?\s*$|"
    r"^\s*no (?:abnormalit(?:y|ies)|significant abnormalit(?:y|ies))(?: (?:detected|seen|identified))?\s*$|"
    r"^\s*(?:未见(?:明显)?异常|未见明显异常征象|未见异常征象|正常|阴性)\s*$"
)


def _clause(text: str) -> Reading | None:
    """One clause: NOT_SHOWN (a negated bone finding or a normal study), SHOWN (a finding named), or None."""
    if _HEDGE.search(text):
        return Reading.UNKNOWN
    doubt = _DOUBT.search(text)
    if doubt is not None and _NEGATION_BEFORE.search(text[: doubt.start()]) is None:
        return Reading.UNKNOWN
    finding = _FINDING.search(text)
    if finding is None:
        if _WHOLE_STUDY.search(text) or (_NORMAL.search(text) and _BONE.search(text)):
            return Reading.NOT_SHOWN
        return None
    negated_before = _NEGATION_BEFORE.search(text[: finding.start()]) is not None
    negated_after = _NEGATION_AFTER.search(text[finding.end() :]) is not None
    if not (negated_before or negated_after):
        return Reading.SHOWN  # a finding stated, not negated: the study is not negative
    if _ACUTE.search(text):
        return None
    if _BONE.search(text) or _generic(text):
        return Reading.NOT_SHOWN
    return None  # a negated finding elsewhere ("no liver metastases"): nothing about bone


def _generic(text: str) -> bool:
    """A negated finding that covers the whole study: "no abnormality detected", "未见明显异常"."""
    return (
        re.search(r"abnormal|异常|metasta|转移", text) is not None
        and re.search(r"liver|lung|pulmonary|hepat|brain|lymph|node|adrenal|肝|肺|脑|淋巴|肾上腺|胸腔|腹腔", text)
        is None
    )


def read_text(text: str | None) -> Reading:
    """The conclusion text, clause by clause: NOT_SHOWN only when some clause is negative and none disagrees."""
    if not text or not text.strip():
        return Reading.UNKNOWN
    folded = text.casefold().translate(str.maketrans("（）：", "():"))
    readings = [r for part in _CLAUSE.split(folded) if part and part.strip() and (r := _clause(part)) is not None]
    if not readings or any(r is not Reading.NOT_SHOWN for r in readings):
        return Reading.UNKNOWN  # nothing said, a finding named, or a hedge: not a negative report
    return Reading.NOT_SHOWN


def _coded(concepts: Iterable[object], groups: tuple[str, ...]) -> set[str]:
    found = set()
    for concept in concepts:
        for system, code, _ in codings(concept):
            entry = t.INDEX.lookup(system, code, groups)
            if entry:
                found.add(entry.concept)
    return found


def read_report(resource: dict, results: dict[str, dict]) -> Reading:
    """The report's conclusion about bone metastasis; ``results`` holds Observations by id (for ``result``).

    SHOWN only from a coded bone-metastasis conclusion. NOT_SHOWN when a "no abnormality" code, the conclusion
    text, or every interpreted result says so, and nothing in the report says otherwise.
    """
    codes = as_list(resource.get("conclusionCode"))
    if "bone-metastasis" in _coded(codes, t.CONDITION_GROUPS):
        return Reading.SHOWN
    coded = _coded(codes, CONCLUSION_GROUPS)
    # A coded conclusion none of whose codings is a negative/abnormal code we know: some other finding.
    other_codes = any(not _coded([concept], CONCLUSION_GROUPS) for concept in codes if list(codings(concept)))
    text = read_text(as_str(resource.get("conclusion")))
    interpretations = _result_interpretations(resource, results)
    if ABNORMAL in coded or ABNORMAL in interpretations or other_codes:
        return Reading.UNKNOWN  # a finding is coded: the study is not negative, whatever else it says
    if as_str(resource.get("conclusion")) and text is not Reading.NOT_SHOWN:
        return Reading.UNKNOWN  # the radiologist's words name a finding or hedge: they win over a code
    said_negative = NO_ABNORMALITY in coded or text is Reading.NOT_SHOWN or interpretations == {NO_ABNORMALITY}
    return Reading.NOT_SHOWN if said_negative else Reading.UNKNOWN


def _result_interpretations(resource: dict, results: dict[str, dict]) -> set[str]:
    """Concepts of the interpretations of the listed results; an uninterpreted or unknown one counts as None."""
    found: set[str] = set()
    for reference in as_list(resource.get("result")):
        ident = (as_str(as_dict(reference).get("reference")) or "").rsplit("/", 1)[-1]
        observation = results.get(ident)
        if observation is None or observation.get("status") not in ("final", "amended", "corrected"):
            continue
        concepts = _coded(as_list(observation.get("interpretation")), CONCLUSION_GROUPS)
        found |= concepts or {"uninterpreted"}
    return found
