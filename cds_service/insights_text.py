"""The insights page's words, in English and Chinese (data, beside the template that shows them)."""

from __future__ import annotations

from cards.override_reasons import override_reasons
from cards.rule_pages.topics import TOPIC_TEXT
from guideline.catalogue import TOPICS

TEXT = {
    "en": {
        "title": "Card feedback insights",
        "intro": "How often each card was shown, accepted, overridden or ignored, for the CDS committee. "
        "Counted without patient data: service, card topic and time of each card shown, and the feedback sent.",
        "filters": "Filters",
        "from": "From",
        "to": "To (inclusive)",
        "service": "Service",
        "topic": "Card topic",
        "all": "All",
        "apply": "Show",
        "export": "Export",
        "json": "JSON",
        "csv": "CSV",
        "period": "Period",
        "days": "days",
        "timezone": "time zone",
        "totals": "Totals",
        "shown": "Shown",
        "accepted": "Accepted",
        "overridden": "Overridden",
        "ignored": "Ignored",
        "rate": "rate",
        "by_topic": "By service and card topic",
        "by_indicator": "By urgency (card indicator)",
        "indicator": "Indicator",
        "indicator_critical": "Critical",
        "indicator_warning": "Warning",
        "indicator_info": "Info",
        "reasons": "Override reasons",
        "reason": "Reason",
        "cards": "Cards",
        "no_reason": "No reason given",
        "other_system": "Reason of another code system",
        "trend": "Trend",
        "trend_day": "Cards shown per day, by what happened to them",
        "trend_week": "Cards shown per week (from Monday), by what happened to them",
        "trend_table": "The plot's data as a table",
        "day": "Day",
        "week": "Week from",
        "nothing": "No cards were shown in this period with these filters.",
        "unmatched": "Feedback for cards not recorded as shown",
        "unmatched_intro": "Feedback received in this period that names a card this deployment did not record as "
        "shown by that service: shown while the database was down, by another deployment or database, longer ago "
        "than the shown-card retention, or a uuid the service never issued. It has no topic and is not in the "
        "rates above.",
        "unmatched_topic": "Not counted when the figures are filtered by topic: such feedback has no topic.",
        "records": "Feedback records",
        "other_service": "of which for a card shown by another service",
        "none_unmatched": "None: every feedback received in this period names a card shown here.",
        "definitions": "How the figures are counted",
        "def_unit": "One card shown is counted once, on the day it was shown, in exactly one outcome; rates are "
        "of the cards shown.",
        "def_latest": "Accepted or overridden: the latest feedback for that card (a resend or a second action "
        "does not count it twice). Ignored: no feedback for it so far.",
        "def_suppressed": "Cards left out by suppression after an override were not shown and are not counted.",
        "def_comments": "Clinicians' free-text comments are stored but not shown here: they may name patients.",
        "note_before-retention": "Part of this period lies beyond the shown-card retention "
        "(SHOWN_CARD_RETENTION_DAYS = {days:g}): cards shown then are no longer recorded, so those counts are low.",
        "note_period-not-over": "The period is not over: counts still grow, and feedback for recent cards may "
        "still arrive.",
        "error": "The filters cannot be used",
        "disabled_title": "Insights are turned off",
        "disabled": "Feedback insights are turned off on this deployment: the operator sets INSIGHTS_USER and "
        "INSIGHTS_PASSWORD_HASH to turn them on.",
        "refused_title": "Sign-in required",
        "refused": "These figures need the insights user name and password (not the EHR's sign-in).",
        "unavailable_title": "Database unavailable",
        "unavailable": "The feedback database did not answer in time. Try again later, or a shorter period.",
        "percent": "%",
        "plot_desc": "{shown} cards shown from {first} to {last}: {accepted} accepted, {overridden} overridden, "
        "{ignored} ignored.",
        "peak": "Most in one {bucket}: {peak}.",
        "bucket_day": "day",
        "bucket_week": "week",
    },
    "zh": {
        "title": "卡片反馈统计",
        "intro": "供临床决策支持委员会查看各卡片的显示、接受、驳回和未处理次数。统计不含患者数据，只用每张已显示卡片的服务、"
        "主题和时间，以及收到的反馈。",
        "filters": "筛选",
        "from": "开始日期",
        "to": "结束日期（含）",
        "service": "服务",
        "topic": "卡片主题",
        "all": "全部",
        "apply": "显示",
        "export": "导出",
        "json": "JSON",
        "csv": "CSV",
        "period": "时间段",
        "days": "天",
        "timezone": "时区",
        "totals": "合计",
        "shown": "显示",
        "accepted": "接受",
        "overridden": "驳回",
        "ignored": "未处理",
        "rate": "比例",
        "by_topic": "按服务和卡片主题",
        "by_indicator": "按紧急程度（卡片级别）",
        "indicator": "级别",
        "indicator_critical": "危急",
        "indicator_warning": "警告",
        "indicator_info": "提示",
        "reasons": "驳回理由",
        "reason": "理由",
        "cards": "卡片数",
        "no_reason": "未给出理由",
        "other_system": "其他编码系统的理由",
        "trend": "趋势",
        "trend_day": "每天显示的卡片数，按处理结果",
        "trend_week": "每周（自周一起）显示的卡片数，按处理结果",
        "trend_table": "图中数据（表格）",
        "day": "日期",
        "week": "周起始日",
        "nothing": "此时间段内，按当前筛选条件没有显示过卡片。",
        "unmatched": "未记录为已显示的卡片的反馈",
        "unmatched_intro": "此时间段内收到的反馈中，所指卡片未被记录为由该服务显示过：可能是在数据库不可用时显示的、由其他部署或"
        "数据库显示的、早于已显示卡片的保留期，或者是本服务从未发出的标识。这些反馈无法归入主题，不计入上面的比例。",
        "unmatched_topic": "按主题筛选时不统计：这类反馈无法归入主题。",
        "records": "反馈记录数",
        "other_service": "其中所指卡片由其他服务显示",
        "none_unmatched": "无：此时间段内收到的每条反馈都对应本部署显示过的卡片。",
        "definitions": "统计口径",
        "def_unit": "每张显示过的卡片只计一次，计在显示当天，且只归入一种结果；比例以显示的卡片数为分母。",
        "def_latest": "接受或驳回：以该卡片最新的一条反馈为准（重复发送或再次操作不重复计数）。未处理：至今没有收到该卡片的反馈。",
        "def_suppressed": "因驳回而被暂时隐藏的卡片没有显示，不计入。",
        "def_comments": "医生填写的文字备注已保存，但此处不显示：其中可能含有患者信息。",
        "note_before-retention": "此时间段有一部分超出已显示卡片的保留期（SHOWN_CARD_RETENTION_DAYS = {days:g}）：那时显示的卡片"
        "已不再有记录，相应计数偏低。",
        "note_period-not-over": "此时间段尚未结束：计数仍会增加，近期卡片的反馈也可能尚未收到。",
        "error": "筛选条件无法使用",
        "disabled_title": "反馈统计未启用",
        "disabled": "本部署未启用反馈统计：需由管理员设置 INSIGHTS_USER 和 INSIGHTS_PASSWORD_HASH。",
        "refused_title": "需要登录",
        "refused": "查看这些统计需要反馈统计专用的用户名和密码（不是电子病历系统的登录）。",
        "unavailable_title": "数据库不可用",
        "unavailable": "反馈数据库未能及时响应。请稍后再试，或缩短时间段。",
        "percent": "%",
        "plot_desc": "{first} 至 {last} 共显示 {shown} 张卡片：接受 {accepted} 张，驳回 {overridden} 张，未处理 {ignored} 张。",
        "peak": "单{bucket}最多 {peak} 张。",
        "bucket_day": "日",
        "bucket_week": "周",
    },
}

def topic_name(code: str, language: str) -> str:
    """The topic's title as its rule page gives it; the code itself for a topic no longer in the catalogue."""
    if code in TOPIC_TEXT:
        return TOPIC_TEXT[code].title[language]
    entry = TOPICS.get(code)
    return entry.display if entry else code


def reason_name(key: str, language: str) -> str:
    """A reason key of insights_counts.reason_key in words."""
    if key == "none":
        return TEXT[language]["no_reason"]
    for coding in override_reasons(language):
        if coding["code"] == key:
            return coding["display"]
    return f"{TEXT[language]['other_system']}: {key}"
