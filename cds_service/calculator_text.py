"""The calculator pages' words in English and Chinese, and the result of a calculation put into them.

Names of drugs, calcium grades and Mirels risks are the cards' own phrases (cards.text), so a page and a card say
the same thing. The Chinese follows the guideline's terms (Table 1-4: 部位、疼痛、骨破坏特点、病灶大小).
"""

from __future__ import annotations

from typing import Any

from cards.text import catalogue
from cards.text.drug_names import NAMES
from guideline.bedside import Problem
from guideline.settings import Settings

COMMON = {
    "en": {
        "index-title": "Bedside calculators",
        "index-intro": "The scores and formulas the cards use, with this deployment's thresholds. Each gives the "
        "same answer as the rules on the same values.",
        "inputs": "Inputs",
        "calculate": "Calculate",
        "result": "Result",
        "formula": "Formula",
        "source": "Source",
        "thresholds": "Thresholds in effect",
        "choose": "Choose…",
        "optional": "optional",
        "enter": "Enter {fields} to see the result.",
        "from-chart": "Pre-filled from the patient's chart; check each value.",
        "fix": "Please correct the inputs below.",
        "missing": "{field}: required.",
        "unknown-option": "{field}: choose one of the listed answers.",
        "not-a-number": "{field}: enter a number.",
        "not-whole": "{field}: enter a whole number.",
        "out-of-range": "{field}: {low:g}–{high:g}{unit} is the plausible range; check the value.",
        "back": "All calculators",
    },
    "zh": {
        "index-title": "床旁计算器",
        "index-intro": "卡片所用的评分与公式，采用本系统当前的阈值设置；相同数值下与规则结论一致。",
        "inputs": "输入",
        "calculate": "计算",
        "result": "结果",
        "formula": "公式",
        "source": "来源",
        "thresholds": "当前阈值",
        "choose": "请选择…",
        "optional": "可选",
        "enter": "请填写{fields}后显示结果。",
        "from-chart": "已根据病历预填，请逐项核对。",
        "fix": "请更正以下输入。",
        "missing": "{field}：必填。",
        "unknown-option": "{field}：请从所列选项中选择。",
        "not-a-number": "{field}：请输入数字。",
        "not-whole": "{field}：请输入整数。",
        "out-of-range": "{field}：合理范围为 {low:g}–{high:g}{unit}，请核对。",
        "back": "全部计算器",
    },
}

PAGES: dict[str, dict[str, dict[str, Any]]] = {
    "mirels": {
        "en": {
            "title": "Mirels score (pathological fracture risk)",
            "summary": "Fracture risk of a long-bone metastasis and whether to operate first (guideline Table 1-4).",
            "fields": {"site": "Site", "pain": "Pain", "lesion": "Lesion type", "size": "Size (of bone diameter)"},
            "options": {
                "site": {
                    "upper-limb": "Upper limb (1)",
                    "lower-limb": "Lower limb (2)",
                    "peritrochanteric": "Peritrochanteric (3)",
                },
                "pain": {"mild": "Mild (1)", "moderate": "Moderate (2)", "functional": "On weight-bearing (3)"},
                "lesion": {"blastic": "Blastic (1)", "mixed": "Mixed (2)", "lytic": "Lytic (3)"},
                "size": {"lt-1/3": "< 1/3 (1)", "1/3-2/3": "1/3–2/3 (2)", "gt-2/3": "> 2/3 (3)"},
            },
            "formula": "Sum of the four parts, each 1–3: total 4–12. Long bones only (for the spine use SINS). "
            "Size exactly 1/3 or 2/3 scores 2.",
            "source": "Guideline 一(三)5, Table 1-4: “评分7分以下可暂时不考虑手术，而评分7分以上有高骨折风险，"
            "应进行手术治疗” (≤ 7 surgery may be deferred; above 7 high fracture risk, operate). "
            "Mirels H, Clin Orthop 1989;249:256-64.",
        },
        "zh": {
            "title": "Mirels评分（病理骨折风险）",
            "summary": "长骨转移灶的骨折风险及是否先行手术（规范表1-4）。",
            "fields": {"site": "部位", "pain": "疼痛", "lesion": "骨破坏特点", "size": "病灶大小（相对于骨直径）"},
            "options": {
                "site": {
                    "upper-limb": "上肢（1分）",
                    "lower-limb": "下肢（2分）",
                    "peritrochanteric": "粗隆周围（3分）",
                },
                "pain": {"mild": "轻度（1分）", "moderate": "中度（2分）", "functional": "负重时（3分）"},
                "lesion": {"blastic": "成骨性（1分）", "mixed": "混合性（2分）", "lytic": "溶骨性（3分）"},
                "size": {"lt-1/3": "<1/3（1分）", "1/3-2/3": "1/3～2/3（2分）", "gt-2/3": ">2/3（3分）"},
            },
            "formula": "四项评分（各1～3分）相加，总分4～12分。仅适用于长骨（脊柱用SINS）。病灶恰为1/3或2/3计2分。",
            "source": "规范 一(三)5、表1-4：“评分7分以下可暂时不考虑手术，而评分7分以上有高骨折风险，应进行手术治疗”。"
            "Mirels H, Clin Orthop 1989;249:256-64。",
        },
    },
    "sins": {
        "en": {
            "title": "SINS (spinal instability)",
            "summary": "Spinal Instability Neoplastic Score: stable, potentially unstable or unstable.",
            "fields": {
                "location": "Location",
                "pain": "Pain",
                "lesion": "Bone lesion",
                "alignment": "Radiographic alignment",
                "collapse": "Vertebral body collapse",
                "posterolateral": "Posterolateral involvement",
            },
            "options": {
                "location": {
                    "junctional": "Junctional: occiput–C2, C7–T2, T11–L1, L5–S1 (3)",
                    "mobile": "Mobile: C3–C6, L2–L4 (2)",
                    "semi-rigid": "Semi-rigid: T3–T10 (1)",
                    "rigid": "Rigid: S2–S5 (0)",
                },
                "pain": {
                    "mechanical": "Mechanical (relief lying down, worse with movement or loading) (3)",
                    "occasional": "Occasional, not mechanical (1)",
                    "pain-free": "Pain-free (0)",
                },
                "lesion": {"lytic": "Lytic (2)", "mixed": "Mixed (1)", "blastic": "Blastic (0)"},
                "alignment": {
                    "subluxation": "Subluxation or translation (4)",
                    "de-novo-deformity": "De novo deformity: kyphosis, scoliosis (2)",
                    "normal": "Normal (0)",
                },
                "collapse": {
                    "over-50": "> 50 % collapse (3)",
                    "under-50": "< 50 % collapse (2)",
                    "none-over-50-involved": "No collapse, > 50 % of the body involved (1)",
                    "none": "None of the above (0)",
                },
                "posterolateral": {"bilateral": "Bilateral (3)", "unilateral": "Unilateral (1)", "none": "None (0)"},
            },
            "formula": "Sum of the six components: total 0–18. 0–6 stable, 7–12 potentially unstable, 13–18 unstable.",
            "source": "Fourney DR et al., J Clin Oncol 2011;29:3072-7 (beyond the guideline, which names spinal "
            "instability as an indication for surgery, 一(三)5(4)2), without a score).",
        },
        "zh": {
            "title": "SINS评分（脊柱不稳定）",
            "summary": "脊柱肿瘤不稳定评分：稳定、潜在不稳定或不稳定。",
            "fields": {
                "location": "病变位置",
                "pain": "疼痛",
                "lesion": "骨病变性质",
                "alignment": "影像学脊柱力线",
                "collapse": "椎体塌陷",
                "posterolateral": "后外侧结构受累",
            },
            "options": {
                "location": {
                    "junctional": "交界区：枕骨–C2、C7–T2、T11–L1、L5–S1（3分）",
                    "mobile": "活动椎：C3–C6、L2–L4（2分）",
                    "semi-rigid": "半固定椎：T3–T10（1分）",
                    "rigid": "固定椎：S2–S5（0分）",
                },
                "pain": {
                    "mechanical": "机械性疼痛（卧位缓解，活动或负重时加重）（3分）",
                    "occasional": "偶发、非机械性疼痛（1分）",
                    "pain-free": "无痛（0分）",
                },
                "lesion": {"lytic": "溶骨性（2分）", "mixed": "混合性（1分）", "blastic": "成骨性（0分）"},
                "alignment": {
                    "subluxation": "半脱位或移位（4分）",
                    "de-novo-deformity": "新发畸形：后凸、侧凸（2分）",
                    "normal": "正常（0分）",
                },
                "collapse": {
                    "over-50": "塌陷 > 50%（3分）",
                    "under-50": "塌陷 < 50%（2分）",
                    "none-over-50-involved": "无塌陷，椎体受累 > 50%（1分）",
                    "none": "以上均无（0分）",
                },
                "posterolateral": {"bilateral": "双侧（3分）", "unilateral": "单侧（1分）", "none": "无（0分）"},
            },
            "formula": "六项相加，总分0～18分：0～6分稳定，7～12分潜在不稳定，13～18分不稳定。",
            "source": "Fourney DR 等，J Clin Oncol 2011;29:3072-7（超出规范：规范 一(三)5(4)2) "
            "将脊柱不稳定列为手术适应证，未给出评分）。",
        },
    },
    "calcium": {
        "en": {
            "title": "Albumin-corrected calcium and hypercalcaemia grade",
            "summary": "Corrected calcium from total calcium and albumin, graded as the guideline grades it.",
            "fields": {"calcium": "Total serum calcium", "albumin": "Serum albumin", "unit": "Units"},
            "options": {"unit": {"mmol/L": "mmol/L (albumin g/L)", "mg/dL": "mg/dL (albumin g/dL)"}},
            "formula": "Corrected Ca (mmol/L) = Ca + 0.02 × (40 − albumin g/L); in mg/dL, Ca + 0.8 × (4 − albumin "
            "g/dL). Without albumin the total calcium is graded. mg/dL values are graded on the mg/dL grid "
            "(12.0 mg/dL = 3.0 mmol/L).",
            "source": "Guideline 一(三)6 grades total calcium: mild 2.75–3 mmol/L, moderate 3–3.5, severe > 3.5, "
            "crisis > 3.75 (the shared edge 3.0 counts as moderate). Albumin correction: zoledronic acid "
            "prescribing information.",
        },
        "zh": {
            "title": "白蛋白校正血钙及高钙血症分级",
            "summary": "由血总钙和白蛋白计算校正血钙，按规范分级。",
            "fields": {"calcium": "血清总钙", "albumin": "血清白蛋白", "unit": "单位"},
            "options": {"unit": {"mmol/L": "mmol/L（白蛋白 g/L）", "mg/dL": "mg/dL（白蛋白 g/dL）"}},
            "formula": "校正血钙（mmol/L）= 血钙 + 0.02 ×（40 − 白蛋白 g/L）；mg/dL：血钙 + 0.8 ×（4 − 白蛋白 g/dL）。"
            "无白蛋白时按总钙分级。mg/dL 数值按 mg/dL 界值分级（12.0 mg/dL = 3.0 mmol/L）。",
            "source": "规范 一(三)6 按血总钙分级：轻度2.75～3 mmol/L，中度3～3.5，重度>3.5，"
            ">3.75为高钙危象（3.0计为中度）。"
            "白蛋白校正：唑来膦酸说明书。",
        },
    },
    "crcl": {
        "en": {
            "title": "Creatinine clearance (Cockcroft-Gault) and bone-agent dose",
            "summary": "CrCl from age, sex, weight and creatinine, and the dose of each bone-modifying agent at it.",
            "fields": {
                "age": "Age (years)",
                "sex": "Sex",
                "weight": "Weight (kg)",
                "creatinine": "Serum creatinine",
                "creatinine_unit": "Creatinine units",
            },
            "options": {
                "sex": {"female": "Female", "male": "Male"},
                "creatinine_unit": {"umol/L": "µmol/L", "mg/dL": "mg/dL"},
            },
            "formula": "CrCl (mL/min) = (140 − age) × weight (kg) / (72 × creatinine mg/dL), × 0.85 if female; "
            "creatinine µmol/L ÷ 88.4 = mg/dL. Actual body weight; adults only; not indexed to 1.73 m² (eGFR "
            "is not a substitute).",
            "source": "Guideline 一(三)3 asks for renal function before and during bisphosphonates and to choose "
            "the drug by it; the dose tables are the labels': zoledronic acid (Zometa), pamidronate and ibandronate "
            "(Aapro et al., Ann Oncol 2008), oral clodronate (Bonefos SmPC 4.2); denosumab (ASCO 2017).",
        },
        "zh": {
            "title": "肌酐清除率（Cockcroft-Gault）及骨改良药物剂量",
            "summary": "由年龄、性别、体重和血肌酐计算肌酐清除率，并给出各骨改良药物在该肾功能下的剂量。",
            "fields": {
                "age": "年龄（岁）",
                "sex": "性别",
                "weight": "体重（kg）",
                "creatinine": "血肌酐",
                "creatinine_unit": "血肌酐单位",
            },
            "options": {
                "sex": {"female": "女", "male": "男"},
                "creatinine_unit": {"umol/L": "µmol/L", "mg/dL": "mg/dL"},
            },
            "formula": "肌酐清除率（mL/min）=（140 − 年龄）× 体重（kg）/（72 × 血肌酐 mg/dL），女性 × 0.85；"
            "血肌酐 µmol/L ÷ 88.4 = mg/dL。用实际体重；仅适用于成人；未按1.73 m²校正（不能以eGFR代替）。",
            "source": "规范 一(三)3 要求双膦酸盐治疗前及治疗中评估肾功能，并据此选择药物；"
            "剂量表来自说明书：唑来膦酸（Zometa），帕米膦酸和伊班膦酸（Aapro 等，Ann Oncol 2008），"
            "口服氯膦酸二钠（Bonefos 说明书4.2）；地舒单抗（ASCO 2017）。",
        },
    },
    "pain": {
        "en": {
            "title": "WHO analgesic ladder step from a pain score",
            "summary": "Pain band from the 0–10 score, the ladder step it calls for, and whether the current "
            "regimen reaches it.",
            "fields": {"pain": "Pain score (NRS 0–10)", "current_step": "Current analgesic step"},
            "options": {
                "current_step": {
                    "0": "None (0)",
                    "1": "Step 1: NSAID or paracetamol (1)",
                    "2": "Step 2: weak opioid (2)",
                    "3": "Step 3: strong opioid (3)",
                }
            },
            "formula": "Band by the score; mild → step 1, moderate → step 2, severe → step 3. Escalate when the "
            "current regimen's highest step is below it (adjuvants are not a step).",
            "source": "Guideline 一(三)2: “针对患者的疼痛程度选择不同‘阶梯’的镇痛药物” (WHO cancer pain principles). "
            "The guideline gives no numeric bands (its Table 1-1 is missing): NRS bands as used by NCCN.",
        },
        "zh": {
            "title": "按疼痛评分确定WHO止痛阶梯",
            "summary": "由0～10分疼痛评分确定疼痛程度、所需阶梯，以及目前用药是否达到该阶梯。",
            "fields": {"pain": "疼痛评分（NRS 0～10）", "current_step": "目前止痛药阶梯"},
            "options": {
                "current_step": {
                    "0": "未用止痛药（0）",
                    "1": "第一阶梯：非甾体类抗炎药或对乙酰氨基酚（1）",
                    "2": "第二阶梯：弱阿片类（2）",
                    "3": "第三阶梯：强阿片类（3）",
                }
            },
            "formula": "按评分分级：轻度→第一阶梯，中度→第二阶梯，重度→第三阶梯。目前用药的最高阶梯低于所需阶梯时升阶梯"
            "（辅助用药不计阶梯）。",
            "source": "规范 一(三)2：“针对患者的疼痛程度选择不同‘阶梯’的镇痛药物”（WHO癌症疼痛治疗基本原则）。"
            "规范未给出数值分级（表1-1缺失）：采用NCCN的NRS分级。",
        },
    },
}

ORDER = ("mirels", "sins", "calcium", "crcl", "pain")


def _phrase(key: str, language: str) -> str:
    return str(catalogue()[key][language])


def _drug(agent: str, language: str) -> str:
    return NAMES[agent][language]


def thresholds(name: str, settings: Settings, language: str) -> list[str]:
    """The thresholds this deployment applies, from its settings (GUIDELINE_SETTINGS overrides included)."""
    zh = language == "zh"
    s = settings
    if name == "mirels":
        t = s.mirels_surgery_threshold
        return [
            f"≤ {t - 1}：可暂不考虑手术" if zh else f"≤ {t - 1}: surgery may be deferred",
            f"{t}：达到手术阈值" if zh else f"{t}: at the surgical threshold",
            f"≥ {t + 1}：骨折高风险，宜预防性内固定" if zh else f"≥ {t + 1}: high risk, prophylactic fixation",
        ]
    if name == "sins":
        t = s.sins_surgery_threshold
        return [f"≥ {t}：建议脊柱外科会诊" if zh else f"≥ {t}: surgical consultation"]
    if name == "calcium":
        edges = (s.calcium_mild_min, s.calcium_moderate_min, s.calcium_severe_above, s.calcium_crisis_above)
        mild, moderate, severe, crisis = (f"{e:g} mmol/L ({e * 4.0078:.1f} mg/dL)" for e in edges)
        if zh:
            return [f"轻度：≥ {mild}", f"中度：≥ {moderate}", f"重度：> {severe}", f"高钙危象：> {crisis}"]
        return [f"mild ≥ {mild}", f"moderate ≥ {moderate}", f"severe > {severe}", f"crisis > {crisis}"]
    if name == "crcl":
        zol = _drug("zoledronic-acid", language)
        ib, pam = _drug("ibandronate", language), _drug("pamidronate", language)
        clo, den = _drug("clodronate", language), _drug("denosumab", language)
        if zh:
            return [
                f"{zol}：>60 → 4 mg；50–60 → 3.5 mg；40–49 → 3.3 mg；30–39 → 3.0 mg；<30 不推荐",
                f"{pam}：≥30 → 90 mg；<30 不推荐",
                f"{ib}：≥50 → 6 mg；30–49 → 4 mg；<30 避免",
                f"口服{clo}：≥50 → 1600 mg/日；30–49 → 1200；10–29 → 800；<10 禁用",
                f"静脉{clo}：<60 由药师核对剂量（无已核实的肾功能剂量表）",
                f"{den}：无肌酐清除率剂量表；<{s.denosumab_hypocalcaemia_below:g} 密切监测血钙",
            ]
        return [
            f"{zol}: > 60 → 4 mg; 50–60 → 3.5 mg; 40–49 → 3.3 mg; 30–39 → 3.0 mg; < 30 not recommended",
            f"{pam}: ≥ 30 → 90 mg; < 30 not recommended",
            f"{ib}: ≥ 50 → 6 mg; 30–49 → 4 mg; < 30 avoid",
            f"oral {clo}: ≥ 50 → 1600 mg/day; 30–49 → 1200; 10–29 → 800; < 10 contraindicated",
            f"IV {clo}: < 60 pharmacist checks the dose (no verified renal table)",
            f"{den}: no CrCl dose table; < {s.denosumab_hypocalcaemia_below:g} close calcium monitoring",
        ]
    mild, moderate = s.pain_mild_max, s.pain_moderate_max
    if zh:
        return [
            f"轻度 1–{mild} → 第一阶梯",
            f"中度 {mild + 1}–{moderate} → 第二阶梯",
            f"重度 {moderate + 1}–10 → 第三阶梯",
        ]
    return [f"mild 1–{mild} → step 1", f"moderate {mild + 1}–{moderate} → step 2", f"severe {moderate + 1}–10 → step 3"]


def describe(name: str, result: dict[str, Any], values: dict[str, Any], language: str) -> dict[str, Any]:
    """The result in words: a headline, short lines and the indicator a card would carry."""
    return _DESCRIBE[name](result, values, language)


def _mirels(result: dict, values: dict, language: str) -> dict:
    zh = language == "zh"
    score, band, t = result["score"], result["band"], result["threshold"]
    risk = _phrase(f"surgery-referral.mirels_risk.{result['risk']}", language)
    parts = " + ".join(str(result["parts"][k]) for k in ("site", "pain", "lesion", "size"))
    if band == "low":
        action = (
            "低于手术阈值：可暂不考虑手术，宜放疗及全身治疗，动态评估"
            if zh
            else (
                f"Below the surgical threshold of {t}: surgery may be deferred; radiotherapy and systemic treatment, "
                "reassess when pain or imaging changes"
            )
        )
    elif band == "borderline":
        action = (
            f"达到规范手术阈值{t}分：骨折高风险，应进行手术治疗，请骨科评估预防性内固定"
            if zh
            else (
                f"At the guideline's threshold of {t}: high fracture risk, surgery — refer for orthopaedic assessment "
                "of prophylactic fixation"
            )
        )
    else:
        action = (
            "骨折高风险：宜预防性内固定，术后放疗"
            if zh
            else "High fracture risk: prophylactic fixation, then radiotherapy"
        )
    headline = f"Mirels评分 {score} 分（{parts}）" if zh else f"Mirels score {score} ({parts})"
    return {"headline": headline, "lines": [action, risk], "indicator": "info" if band == "low" else "warning"}


def _sins(result: dict, values: dict, language: str) -> dict:
    zh = language == "zh"
    band = {
        "stable": ("stable", "稳定"),
        "potentially-unstable": ("potentially unstable", "潜在不稳定"),
        "unstable": ("unstable", "不稳定"),
    }[result["band"]][1 if zh else 0]
    score = result["score"]
    if result["surgical_consultation"]:
        line = (
            f"≥ {result['threshold']}分：放疗前建议脊柱外科会诊"
            if zh
            else (f"≥ {result['threshold']}: surgical consultation (before radiotherapy)")
        )
    else:
        line = (
            f"< {result['threshold']}分：无需因脊柱不稳定会诊"
            if zh
            else (f"Below {result['threshold']}: no surgical consultation for instability")
        )
    headline = f"SINS {score} 分：{band}" if zh else f"SINS {score}: {band}"
    return {
        "headline": headline,
        "lines": [line],
        "indicator": "warning" if result["surgical_consultation"] else "info",
    }


def _calcium(result: dict, values: dict, language: str) -> dict:
    zh = language == "zh"
    mg = result["unit"] == "mg/dL"
    shown = f"{result['corrected_mg_dl']:.1f} mg/dL" if mg else f"{result['corrected_mmol_l']:.2f} mmol/L"
    other = f"{result['corrected_mmol_l']:.2f} mmol/L" if mg else f"{result['corrected_mg_dl']:.1f} mg/dL"
    corrected = result["basis"] == "corrected"
    measure = ("校正血钙" if corrected else "血总钙") if zh else ("Corrected calcium" if corrected else "Total calcium")
    grade = result["grade"]
    if grade is None:
        named = "未达高钙血症分级" if zh else "below the guideline's hypercalcaemia grades"
        action = "规范未规定处理措施" if zh else "the guideline attaches no action to this value"
    else:
        named = _phrase(f"hypercalcemia.grade.{grade}", language)
        action = {
            "mild": ("一般不采取控制血钙的措施，注意监测", "usually no calcium-lowering measures; monitor"),
            "moderate": (
                "有症状、体征者需立即治疗：扩容、双膦酸盐",
                "with symptoms or signs treat now: IV fluids, bisphosphonate",
            ),
            "severe": ("需立即治疗：扩容、双膦酸盐、降钙素", "treat now: IV fluids, bisphosphonate, calcitonin"),
            "crisis": ("需立即治疗：扩容、双膦酸盐、降钙素", "treat now: IV fluids, bisphosphonate, calcitonin"),
        }[grade][0 if zh else 1]
    headline = f"{measure} {shown}（{other}）：{named}" if zh else f"{measure} {shown} ({other}): {named}"
    indicator = {None: "info", "mild": "info", "moderate": "warning", "severe": "critical", "crisis": "critical"}[grade]
    lines = [action]
    if not corrected:
        lines.append(
            "未填白蛋白：按血总钙分级；填写白蛋白可得校正血钙"
            if zh
            else "No albumin: the total calcium is graded; enter albumin to correct it"
        )
    return {"headline": headline, "lines": lines, "indicator": indicator, "grade": grade}


def _mg(dose: float) -> str:
    """A dose as the labels write it: 3.0 mg beside 3.3 and 3.5, 90 mg, 1600 mg."""
    return f"{dose:.1f}" if dose < 10 else f"{dose:g}"


def _crcl(result: dict, values: dict, language: str) -> dict:
    zh = language == "zh"
    lines = []
    for dose in result["doses"]:
        agent = dose["regimen"]
        name = _drug(agent.removesuffix("-oral").removesuffix("-iv"), language)
        if agent.startswith("clodronate"):
            name = (
                ("口服" if agent.endswith("oral") else "静脉") + name
                if zh
                else (f"{name} ({'oral' if agent.endswith('oral') else 'IV'})")
            )
        per = ("mg/日" if zh else "mg/day") if dose["daily"] else "mg"
        verdict = dose["verdict"]
        if verdict in ("full", "reduced", "no-table"):
            text = f"{_mg(dose['dose_mg'])} {per}"
            if verdict == "reduced":
                full = _mg(dose["full_mg"])
                text += f"（减量，常规 {full} {per}）" if zh else f" (reduced from {full} {per})"
        elif verdict == "not-recommended":
            text = "不推荐（肾功能不全）" if zh else "not recommended at this clearance"
        elif verdict == "check":
            text = (
                "无已核实的肾功能剂量表：由药师核对剂量"
                if zh
                else "no verified renal table: pharmacist to check the dose"
            )
        else:
            text = (
                f"{_mg(dose['full_mg'])} {per}，需密切监测血钙"
                if zh
                else f"{_mg(dose['full_mg'])} {per}, monitor calcium closely"
            )
        lines.append(f"{name}：{text}" if zh else f"{name}: {text}")
    crcl = result["crcl"]
    headline = f"肌酐清除率 {crcl:g} mL/min" if zh else f"Creatinine clearance {crcl:g} mL/min"
    indicator = "info" if crcl > 60 else "warning"
    return {"headline": headline, "lines": lines, "indicator": indicator}


def _pain(result: dict, values: dict, language: str) -> dict:
    zh = language == "zh"
    band = {
        "none": ("no pain", "无痛"),
        "mild": ("mild pain", "轻度疼痛"),
        "moderate": ("moderate pain", "中度疼痛"),
        "severe": ("severe pain", "重度疼痛"),
    }[result["band"]][1 if zh else 0]
    step = result["needed_step"]
    drugs = {
        0: ("no analgesic step needed", "无需止痛药"),
        1: (
            "NSAID (or paracetamol), or a combination product with an opioid and an NSAID",
            "非甾体类抗炎药，或含阿片镇痛药和非甾体类抗炎药的复方制剂",
        ),
        2: (
            "weak opioid such as codeine or dihydrocodeine, with an NSAID",
            "阿片类镇痛药如可待因、双氢可待因，同时给予非甾体类抗炎药",
        ),
        3: (
            "strong opioid (morphine IR or SR, oxycodone SR, fentanyl patch), with an NSAID",
            "强阿片类镇痛药（吗啡即释片、吗啡缓释片、羟考酮缓释片、芬太尼透皮贴剂），同时给予非甾体类抗炎药",
        ),
    }[step][1 if zh else 0]
    headline = (
        (f"疼痛 {values['pain']}/10：{band}，第{step}阶梯" if zh else f"Pain {values['pain']}/10: {band}, step {step}")
        if step
        else (f"疼痛 {values['pain']}/10：{band}" if zh else f"Pain {values['pain']}/10: {band}")
    )
    lines = [drugs]
    if result["escalate"] is True:
        lines.insert(
            0,
            f"目前第{result['current_step']}阶梯，低于所需：升至第{step}阶梯"
            if zh
            else f"Current step {result['current_step']} is below it: step up to {step}",
        )
    elif result["escalate"] is False:
        lines.insert(
            0,
            f"目前第{result['current_step']}阶梯已达到所需阶梯"
            if zh
            else f"Current step {result['current_step']} already reaches it",
        )
    indicator = "warning" if result["escalate"] and result["band"] != "mild" else "info"
    return {"headline": headline, "lines": lines, "indicator": indicator}


_DESCRIBE = {"mirels": _mirels, "sins": _sins, "calcium": _calcium, "crcl": _crcl, "pain": _pain}


def problem_text(name: str, problem: Problem, language: str) -> str:
    field = PAGES[name][language]["fields"][problem.field]
    unit = problem.unit.replace("umol/L", "µmol/L")
    if problem.field == "albumin":  # its range is keyed by the calcium's unit: g/L beside mmol/L, g/dL beside mg/dL
        unit = {"mmol/L": "g/L", "mg/dL": "g/dL"}.get(unit, unit)
    shown = f" {unit}" if unit else ""
    return COMMON[language][problem.kind].format(field=field, low=problem.low or 0, high=problem.high or 0, unit=shown)
