"""What each card topic's rule page says, in English and Chinese: data, not template text.

For every topic of guideline.catalogue: its title, what the card means, when it appears and when it stays
silent, in plain words, and the guideline's own sentences (Chinese, from 《骨转移瘤诊疗规范》, with the section
and an English rendering). Quotes are the guideline's words with the OCR slips of the source text corrected
(cards.rule_pages.OCR_CORRECTIONS); "……" marks an omission. tests/test_rule_pages.py checks every quote against
the guideline text and every topic against the catalogue. Thresholds are not written here: the page reads them
from the settings in effect.
"""

from __future__ import annotations

from cards.rule_pages.types import Quote, TopicText

_BP_REGIMENS = (
    Quote(
        "一(三)3",
        "氯膦酸1600mg/d，口服；或氯膦酸盐注射液300mg/d，静脉注射，>2小时，连续5天，之后改为口服制剂；",
        "Clodronate 1600 mg/d by mouth; or clodronate injection 300 mg/d intravenously over >2 hours for 5 days, "
        "then the oral form;",
    ),
    Quote("一(三)3", "帕米膦酸90mg，静脉注射>2小时，每3～4周重复；", "Pamidronate 90 mg IV over >2 hours, every 3-4 weeks;"),
    Quote("一(三)3", "唑来膦酸4mg，静脉注射>15分钟，每3～4周重复；", "Zoledronic acid 4 mg IV over >15 minutes, every 3-4 weeks;"),
    Quote("一(三)3", "伊班膦酸6mg，静脉注射，每3～4周重复。", "Ibandronate 6 mg IV, every 3-4 weeks."),
)
_START = Quote(
    "一(三)3",
    "一旦确诊恶性肿瘤骨转移，即建议开始双膦酸盐治疗（表1-2）。对于仅放射性核素骨显像阳性疑似骨转移的患者，"
    "不推荐常规给予双膦酸盐治疗。",
    "Once bone metastasis of a malignant tumour is confirmed, bisphosphonate treatment is recommended (Table 1-2). "
    "For patients suspected of bone metastasis on a positive radionuclide bone scan alone, routine bisphosphonate "
    "treatment is not recommended.",
)
_RENAL = Quote(
    "一(三)3",
    "建议在双膦酸盐治疗前评估肾功能，对长期接受双膦酸盐治疗的患者应定期检查肾功能。",
    "Renal function should be assessed before bisphosphonate treatment, and checked regularly in patients on "
    "long-term bisphosphonates.",
)
_CHOICE = Quote(
    "一(三)3",
    "建议根据患者的具体情况，如肾功能、胃肠功能、给药途径及患者意愿决定药物的选择及给药途径。",
    "The choice of drug and route should follow the patient's circumstances: renal function, gastrointestinal "
    "function, route of administration and the patient's wishes.",
)
_DENTAL = Quote(
    "一(三)3",
    "建议双膦酸盐治疗前，常规口腔检查及预先处理口腔疾病；双膦酸盐治疗期间，保持口腔清洁，定期检查口腔并慎行创伤性口腔科治疗。",
    "Before bisphosphonate treatment, a routine dental examination and treatment of oral disease first; during "
    "treatment, keep the mouth clean, check it regularly and be cautious with invasive dental procedures.",
)
_ONJ = Quote(
    "一(三)3",
    "骨坏死是罕见的严重不良反应。颌骨坏死的发病机制不明。报告发生该不良反应的病例大多为长期接受高活性双膦酸盐治疗，"
    "近期接受过拔牙及口腔外科手术治疗的患者。",
    "Osteonecrosis is a rare, serious adverse effect. The mechanism of osteonecrosis of the jaw is unknown. Most "
    "reported cases had long-term treatment with a potent bisphosphonate and a recent tooth extraction or oral "
    "surgery.",
)
_RADIONUCLIDE = Quote(
    "一(三)4(2)",
    "放射性核素治疗禁忌用于硬脑脊膜外的病变、骨髓抑制的骨转移患者；慎用于脊柱明显破坏或有明显的病理性骨折风险的患者。",
    "Radionuclide therapy is contraindicated for epidural disease and in patients with bone metastasis and marrow "
    "suppression; use it with caution where the spine is markedly destroyed or the risk of pathological fracture is "
    "high.",
)
_MIRELS = Quote(
    "一(三)5",
    "应用病理骨折风险预测系统可以指导预防性内固定的实施，评分7分以下可暂时不考虑手术，而评分7分以上有高骨折风险，"
    "应进行手术治疗。",
    "A pathological-fracture risk score can guide prophylactic internal fixation: below 7 points surgery may be "
    "deferred for now; above 7 points the fracture risk is high and surgery should be performed.",
)

TOPIC_TEXT: dict[str, TopicText] = {
    "bone-mets-workup": TopicText(
        title={"en": "Work-up for suspected bone metastasis", "zh": "疑似骨转移的检查"},
        means={
            "en": "A patient with cancer has a sign that can come from bone metastasis. The guideline says to "
            "look for it: a whole-body bone scan first, then X-ray, CT or MRI to confirm.",
            "zh": "恶性肿瘤患者出现了可能由骨转移引起的表现。指南要求进一步检查排除骨转移：先做全身骨显像，"
            "再以X线平片、CT或MR扫描确诊。",
        },
        fires={
            "en": (
                "The patient has a confirmed cancer and bone metastasis is neither confirmed nor suspected yet.",
                "And one of: bone pain, a pathological fracture, alkaline phosphatase above the laboratory's upper "
                "limit, spinal cord or nerve-root compression, or hypercalcaemia (a diagnosis or a raised calcium).",
                "And no bone imaging has been done or ordered since that finding. A negative X-ray alone does not "
                "count: it misses half of metastases.",
            ),
            "zh": (
                "患者已确诊恶性肿瘤，尚未确诊或怀疑骨转移。",
                "并且出现以下任一情况：骨疼痛、病理性骨折、碱性磷酸酶高于检验科参考上限、脊髓或脊神经根压迫、"
                "高钙血症（诊断或血钙升高）。",
                "并且在上述表现之后尚未做或开具骨影像检查。仅X线平片阴性不算：X线平片会漏诊约一半的骨转移。",
            ),
        },
        silent={
            "en": (
                "Without a laboratory upper limit, alkaline phosphatase is not used: the service does not guess one.",
                "When imaging or orders could not all be read, the card does not claim that none was done.",
            ),
            "zh": (
                "检验结果未附参考上限时不使用碱性磷酸酶，系统不自行推测上限。",
                "影像检查或医嘱未能全部读取时，提示卡不断言未做检查。",
            ),
        },
        quotes=(
            Quote(
                "一(二)",
                "确诊为恶性肿瘤的患者，一旦出现骨疼痛、病理性骨折、碱性磷酸酶升高、脊髓压迫或脊神经根压迫或高钙血症相关症状等"
                "临床表现，应进一步检查排除骨转移病变。",
                "In a patient with a confirmed malignant tumour, once bone pain, a pathological fracture, raised "
                "alkaline phosphatase, spinal cord or nerve-root compression, or symptoms of hypercalcaemia appear, "
                "further examination should exclude bone metastasis.",
            ),
            Quote(
                "一(二)2",
                "放射性核素全身骨扫描是初步诊断骨转移的筛查方法，进一步确诊尚需根据情况选择X线平片、MR扫描或CT扫描等方法检查，"
                "必要时还可考虑骨活检。",
                "A whole-body radionuclide bone scan is the screening method for a first diagnosis of bone "
                "metastasis; confirmation needs X-ray, MRI or CT as the case requires, and a bone biopsy may be "
                "considered when necessary.",
            ),
        ),
    ),
    "bone-mets-screening": TopicText(
        title={"en": "Routine screening for bone metastasis in high-risk cancers", "zh": "高风险肿瘤的骨转移常规筛查"},
        means={
            "en": "Some cancers spread to bone in most patients once they are advanced. The guideline allows "
            "checking for bone metastasis routinely in these patients, even without symptoms.",
            "zh": "部分恶性肿瘤到中、晚期时骨转移发生率很高。指南提出，对这些患者可考虑把排除骨转移的检查作为常规检查项目，"
            "即使没有症状。",
        },
        fires={
            "en": (
                "The patient has an active, confirmed cancer of a high-risk primary site at an intermediate or "
                "advanced stage (the sites and stages are listed below).",
                "No bone imaging has been done since the cancer was diagnosed, and bone metastasis is neither "
                "confirmed nor suspected.",
            ),
            "zh": (
                "患者有处于活动期、已确诊的高风险原发肿瘤，且为中、晚期（部位与分期见下表）。",
                "确诊肿瘤后未做过骨影像检查，且尚未确诊或怀疑骨转移。",
            ),
        },
        silent={
            "en": (
                "When the stage is not recorded: the guideline limits screening to intermediate and advanced stages.",
                "When the work-up card already asks for a bone scan, or imaging could not all be read.",
            ),
            "zh": (
                "未记录分期时不提示：指南只针对中、晚期患者。",
                "“疑似骨转移的检查”提示卡已要求骨显像，或影像检查未能全部读取时，不提示。",
            ),
        },
        quotes=(
            Quote(
                "一(二)",
                "对于某些高风险发生骨转移的恶性肿瘤（如乳腺癌、肺癌、鼻咽癌、前列腺癌等中、晚恶性肿瘤）患者，"
                "可考虑把排除骨转移的临床检查作为常规检查项目。",
                "For patients with malignant tumours at high risk of bone metastasis (such as intermediate or "
                "advanced breast, lung, nasopharyngeal and prostate cancer), examinations excluding bone metastasis "
                "may be considered as routine.",
            ),
            Quote(
                "一(一)",
                "晚期恶性肿瘤的骨转移发生率：乳腺癌65%～75%，前列腺癌65%～75%，鼻咽癌67%～75%，肺癌30%～40%",
                "Incidence of bone metastasis in advanced cancer: breast 65-75 %, prostate 65-75 %, nasopharynx "
                "67-75 %, lung 30-40 %",
            ),
        ),
    ),
    "bone-mets-confirm": TopicText(
        title={"en": "Confirm a bone metastasis seen on a bone scan only", "zh": "确诊仅骨显像提示的骨转移"},
        means={
            "en": "Bone metastasis is suspected but not proven. A bone scan screens; it does not diagnose. The card "
            "names the next test: X-ray first, then CT, then MRI, and a biopsy when imaging cannot decide.",
            "zh": "怀疑骨转移但尚未确诊。骨显像只用于初筛，不作为诊断依据。提示卡给出下一步检查：先X线平片，"
            "再CT，再MR扫描；影像学依据不够时考虑骨活检。",
        },
        fires={
            "en": (
                "A positive bone scan alone, a bone-metastasis diagnosis resting on a bone scan, or a diagnosis "
                "recorded as provisional or unconfirmed.",
                "The card follows the studies already read as negative: after a negative X-ray it offers CT, after "
                "a negative CT it offers MRI.",
                "It always adds: no bisphosphonate before confirmation.",
            ),
            "zh": (
                "仅有骨显像阳性，或骨转移诊断仅依据骨显像，或诊断记录为暂定、未证实。",
                "提示卡根据已报告为阴性的检查给出下一步：X线平片阴性则建议CT，CT阴性则建议MR扫描。",
                "并始终提醒：确诊前不常规使用双膦酸盐。",
            ),
        },
        silent={
            "en": ("Once both diagnostic criteria are met, the bisphosphonate card takes over.",),
            "zh": ("两项诊断条件均具备后，由“开始双膦酸盐治疗”提示卡接续。",),
        },
        quotes=(
            Quote(
                "一(二)1(1)",
                "ECT是恶性肿瘤骨转移的初筛诊断方法，但不作为转移性骨肿瘤的诊断依据。",
                "The bone scan (ECT) is the screening method for bone metastasis, but not the basis of its diagnosis.",
            ),
            Quote(
                "一(二)2",
                "恶性肿瘤骨转移诊断标准需同时具备两项条件：（1）经组织病理学或细胞学检查诊断为恶性肿瘤，"
                "或骨病灶穿刺活检或细胞学诊断为恶性肿瘤骨转移；（2）骨病灶经X线平片、或MR扫描、或CT扫描、"
                "或PET-CT扫描诊断为恶性肿瘤骨转移。",
                "The diagnosis needs both: (1) a malignant tumour diagnosed by histology or cytology, or a bone "
                "metastasis diagnosed by biopsy or cytology of the bone lesion; and (2) the bone lesion diagnosed as "
                "metastasis on X-ray, MRI, CT or PET-CT.",
            ),
            Quote(
                "一(三)3",
                "对于仅放射性核素骨显像阳性疑似骨转移的患者，不推荐常规给予双膦酸盐治疗。",
                "For patients suspected of bone metastasis on a positive bone scan alone, routine bisphosphonate "
                "treatment is not recommended.",
            ),
        ),
    ),
    "bisphosphonate-start": TopicText(
        title={"en": "Start a bisphosphonate for confirmed bone metastasis", "zh": "确诊骨转移后开始双膦酸盐治疗"},
        means={
            "en": "Bone metastasis is confirmed and no bone-protecting drug is being given. The guideline recommends "
            "a bisphosphonate (evidence class I, grade A). The card offers the orders, at the dose for the "
            "patient's kidney function, and the checks that come first.",
            "zh": "已确诊骨转移，目前未使用骨保护药物。指南推荐双膦酸盐治疗（证据I类，推荐A级）。提示卡按患者肾功能给出相应剂量的医嘱，"
            "以及用药前应完成的检查。",
        },
        fires={
            "en": (
                "Bone metastasis is confirmed by both diagnostic criteria.",
                "No bisphosphonate or denosumab course is under way, and none was stopped recently (a stop may "
                "have been deliberate).",
                "If an earlier course ended, the card asks whether to resume it and names the drug and its last dose.",
                "It adds a serum creatinine and a dental referral when none is recent.",
            ),
            "zh": (
                "两项诊断条件均具备，已确诊骨转移。",
                "目前没有正在进行的双膦酸盐或地舒单抗疗程，近期也没有停用（停药可能是有意为之）。",
                "既往疗程已结束时，提示卡询问是否恢复用药，并写明药名和末次给药。",
                "近期无血肌酐或口腔检查时，一并建议检查血肌酐和口腔科会诊。",
            ),
        },
        silent={
            "en": ("A bone scan alone is not enough: the confirmation card speaks instead.",),
            "zh": ("仅骨显像阳性不够：由“确诊仅骨显像提示的骨转移”提示卡提示。",),
        },
        quotes=(
            _START,
            Quote(
                "一(三)3",
                "因此建议，情况允许时，双膦酸盐用药时间应在6个月以上。",
                "Therefore, where circumstances allow, bisphosphonates should be given for more than 6 months.",
            ),
            Quote(
                "一(三)3",
                "双膦酸盐在恶性肿瘤骨转移的应用证据为I类，推荐级别为A级。",
                "The evidence for bisphosphonates in bone metastasis is class I, recommendation grade A.",
            ),
            *_BP_REGIMENS,
            _RENAL,
            _DENTAL,
        ),
        also_reads=("bone_agent_course_days", "bone_agent_recent_days", "zoledronic_acid_12_weekly"),
    ),
    "renal-check": TopicText(
        title={"en": "Kidney function before and during bisphosphonate treatment", "zh": "双膦酸盐治疗前及治疗期间的肾功能检查"},
        means={
            "en": "Bisphosphonates can harm the kidneys. The guideline asks for renal function before treatment and "
            "regularly during it; the drug labels ask for a serum creatinine before every intravenous dose.",
            "zh": "双膦酸盐可损害肾功能。指南要求治疗前评估肾功能，长期治疗者定期检查；药品说明书要求每次静脉给药前检查血肌酐。",
        },
        fires={
            "en": (
                "On ordering a bisphosphonate: no serum creatinine within the window before the dose.",
                "On chart review, during a course: no serum creatinine within one dosing cycle (longer for a daily "
                "oral course), and none ordered.",
            ),
            "zh": (
                "开具双膦酸盐医嘱时：给药前规定期限内没有血肌酐结果。",
                "查看病历时，疗程进行中：一个给药周期内（每日口服疗程期限更长）没有血肌酐结果，也未开具检查。",
            ),
        },
        silent={
            "en": (
                "Denosumab needs no creatinine check for this purpose: it is not cleared by the kidneys.",
                "Before a first dose, the creatinine is part of the bisphosphonate-start card.",
            ),
            "zh": (
                "地舒单抗不经肾脏清除，不因此要求血肌酐。",
                "首次用药前，血肌酐检查包含在“开始双膦酸盐治疗”提示卡中。",
            ),
        },
        quotes=(_RENAL,),
        also_reads=("bone_agent_course_days",),
    ),
    "renal-impairment": TopicText(
        title={"en": "Bisphosphonate dose for reduced kidney function", "zh": "肾功能减退时的双膦酸盐剂量"},
        means={
            "en": "The patient's creatinine clearance calls for a lower dose, or for another drug, or the creatinine "
            "has risen since the last dose. The guideline bases the choice on renal function; the doses are the "
            "drug labels'.",
            "zh": "患者的肌酐清除率要求降低剂量或换药，或末次给药后血肌酐升高。指南要求根据肾功能选择药物；具体剂量依据药品说明书。",
        },
        fires={
            "en": (
                "A zoledronic acid, pamidronate, ibandronate or clodronate dose above the one for the patient's "
                "creatinine clearance (Cockcroft-Gault from creatinine, age, sex and weight), or a clearance "
                "below 30 mL/min, where most are not recommended.",
                "A rise in serum creatinine since the last intravenous dose as the labels define it: the drug is "
                "withheld until the value returns.",
                "Denosumab with a low creatinine clearance: monitor calcium closely.",
                "No clearance can be calculated (no weight) but eGFR is low: the card asks for the weight.",
            ),
            "zh": (
                "唑来膦酸、帕米膦酸、伊班膦酸或氯膦酸的剂量高于患者肌酐清除率（由血肌酐、年龄、性别和体重按Cockcroft-Gault"
                "公式计算）对应的剂量，或肌酐清除率低于30 mL/min（多数药物不推荐使用）。",
                "末次静脉给药后血肌酐升高达到说明书规定的幅度：暂停用药，直至恢复。",
                "使用地舒单抗且肌酐清除率低：密切监测血钙。",
                "无法计算肌酐清除率（缺体重）但eGFR低：提示卡要求测量体重。",
            ),
        },
        silent={
            "en": ("No creatinine at all is the kidney-function check card's finding, not this one's.",),
            "zh": ("完全没有血肌酐结果时，由“肾功能检查”提示卡提示。",),
        },
        quotes=(
            Quote(
                "一(三)3",
                "肾功能不良是少见的严重不良反应",
                "Renal impairment is a rare, serious adverse effect.",
            ),
            _RENAL,
            _CHOICE,
        ),
        also_reads=("weight_window_days",),
    ),
    "dental-review": TopicText(
        title={"en": "Dental examination before and during bisphosphonate treatment", "zh": "双膦酸盐治疗前及治疗期间的口腔检查"},
        means={
            "en": "Bisphosphonates and denosumab can cause osteonecrosis of the jaw, mostly after tooth extraction "
            "or oral surgery. The guideline asks for a dental examination before treatment and regular checks "
            "during it.",
            "zh": "双膦酸盐和地舒单抗可引起颌骨坏死，多见于拔牙或口腔手术后。指南要求治疗前常规口腔检查，治疗期间定期检查口腔。",
        },
        fires={
            "en": (
                "A bisphosphonate or denosumab course is under way and no dental examination is recorded for it, "
                "neither shortly before the first dose nor within the follow-up interval.",
                "An examination already ordered counts. The card appears once per course.",
            ),
            "zh": (
                "双膦酸盐或地舒单抗疗程进行中，但本疗程没有口腔检查记录：首次给药前不久没有，随访期限内也没有。",
                "已开具的口腔检查也算。每个疗程只提示一次。",
            ),
        },
        silent={
            "en": (
                "Before a first dose the dental referral is part of the bisphosphonate-start card.",
                "When procedures or referrals could not all be read: the card would only claim an absence.",
            ),
            "zh": (
                "首次用药前，口腔科会诊包含在“开始双膦酸盐治疗”提示卡中。",
                "操作或会诊记录未能全部读取时不提示：此卡只能断言“没有检查”。",
            ),
        },
        quotes=(_DENTAL, _ONJ),
        also_reads=("bone_agent_course_days",),
    ),
    "analgesic-ladder": TopicText(
        title={"en": "WHO analgesic ladder for bone pain", "zh": "骨转移疼痛的WHO三阶梯止痛"},
        means={
            "en": "The patient's recorded pain calls for a higher step of the WHO ladder than the current analgesics "
            "reach: mild pain a non-opioid, moderate pain a weak opioid with it, severe pain a strong opioid.",
            "zh": "患者记录的疼痛程度需要比目前止痛药更高一级的WHO阶梯用药：轻度疼痛用非甾体类抗炎药，"
            "中度疼痛加用弱阿片类，重度疼痛用强阿片类。",
        },
        fires={
            "en": (
                "A patient with bone metastasis (confirmed or suspected), or with cancer and bone pain.",
                "The latest pain score (0-10) is recent and calls for a higher step than the current regimen.",
                "An older moderate or severe score, or one recorded before the analgesics were changed, only asks "
                "for pain to be reassessed.",
            ),
            "zh": (
                "已确诊或疑似骨转移的患者，或恶性肿瘤伴骨疼痛的患者。",
                "最近的疼痛评分（0-10）在有效期内，且需要比目前用药更高的阶梯。",
                "较早的中、重度疼痛评分，或止痛药调整之前的评分，只提示重新评估疼痛。",
            ),
        },
        silent={
            "en": (
                "No pain score, or a score outside 0-10: the card says nothing.",
                "An anti-inflammatory missing beside an opioid is not flagged: it may be contraindicated.",
            ),
            "zh": (
                "无疼痛评分或评分不在0-10范围内：不提示。",
                "已用阿片类但未合用非甾体类抗炎药不提示：可能存在禁忌。",
            ),
        },
        quotes=(
            Quote(
                "一(三)2",
                "骨转移疼痛的止痛药治疗应遵循WHO癌症疼痛治疗基本原则，针对患者的疼痛程度选择不同“阶梯”的镇痛药物",
                "Analgesic treatment of bone-metastasis pain should follow the WHO principles of cancer pain "
                "treatment, choosing the analgesic \"step\" for the patient's pain intensity.",
            ),
            Quote(
                "一(三)2",
                "轻度疼痛：选择非甾体类抗炎药，或选择含有阿片镇痛药、非甾体类抗炎镇痛药的复方制剂。",
                "Mild pain: a non-steroidal anti-inflammatory drug, or a combination product of an opioid and an "
                "NSAID.",
            ),
            Quote(
                "一(三)2",
                "中度疼痛：选择阿片类镇痛药，如可待因、双氢可待因，同时给予非甾体类抗炎镇痛药，或阿片及非甾体类抗炎镇痛药复方制剂。",
                "Moderate pain: an opioid such as codeine or dihydrocodeine, together with an NSAID, or a "
                "combination product of both.",
            ),
            Quote(
                "一(三)2",
                "重度疼痛：选择强阿片类镇痛药，如吗啡即释片、吗啡缓释片或羟考酮缓释片、芬太尼透皮贴剂。",
                "Severe pain: a strong opioid such as immediate- or sustained-release morphine, sustained-release "
                "oxycodone or transdermal fentanyl.",
            ),
            Quote(
                "一(三)4",
                "对于放疗显效前（约3个月内）的患者及放疗不能完全控制疼痛的患者，仍然需根据患者的疼痛程度使用止痛药。",
                "Before radiotherapy takes effect (about 3 months), and where it does not fully control the pain, "
                "analgesics are still needed according to the pain intensity.",
            ),
        ),
    ),
    "radiotherapy-referral": TopicText(
        title={"en": "Radiotherapy for painful or weight-bearing bone metastasis", "zh": "疼痛性或负重部位骨转移的放疗"},
        means={
            "en": "Radiotherapy is the most effective treatment for bone-metastasis pain and can prevent fractures. "
            "The card suggests a radiotherapy referral for a painful lesion, and considers it for a lesion in a "
            "weight-bearing bone (spine, femur).",
            "zh": "放射治疗是治疗骨转移疼痛最有效的方法，并能预防骨折。提示卡对有疼痛的病灶建议放疗会诊，"
            "对负重部位（脊柱、股骨）的病灶提示可选择性预防性放疗。",
        },
        fires={
            "en": (
                "Confirmed bone metastasis, and pain (a recent score at or above the threshold below, or a bone-pain "
                "diagnosis) or a lesion in a weight-bearing bone.",
                "And no radiotherapy to that site done, under way or planned.",
                "Or: radiotherapy was given long enough ago to have worked and the pain is no better: the guideline "
                "asks to check the treatment plan and to do an MRI.",
                "With short expected survival the card suggests a single 8 Gy fraction; where a long bone needs "
                "fixation first (high Mirels score), surgery comes before radiotherapy.",
            ),
            "zh": (
                "已确诊骨转移，并有疼痛（近期疼痛评分达到下表阈值，或有骨疼痛诊断），或病灶位于负重骨。",
                "并且该部位尚未放疗、未在放疗中、也未计划放疗。",
                "或：放疗后已过显效时间，疼痛仍无减轻：指南要求检查放疗定位并行MR扫描。",
                "预期生存时间短者建议单次8 Gy照射；长骨需先内固定（Mirels评分高）时，先手术后放疗。",
            ),
        },
        silent={
            "en": ("A bone-scan-only suspicion: radiotherapy treats a known lesion; the confirmation card speaks.",),
            "zh": ("仅骨显像疑似时不提示：放疗针对已确诊的病灶，由“确诊”提示卡提示。",),
        },
        quotes=(
            Quote(
                "一(三)4(1)",
                "体外照射的主要适应证：有骨疼痛等症状的骨转移灶，用于缓解疼痛及恢复功能；选择性用于负重部位骨转移的预防性放疗，"
                "如脊柱或股骨转移。",
                "Main indications for external-beam radiotherapy: bone metastases with symptoms such as pain, to "
                "relieve pain and restore function; selectively, prophylactic radiotherapy of metastases in "
                "weight-bearing sites such as the spine or femur.",
            ),
            Quote(
                "一(三)4(1)",
                "对于预期生存时间短的骨转移患者，应该争取在短时间内获得有效的治疗。",
                "Patients with short expected survival should obtain effective treatment within a short time.",
            ),
            Quote(
                "一(三)4",
                "如果治疗后6周，疼痛仍无缓解时，表示疼痛缓解的机会非常小。",
                "If pain is not relieved 6 weeks after treatment, the chance of relief is very small.",
            ),
            _RADIONUCLIDE,
        ),
    ),
    "surgery-referral": TopicText(
        title={"en": "Orthopaedic or spine surgery referral", "zh": "骨科或脊柱外科会诊"},
        means={
            "en": "A fracture, a high fracture risk, spinal instability, nerve compression or pain that does not "
            "respond to treatment can need surgery. Fixing a bone before it breaks is simpler and safer than "
            "treating the fracture.",
            "zh": "病理性骨折、骨折风险高、脊柱不稳定、神经压迫或治疗无效的疼痛可能需要手术。在骨折前进行预防性内固定比治疗骨折简单、安全得多。",
        },
        fires={
            "en": (
                "A pathological fracture of a weight-bearing bone.",
                "A Mirels fracture-risk score at or above the threshold below on a long bone, or pain on weight "
                "bearing in a long bone not yet scored.",
                "Spinal instability (a diagnosis, or a SINS score at or above its threshold), or nerve-root "
                "compression.",
                "Pain at a metastasis that persists despite a strong opioid or after radiotherapy had time to work.",
                "The card states the guideline's conditions for surgery: expected survival and general condition.",
            ),
            "zh": (
                "负重骨发生病理性骨折。",
                "长骨Mirels骨折风险评分达到下表阈值，或长骨负重时疼痛但尚未评分。",
                "脊柱不稳定（诊断，或SINS评分达到阈值），或神经根压迫。",
                "使用强阿片类药物或放疗显效后，转移灶疼痛仍持续。",
                "提示卡列出指南的手术条件：预计生存期和全身状况。",
            ),
        },
        silent={
            "en": (
                "Spinal cord compression has its own, urgent card, which then handles the spine.",
                "A Mirels score below the threshold alone gives only a note that surgery may be deferred.",
            ),
            "zh": (
                "脊髓压迫有单独的紧急提示卡，脊柱问题由该卡处理。",
                "Mirels评分低于阈值时，仅提示可暂不考虑手术。",
            ),
        },
        quotes=(
            _MIRELS,
            Quote("一(三)5(1)", "预计患者可存活三个月以上。", "The patient is expected to survive more than three months."),
            Quote(
                "一(三)5(1)",
                "全身状况好，能够耐受手术创伤及麻醉。",
                "Good general condition, able to tolerate surgery and anaesthesia.",
            ),
            Quote(
                "一(三)5(6)",
                "外科治疗必须与其他治疗相结合",
                "Surgery must be combined with other treatments.",
            ),
        ),
    ),
    "spinal-cord-compression": TopicText(
        title={"en": "Spinal cord compression: act now", "zh": "脊髓压迫：紧急处理"},
        means={
            "en": "Spinal cord compression is an emergency: without treatment within hours, paralysis can become "
            "permanent. The card asks for an urgent whole-spine MRI and an urgent surgical and radiotherapy "
            "assessment.",
            "zh": "脊髓压迫是急症：数小时内不处理可能导致永久性瘫痪。提示卡要求紧急全脊柱MR扫描，并紧急请脊柱外科和放疗科评估。",
        },
        fires={
            "en": (
                "An active diagnosis of spinal cord compression (confirmed or suspected) in a patient with cancer or "
                "bone metastasis.",
                "And no radiotherapy or spinal surgery done, under way or planned since it began.",
                "It also says: no radionuclide therapy (contraindicated for epidural disease), and dexamethasone "
                "for neurological symptoms as NICE advises.",
            ),
            "zh": (
                "恶性肿瘤或骨转移患者有处于活动期的脊髓压迫诊断（确诊或疑似）。",
                "并且自发病以来尚未进行、未在进行、也未计划放疗或脊柱手术。",
                "同时提示：禁用放射性核素治疗（硬脑脊膜外病变禁忌）；有神经症状者按NICE建议使用地塞米松。",
            ),
        },
        silent={
            "en": ("Dexamethasone is named, never ordered: the dose is the clinician's decision.",),
            "zh": ("地塞米松只作提示，不自动开具：剂量由医生决定。",),
        },
        quotes=(
            Quote(
                "一(三)4",
                "放射治疗是治疗骨转移疼痛最有效的方法，能消除或缓解症状，改善生存质量和延长生存，还能预防骨折和脊髓压迫的发生，"
                "并能缓解脊髓压迫症。",
                "Radiotherapy is the most effective treatment of bone-metastasis pain: it relieves symptoms, "
                "improves quality of life and survival, prevents fractures and cord compression, and relieves "
                "cord compression.",
            ),
            Quote(
                "一(三)5(6)",
                "对病变部位尽量切除肿瘤，彻底解除对脊髓的压迫。",
                "Remove as much tumour as possible at the lesion and fully relieve the compression of the cord.",
            ),
            Quote(
                "一(三)5(6)",
                "避免单纯后路椎板减压术，因其会加重脊柱的不稳定性。",
                "Avoid isolated posterior laminectomy: it makes the spine more unstable.",
            ),
            _RADIONUCLIDE,
        ),
    ),
    "hypercalcemia": TopicText(
        title={"en": "Hypercalcaemia of malignancy", "zh": "恶性肿瘤高钙血症"},
        means={
            "en": "A high serum calcium can be life-threatening. The card grades it by the guideline's bands and, "
            "for moderate or worse, offers the treatment: fluids first, a bisphosphonate, calcitonin when severe, "
            "and a repeat calcium.",
            "zh": "血钙升高可能危及生命。提示卡按指南分级；中度及以上给出治疗：先扩容，双膦酸盐，重度时加用降钙素，并复查血钙。",
        },
        fires={
            "en": (
                "A patient with cancer or bone metastasis with a recent calcium in a hypercalcaemia band "
                "(albumin-corrected when an albumin from the same day exists).",
                "Severe hypercalcaemia and crisis are critical only on a very recent value; an older one asks for a "
                "repeat today.",
                "After a calcium-lowering drug was started, the card asks for a repeat calcium to judge the response.",
            ),
            "zh": (
                "恶性肿瘤或骨转移患者，近期血钙处于高钙血症范围（有同日白蛋白时用白蛋白校正血钙）。",
                "重度高钙血症和高钙危象仅在血钙很新时为紧急提示；较早的结果提示今日复查。",
                "已开始降钙治疗后，提示复查血钙以判断疗效。",
            ),
        },
        silent={
            "en": (
                "Calcium above the laboratory range but below the mild band: the guideline attaches no action.",
                "Mild hypercalcaemia that is not recent: mild needs no measures.",
            ),
            "zh": (
                "血钙高于检验科参考范围但低于轻度下限：指南未规定处理。",
                "非近期的轻度高钙血症：轻度一般无需处理。",
            ),
        },
        quotes=(
            Quote(
                "一(三)6",
                "轻度高钙血症为血总钙值2.75～3mmol/L；中度为3～3.5mmol/L；重度为>3.5mmol/L，当血钙水平>3.75mmol/L时称为高钙危象。",
                "Mild hypercalcaemia is a total serum calcium of 2.75-3 mmol/L; moderate 3-3.5 mmol/L; severe "
                ">3.5 mmol/L; a calcium >3.75 mmol/L is a hypercalcaemic crisis.",
            ),
            Quote(
                "一(三)6",
                "通常对于轻度高钙血症，一般不采取控制血钙的措施，对有症状、体征的中、重度高钙血症患者，需立即治疗。",
                "Mild hypercalcaemia usually needs no calcium-lowering measures; moderate or severe hypercalcaemia "
                "with symptoms or signs needs immediate treatment.",
            ),
            Quote(
                "一(三)6",
                "推荐及时应用双膦酸盐治疗高钙血症。降钙素缓解高钙血症起效较快，但疗效不及双膦酸盐。扩容、促尿钙排泄等其他方法"
                "也是缓解高钙血症的简易方法，建议根据病情选择综合治疗。",
                "Prompt bisphosphonate treatment is recommended. Calcitonin acts faster but less well than "
                "bisphosphonates. Rehydration and promoting calcium excretion are simple measures too; combine "
                "treatments as the condition requires.",
            ),
        ),
    ),
    "supportive-care": TopicText(
        title={"en": "Activity advice and fall prevention", "zh": "活动指导与预防跌倒"},
        means={
            "en": "A patient with bone metastasis should learn which movements to avoid and how to prevent falls, "
            "to lower the risk of a pathological fracture; patients who need help or are bedridden get advice "
            "for their level.",
            "zh": "骨转移患者应了解日常活动中需避免的动作和预防跌倒的方法，以减低病理性骨折的风险；需要辅助或卧床的患者给予相应的指导。",
        },
        fires={
            "en": (
                "Bone metastasis is confirmed. With a recent ECOG performance status at the levels below, the card "
                "adds the advice for assisted activity or for activity in bed.",
            ),
            "zh": ("已确诊骨转移。近期ECOG评分达到下表水平时，增加辅助活动或床上活动的指导。",),
        },
        silent={
            "en": ("Off unless the deployment switches it on: it would appear on every chart with bone metastasis.",),
            "zh": ("默认关闭，由本机构配置开启：否则每位骨转移患者的病历都会出现此卡。",),
        },
        quotes=(
            Quote(
                "一(三)1",
                "指导恶性肿瘤骨转移患者在日常活动中如何注意避免对骨骼影响较大的动作和活动，以减低发生病理性骨折的风险。例如："
                "活动时避免突然扭转脊柱或肢体，避免负重及提重物，预防跌倒（包括必要的装置配备和改装、浴室安全性等）。",
                "Teach patients with bone metastasis to avoid movements and activities that load the skeleton, to "
                "lower the risk of pathological fracture: for example, avoid sudden twisting of the spine or limbs, "
                "avoid bearing or lifting heavy loads, and prevent falls (including aids, adaptations and bathroom "
                "safety).",
            ),
            Quote(
                "一(三)1",
                "对于卧床不起的患者，可酌情进行适当的床上活动。",
                "Bedridden patients may do suitable activity in bed as their condition allows.",
            ),
        ),
    ),
    "bisphosphonate-not-indicated": TopicText(
        title={"en": "Bisphosphonate ordered without confirmed bone metastasis", "zh": "未确诊骨转移时开具双膦酸盐"},
        means={
            "en": "A bisphosphonate is being ordered, but bone metastasis is not confirmed. The guideline starts "
            "bisphosphonates once metastasis is confirmed, not on a bone scan alone.",
            "zh": "正在开具双膦酸盐，但骨转移尚未确诊。指南要求确诊骨转移后才开始双膦酸盐治疗，仅骨显像阳性者不推荐常规使用。",
        },
        fires={
            "en": (
                "An order for zoledronic acid, pamidronate, intravenous ibandronate or clodronate while bone "
                "metastasis is not confirmed by both criteria.",
                "The card suggests removing the order and, when metastasis is suspected, a confirmatory X-ray or CT.",
            ),
            "zh": (
                "开具唑来膦酸、帕米膦酸、静脉伊班膦酸或氯膦酸时，骨转移尚未同时具备两项诊断条件。",
                "提示卡建议删除该医嘱；怀疑骨转移时建议X线平片或CT确诊。",
            ),
        },
        silent={
            "en": (
                "Hypercalcaemia of malignancy is an indication of its own.",
                "Osteoporosis regimens are outside this guideline.",
            ),
            "zh": ("恶性肿瘤高钙血症本身即为用药指征。", "骨质疏松的用药方案不在本指南范围内。"),
        },
        quotes=(
            _START,
            Quote("一(三)6", "推荐及时应用双膦酸盐治疗高钙血症。", "Prompt bisphosphonate treatment of hypercalcaemia is recommended."),
        ),
    ),
    "bisphosphonate-dose": TopicText(
        title={"en": "Bisphosphonate dose, route or schedule", "zh": "双膦酸盐的剂量、途径或用药间隔"},
        means={
            "en": "The order's dose, route, interval or infusion time is not the guideline's regimen. The card offers "
            "the corrected order.",
            "zh": "医嘱的剂量、给药途径、间隔或输注时间与指南方案不符。提示卡给出更正后的医嘱。",
        },
        fires={
            "en": (
                "An order for a guideline regimen (or denosumab) in a patient with cancer or bone metastasis whose "
                "dose, route, interval, course or infusion time differs from it.",
                "In bone metastasis the osteoporosis products (zoledronic acid 5 mg yearly, denosumab 60 mg) are the "
                "wrong dose.",
                "Zoledronic acid every 12 weeks is accepted when the setting below allows it.",
            ),
            "zh": (
                "恶性肿瘤或骨转移患者的指南方案（或地舒单抗）医嘱，其剂量、途径、间隔、疗程或输注时间与方案不符。",
                "骨转移患者使用骨质疏松制剂（唑来膦酸5 mg每年一次、地舒单抗60 mg）属剂量错误。",
                "按下表设置，可接受唑来膦酸每12周一次。",
            ),
        },
        silent={
            "en": (
                "A field the order leaves out is unknown, not wrong.",
                "A dose lowered for the kidneys is the renal card's matter.",
            ),
            "zh": ("医嘱未填写的项目视为未知，不算错误。", "因肾功能降低剂量由“肾功能减退时的双膦酸盐剂量”提示卡处理。"),
        },
        quotes=_BP_REGIMENS,
        also_reads=("zoledronic_acid_12_weekly",),
    ),
    "dental-procedure-on-bisphosphonate": TopicText(
        title={"en": "Invasive dental procedure during bisphosphonate or denosumab", "zh": "双膦酸盐或地舒单抗治疗期间的创伤性口腔治疗"},
        means={
            "en": "Tooth extraction or oral surgery during bisphosphonate or denosumab therapy raises the risk of "
            "osteonecrosis of the jaw. The guideline says be cautious: a warning, not a ban.",
            "zh": "双膦酸盐或地舒单抗治疗期间拔牙或口腔手术会增加颌骨坏死风险。指南要求“慎行”：是警示，不是禁止。",
        },
        fires={
            "en": (
                "An order for an extraction, implant or oral surgery while the patient is on, or recently was on, a "
                "bisphosphonate or denosumab.",
                "The card names the drug and its dates and offers no action: the dentist decides.",
            ),
            "zh": (
                "患者正在使用或近期使用过双膦酸盐或地舒单抗时，开具拔牙、种植或口腔手术医嘱。",
                "提示卡写明药名和用药日期，不提供操作按钮：由口腔科医生决定。",
            ),
        },
        silent={
            "en": ("A bisphosphonate only drafted now is no exposure: dental work before the first dose is what the "
                   "guideline asks for.",),
            "zh": ("仅本次开具、尚未使用的双膦酸盐不算暴露：首次用药前处理口腔疾病正是指南的要求。",),
        },
        quotes=(_DENTAL, _ONJ),
    ),
    "radionuclide-caution": TopicText(
        title={"en": "Radionuclide therapy: contraindications and cautions", "zh": "放射性核素治疗的禁忌与慎用"},
        means={
            "en": "Bone-seeking radionuclides (strontium-89 and others) suppress the marrow, and recovery takes about "
            "12 weeks. They are contraindicated with epidural disease or marrow suppression, and need caution with a "
            "destroyed spine or a high fracture risk.",
            "zh": "亲骨性放射性核素（89锶等）抑制骨髓，恢复较慢（约12周）。硬脑脊膜外病变或骨髓抑制者禁用；"
            "脊柱明显破坏或病理性骨折风险高者慎用。",
        },
        fires={
            "en": (
                "Contraindicated (critical, remove the order): epidural disease or cord compression, or a recent "
                "low platelet or white-cell count (limits below), or a marrow-failure diagnosis.",
                "Recount first (warning): a low count that is no longer recent, or no recent count at all.",
                "Caution (warning): spinal instability, a high Mirels score, or a pathological fracture.",
            ),
            "zh": (
                "禁忌（紧急，建议删除医嘱）：硬脑脊膜外病变或脊髓压迫，近期血小板或白细胞低于下表界值，或有骨髓衰竭诊断。",
                "先复查（警示）：血细胞减少的结果已不够新，或近期没有血常规。",
                "慎用（警示）：脊柱不稳定、Mirels评分高或病理性骨折。",
            ),
        },
        silent={
            "en": ("The guideline gives no numbers for marrow suppression: the limits are the strontium-89 label's.",),
            "zh": ("指南未给出骨髓抑制的具体数值：界值采用氯化锶[89Sr]说明书。",),
        },
        quotes=(
            _RADIONUCLIDE,
            Quote(
                "一(三)4(2)",
                "全身性放射性核素治疗的骨髓抑制发生率相对较高，而且恢复较慢（约12周）。",
                "Systemic radionuclide therapy causes marrow suppression relatively often, and recovery is slow "
                "(about 12 weeks).",
            ),
        ),
    ),
    "duplicate-bone-agent": TopicText(
        title={"en": "A second bone-protecting drug ordered", "zh": "重复开具骨保护药物"},
        means={
            "en": "A bisphosphonate or denosumab is being ordered while another is already given or ordered. The "
            "guideline treats bisphosphonates as interchangeable and never combines two; denosumab is an "
            "alternative, not an add-on.",
            "zh": "已在使用或已开具一种双膦酸盐或地舒单抗时，又开具另一种。指南认为各双膦酸盐临床疗效相似，从不联合使用；"
            "地舒单抗是替代药物，不是叠加用药。",
        },
        fires={
            "en": (
                "A new bone-protecting drug order while another is current on the record or in the same session.",
                "The card suggests removing the new order; when both are signed together, either may go.",
            ),
            "zh": (
                "病历中已有正在使用的骨保护药物，或本次已开具另一种时，再开具骨保护药物。",
                "提示卡建议删除新医嘱；两者同时签署时，可删除任一。",
            ),
        },
        silent={
            "en": ("The same order signed again is not a duplicate.",),
            "zh": ("同一医嘱再次签署不算重复。",),
        },
        quotes=(
            Quote("一(三)3", "但是，双膦酸盐的临床疗效相似。", "However, the clinical efficacy of bisphosphonates is similar."),
            _CHOICE,
        ),
    ),
}
