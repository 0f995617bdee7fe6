"""Text of the bone-mets-screening card (guideline 一(二); incidences 一(一))."""

from cards.text.names import PRIMARIES, phrases

# Incidence of bone metastasis in advanced disease, guideline 一(一) (BM-OV-02), for the configurable primaries.
_INCIDENCE = {
    "breast": ("breast cancer, 65-75 %", "乳腺癌65%~75%"),
    "prostate": ("prostate cancer, 65-75 %", "前列腺癌65%~75%"),
    "nasopharynx": ("nasopharyngeal cancer, 67-75 %", "鼻咽癌67%~75%"),
    "lung": ("lung cancer, 30-40 %", "肺癌30%~40%"),
    "thyroid": ("thyroid cancer, 60 %", "甲状腺癌60%"),
    "melanoma": ("melanoma, 14-45 %", "黑色素瘤14%~45%"),
    "liver": ("liver cancer, 13-41 %", "肝癌13%~41%"),
    "kidney": ("kidney cancer, 20-25 %", "肾癌20%~25%"),
    "head-and-neck": ("other head and neck cancers, 25 %", "其他头颈癌25%"),
    "stomach": ("stomach cancer, 13 %", "胃癌13%"),
    "colorectal": ("colorectal cancer, 1-7 %", "结直肠癌1%~7%"),
    "myeloma": ("myeloma bone disease, 70-95 %", "多发性骨髓瘤骨病70%~95%"),
}

MESSAGES = {
    "bone-mets-screening": {
        "en": {
            "summary": "High-risk cancer at stage {stage} without bone imaging: consider routine bone-metastasis screening",
            "detail": "{malignancy} ({malignancy_date}), stage {stage}: a cancer with a high risk of bone metastasis, "
            "no bone imaging since diagnosis. At intermediate or advanced stages the guideline suggests considering "
            "a routine examination to exclude bone metastasis.",
        },
        "zh": {
            "summary": "高骨转移风险肿瘤（{stage}期）未行骨影像学检查：可考虑常规排除骨转移检查",
            "detail": "{site_text}（{malignancy_date}），{stage}期，属高风险发生骨转移的恶性肿瘤，诊断后未见骨影像学检查。"
            "规范建议：中、晚期高风险肿瘤患者可考虑把排除骨转移的临床检查作为常规检查项目。",
        },
    },
    **phrases("bone-mets-screening", PRIMARIES, "site"),
    "bone-mets-screening.incidence": {
        "en": "Incidence of bone metastasis in advanced disease (guideline): {primary_text}.",
        "zh": "晚期恶性肿瘤的骨转移发生率（规范）：{primary_text}。",
    },
    **{f"bone-mets-screening.primary.{site}": {"en": en, "zh": zh} for site, (en, zh) in _INCIDENCE.items()},
}
