"""Rule pages over HTTP: every card topic has a page in English and Chinese with the thresholds in effect."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, SHARED, load_json
from markupsafe import escape

from cards.rule_pages import GROUPS, SETTINGS_TEXT, TOPIC_TEXT, corrected_guideline
from cds_service import create_app
from guideline.catalogue import TOPICS
from guideline.settings import Settings

GUIDELINE = SHARED / "guideline" / "bone-metastasis-guideline.zh.txt"

# Latin words a Chinese page may show outside <code>: names of scores, tests and sources that Chinese clinical
# text writes in Latin letters, units, and the guideline's own abbreviations. Everything else must be Chinese.
ZH_PAGE_LATIN = {
    # units
    "mg", "mmol", "µmol", "mL", "min", "L", "m", "d", "Gy", "NRS",
    # scores, formulas and their authors
    "ECOG", "Karnofsky", "Mirels", "SINS", "Fourney", "Cockcroft", "Gault", "eGFR", "Aapro",
    # imaging and drug names the guideline itself writes in Latin letters
    "X", "CT", "MR", "MRI", "PET", "ECT", "WHO", "Sr",
    # evidence class and grade (证据I类，推荐A级) and the stage codes of high-risk cancers (III, IV, M1)
    "I", "A", "II", "III", "IV", "M",
    # published sources (guidelines and societies) cited beyond the guideline
    "ASCO", "ESMO", "NCCN", "NICE", "NG",
}


class _MainText(HTMLParser):
    """The text inside <main>, without <code> elements (codes and identifiers are not words)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = {"main": 0, "code": 0}
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.depth:
            self.depth[tag] += 1

    def handle_endtag(self, tag):
        if tag in self.depth:
            self.depth[tag] -= 1

    def handle_data(self, data):
        if self.depth["main"] and not self.depth["code"]:
            self.parts.append(data)


def main_text(page: str) -> str:
    parser = _MainText()
    parser.feed(page)
    return " ".join(parser.parts)


def threshold_rows(page: str) -> dict[str, str]:
    """Label → the text of its value cell, from the page's threshold table."""
    rows = re.findall(r'<th scope="row">(.*?)</th>\s*<td>(.*?)</td>', page, re.DOTALL)
    return {html.unescape(label): " ".join(html.unescape(re.sub(r"<[^>]+>", "", cell)).split()) for label, cell in rows}


def _esc(text: str) -> str:
    """``text`` as the autoescaping template writes it."""
    return str(escape(text))


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


@pytest.fixture(scope="module")
def default_client(tmp_path_factory):
    database = tmp_path_factory.mktemp("pages") / "pages.sqlite3"
    return create_app({"DATABASE_URL": f"sqlite:///{database}", "JWT_REQUIRED": False}).test_client()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("code", list(TOPICS))
def test_every_topic_has_a_page_in_both_languages_with_its_thresholds(default_client, code, lang):
    response = default_client.get(f"/rules/{code}?lang={lang}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in page
    text = TOPIC_TEXT[code]
    assert f"<h1>{_esc(text.title[lang])}</h1>" in page
    for line in text.fires[lang]:
        assert _esc(line) in page
    for quote in text.quotes:  # the guideline's words in Chinese on both pages; the rendering on the English one
        assert _esc(quote.zh) in page
        assert (_esc(quote.en) in page) == (lang == "en")
    rows = threshold_rows(page)
    defaults = Settings()
    for field, label in ((f, getattr(SETTINGS_TEXT[f], lang)) for f in Settings.__dataclass_fields__):
        if label in rows:
            assert f"<code>{field}</code>" in page  # named for informaticians in the folded detail
            value = getattr(defaults, field)
            if isinstance(value, int | float) and not isinstance(value, bool):
                assert rows[label].startswith(_number(value))
    assert '<details class="technical">' in page and f"<code>{code}</code>" in page


def test_a_setting_changed_on_the_deployment_shows_on_every_page_that_uses_it(tmp_path):
    defaults = Settings()
    changed = {
        name: getattr(defaults, name) + (1 if isinstance(getattr(defaults, name), int) else 0.25)
        for name in Settings.__dataclass_fields__
        if isinstance(getattr(defaults, name), int | float) and not isinstance(getattr(defaults, name), bool)
    }
    client = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}", "JWT_REQUIRED": False, "GUIDELINE_SETTINGS": changed}
    ).test_client()
    seen = set()
    for code in TOPICS:
        for lang in ("en", "zh"):
            rows = threshold_rows(client.get(f"/rules/{code}?lang={lang}").get_data(as_text=True))
            for name, value in changed.items():
                label = getattr(SETTINGS_TEXT[name], lang)
                if label in rows:
                    seen.add(name)
                    default = _number(getattr(defaults, name))
                    assert rows[label].startswith(_number(value)), (code, name, rows[label])
                    marker = "changed on this deployment (default " if lang == "en" else "本机构已修改（默认 "
                    assert marker + default in rows[label], (code, name, rows[label])
    assert {"mirels_surgery_threshold", "calcium_severe_above", "renal_check_window_days", "platelets_min"} <= seen


def test_a_page_says_so_when_its_card_is_switched_off_here(tmp_path, default_client):
    notice = "This card is switched off on this deployment"
    assert notice in default_client.get("/rules/supportive-care?lang=en").get_data(as_text=True)  # off by default
    assert notice not in default_client.get("/rules/hypercalcemia?lang=en").get_data(as_text=True)
    everything = {"enabled_topics": list(TOPICS)}
    client = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}", "JWT_REQUIRED": False, "GUIDELINE_SETTINGS": everything}
    ).test_client()
    assert notice not in client.get("/rules/supportive-care?lang=en").get_data(as_text=True)


@pytest.mark.parametrize("code", list(TOPICS))
def test_a_chinese_page_has_no_english_words_beyond_codes_units_and_names(default_client, code):
    body = main_text(default_client.get(f"/rules/{code}?lang=zh").get_data(as_text=True))
    latin = set(re.findall(r"[A-Za-zµ]+", body))
    assert latin <= ZH_PAGE_LATIN, sorted(latin - ZH_PAGE_LATIN)


def test_the_chinese_index_has_no_english_words_beyond_codes_units_and_names(default_client):
    body = main_text(default_client.get("/rules/?lang=zh").get_data(as_text=True))
    latin = set(re.findall(r"[A-Za-zµ]+", body))
    assert latin <= ZH_PAGE_LATIN, sorted(latin - ZH_PAGE_LATIN)


@pytest.mark.parametrize("card_language", ["en", "zh"])
def test_the_pages_follow_card_language_unless_the_link_asks_for_another(tmp_path, card_language):
    client = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}", "JWT_REQUIRED": False, "CARD_LANGUAGE": card_language}
    ).test_client()
    titles = {lang: TOPIC_TEXT["hypercalcemia"].title[lang] for lang in ("en", "zh")}
    assert titles[card_language] in client.get("/rules/hypercalcemia").get_data(as_text=True)
    other = "zh" if card_language == "en" else "en"
    assert titles[other] in client.get(f"/rules/hypercalcemia?lang={other}").get_data(as_text=True)
    redirect = client.get("/guideline")  # where cards made before the rule pages link
    assert redirect.status_code == 301 and redirect.headers["Location"] == f"/rules/?lang={card_language}"
    assert client.get(f"/guideline?lang={other}").headers["Location"] == f"/rules/?lang={other}"


def test_the_index_lists_every_topic_once_with_an_anchor_for_old_links(default_client):
    page = default_client.get("/rules/?lang=en").get_data(as_text=True)
    grouped = [code for _, codes in GROUPS for code in codes]
    assert sorted(grouped) == sorted(TOPICS)
    for code in TOPICS:
        assert page.count(f'id="{code}"') == 1
        assert f'href="/rules/{code}?lang=en"' in page
    assert "14 days" in page  # CARD_SUPPRESSION_DAYS in effect


def test_an_unknown_topic_is_not_found(default_client):
    assert default_client.get("/rules/no-such-topic").status_code == 404


@pytest.mark.parametrize("card_language", ["en", "zh"])
def test_a_cards_link_opens_its_topic_page_in_the_cards_language(tmp_path, card_language):
    client = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}", "JWT_REQUIRED": False, "CARD_LANGUAGE": card_language}
    ).test_client()
    body = load_json(ROOT / "docs" / "examples" / "patient-view-request.json")
    cards = client.post("/cds-services/bm-patient-view", json=body).get_json()["cards"]
    assert cards
    for card in cards:
        code = card["source"]["topic"]["code"]
        url = urlsplit(card["links"][0]["url"])
        assert card["source"]["url"] == card["links"][0]["url"]
        page = client.get(f"{url.path}?{url.query}")
        assert page.status_code == 200
        assert f"<h1>{_esc(TOPIC_TEXT[code].title[card_language])}</h1>" in page.get_data(as_text=True)


def test_every_setting_and_topic_has_its_words_in_both_languages():
    assert set(SETTINGS_TEXT) == set(Settings.__dataclass_fields__)
    assert set(TOPIC_TEXT) == set(TOPICS)
    for text in TOPIC_TEXT.values():
        for part in (text.title, text.means, text.fires, text.silent):
            assert part["en"] and part["zh"]
        assert len(text.fires["en"]) == len(text.fires["zh"]) and len(text.silent["en"]) == len(text.silent["zh"])
        assert set(text.also_reads) <= set(Settings.__dataclass_fields__)


def test_every_quote_is_the_guidelines_own_words():
    guideline = corrected_guideline(GUIDELINE.read_text("utf-8"))
    for code, text in TOPIC_TEXT.items():
        assert text.quotes, code
        for quote in text.quotes:
            position = 0
            for part in quote.zh.split("……"):  # an omission; the parts stand in order
                found = guideline.find(corrected_guideline(part), position)
                assert found >= 0, (code, quote.section, part)
                position = found
