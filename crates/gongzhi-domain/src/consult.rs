//! Consulting before filing (咨询): for each dispute type, a few plain questions that lead to plain-language advice —
//! talk it over, mediate here, or go elsewhere (the police, labour arbitration, the consumer hotline, the court) — with
//! the laws that apply, like the BC Civil Resolution Tribunal's Solution Explorer. And the anonymising of past
//! disputes for the public case library: no names, phone or ID numbers, or exact addresses.

/// Where the advice points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// Talk it over with the other side first (with the tips given).
    Negotiate,
    /// File for mediation here.
    Mediate,
    /// Another body handles it (named in the advice).
    Elsewhere,
}

impl Path {
    pub fn code(self) -> &'static str {
        match self {
            Path::Negotiate => "negotiate",
            Path::Mediate => "mediate",
            Path::Elsewhere => "elsewhere",
        }
    }
}

/// What follows an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Another question (its index in the guide).
    Ask(usize),
    /// The advice.
    Advise(Path, &'static str),
}

/// A yes/no question and where each answer leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    pub text: &'static str,
    pub yes: Next,
    pub no: Next,
}

/// A dispute type's guide: an introduction, its questions (the first is asked first) and the laws that apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guide {
    pub dispute_type: &'static str,
    pub intro: &'static str,
    pub questions: &'static [Question],
    pub laws: &'static [(&'static str, &'static str)],
}

use Next::{Advise, Ask};
use Path::{Elsewhere, Mediate, Negotiate};

const MEDIATE_FREE: &str = "人民调解不收费。提交申请后，工作人员会评估并为您推荐调解组织和调解员，被申请人同意后一般在 30 日内调结；达成的协议可以申请法院司法确认，具有强制执行力。";

pub const GUIDES: &[Guide] = &[
    Guide {
        dispute_type: "neighbour",
        intro: "邻里之间因漏水、噪声、通行、采光、堆物等发生的纠纷，法律要求相邻各方本着有利生产、方便生活、团结互助、公平合理的原则处理。",
        questions: &[
            Question {
                text: "是否有人受伤、遭到威胁，或者有打砸等违法行为？",
                yes: Advise(
                    Elsewhere,
                    "涉及人身安全或违法行为，请立即拨打 110 报警；事后的赔偿问题仍可申请调解。",
                ),
                no: Ask(1),
            },
            Question {
                text: "您是否已经和对方当面沟通过？",
                yes: Ask(2),
                no: Advise(
                    Negotiate,
                    "建议先心平气和地当面沟通：说明具体影响（如漏水的位置、噪声的时段），提出明确、合理的要求，并保留照片、维修单据等证据。沟通不成再申请调解。",
                ),
            },
            Question {
                text: "是否涉及财产损失需要赔偿（如维修费）？",
                yes: Advise(Mediate, MEDIATE_FREE),
                no: Advise(
                    Mediate,
                    "可以由社区人民调解员上门调解，帮助双方达成行为上的约定（如施工时段、漏水维修）。",
                ),
            },
        ],
        laws: &[
            (
                "民法典第二百八十八条",
                "不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系。",
            ),
            (
                "民法典第二百九十四条",
                "不动产权利人不得违反国家规定弃置固体废物，排放大气污染物、水污染物、土壤污染物、噪声、光辐射、电磁辐射等有害物质。",
            ),
        ],
    },
    Guide {
        dispute_type: "family",
        intro: "婚姻、赡养、抚养、继承、分家析产等家庭矛盾，调解能尽量保全亲情。",
        questions: &[
            Question {
                text: "是否存在家庭暴力或人身危险？",
                yes: Advise(
                    Elsewhere,
                    "请立即拨打 110；可以向法院申请人身安全保护令，也可以向妇联、居委会求助。",
                ),
                no: Ask(1),
            },
            Question {
                text: "是否涉及离婚或财产分割？",
                yes: Advise(
                    Mediate,
                    "婚姻家庭纠纷人民调解委员会可以先行调解；离婚须到婚姻登记机关协议离婚或向法院起诉，调解协议可作为参考。",
                ),
                no: Advise(Mediate, MEDIATE_FREE),
            },
        ],
        laws: &[
            (
                "民法典第一千零六十七条",
                "成年子女不履行赡养义务的，缺乏劳动能力或者生活困难的父母，有要求成年子女给付赡养费的权利。",
            ),
            (
                "反家庭暴力法第二十三条",
                "当事人因遭受家庭暴力或者面临家庭暴力的现实危险，向人民法院申请人身安全保护令的，人民法院应当受理。",
            ),
        ],
    },
    Guide {
        dispute_type: "property",
        intro: "物业服务质量、物业费、公共收益、维修等与物业公司之间的纠纷。",
        questions: &[
            Question {
                text: "是否已向物业公司书面提出过要求？",
                yes: Ask(1),
                no: Advise(
                    Negotiate,
                    "建议先向物业服务中心书面反映（保留回执），写明问题、期限和要求；也可以请业主委员会出面协商。",
                ),
            },
            Question {
                text: "是否涉及多户业主的共同问题？",
                yes: Advise(
                    Mediate,
                    "多户共同问题可由业主委员会或业主代表申请物业纠纷人民调解委员会调解，街道和住建部门可以参与。",
                ),
                no: Advise(Mediate, MEDIATE_FREE),
            },
        ],
        laws: &[
            (
                "民法典第九百四十二条",
                "物业服务人应当按照约定和物业的使用性质，妥善维修、养护、清洁、绿化和经营管理物业服务区域内的业主共有部分。",
            ),
            (
                "民法典第九百四十四条",
                "业主应当按照约定向物业服务人支付物业费。物业服务人已经按照约定和有关规定提供服务的，业主不得以未接受或者无需接受相关物业服务为由拒绝支付物业费。",
            ),
        ],
    },
    Guide {
        dispute_type: "labour",
        intro: "拖欠工资、解除劳动合同、经济补偿、工伤待遇等劳动争议。",
        questions: &[
            Question {
                text: "是否被拖欠工资且金额明确？",
                yes: Advise(
                    Elsewhere,
                    "拖欠工资可以向人力社保部门劳动保障监察投诉（12333），也可以申请劳动争议调解；调解不成的，须先申请劳动仲裁，对仲裁不服再起诉。",
                ),
                no: Ask(1),
            },
            Question {
                text: "争议是否涉及解除劳动合同、补偿金等较复杂的问题？",
                yes: Advise(
                    Elsewhere,
                    "此类争议法律关系较复杂，建议申请劳动争议仲裁（自知道权利被侵害之日起一年内）；仲裁前可以申请调解。",
                ),
                no: Advise(Mediate, MEDIATE_FREE),
            },
        ],
        laws: &[
            (
                "劳动争议调解仲裁法第五条",
                "发生劳动争议，当事人不愿协商、协商不成或者达成和解协议后不履行的，可以向调解组织申请调解；不愿调解、调解不成的，可以向劳动争议仲裁委员会申请仲裁。",
            ),
            (
                "劳动争议调解仲裁法第二十七条",
                "劳动争议申请仲裁的时效期间为一年。",
            ),
        ],
    },
    Guide {
        dispute_type: "consumer",
        intro: "购物、餐饮、预付卡、培训、健身等消费中的质量、退费和欺诈纠纷。",
        questions: &[
            Question {
                text: "商家是否已经跑路、关门或失联？",
                yes: Advise(
                    Elsewhere,
                    "商家失联的，请拨打 12315 向市场监管部门投诉；涉嫌诈骗的，请向公安机关报案。",
                ),
                no: Ask(1),
            },
            Question {
                text: "是否已经向商家提出退换或赔偿要求？",
                yes: Advise(Mediate, MEDIATE_FREE),
                no: Advise(
                    Negotiate,
                    "建议先向商家提出明确的要求，保留合同、发票、聊天记录等凭证；也可以拨打 12315 申请消费调解。",
                ),
            },
        ],
        laws: &[(
            "消费者权益保护法第三十九条",
            "消费者和经营者发生消费者权益争议的，可以通过与经营者协商和解、请求消费者协会或者依法成立的其他调解组织调解、向有关行政部门投诉、提请仲裁或向人民法院提起诉讼解决。",
        )],
    },
    Guide {
        dispute_type: "medical",
        intro: "诊疗过程中的损害、费用、病历等医疗纠纷。",
        questions: &[Question {
            text: "是否已经封存病历资料？",
            yes: Advise(
                Mediate,
                "医疗纠纷人民调解委员会由医学、法律专家参与，不收费；涉及损害鉴定的，调解委员会可以委托鉴定。",
            ),
            no: Advise(
                Mediate,
                "请尽快要求医疗机构在医患双方在场时封存病历，并申请医疗纠纷人民调解。医疗纠纷人民调解委员会不收费。",
            ),
        }],
        laws: &[
            (
                "医疗纠纷预防和处理条例第二十二条",
                "发生医疗纠纷，医患双方可以通过双方自愿协商、申请人民调解、申请行政调解、向人民法院提起诉讼等途径解决。",
            ),
            (
                "医疗纠纷预防和处理条例第二十四条",
                "发生医疗纠纷需要封存、启封病历资料的，应当在医患双方在场的情况下进行。",
            ),
        ],
    },
    Guide {
        dispute_type: "traffic",
        intro: "交通事故后的损害赔偿纠纷。",
        questions: &[Question {
            text: "交警是否已出具事故认定书？",
            yes: Advise(
                Mediate,
                "持事故认定书可以申请道路交通事故纠纷人民调解，保险公司可以一同参加调解。",
            ),
            no: Advise(
                Elsewhere,
                "请先由公安交通管理部门处理事故、出具认定书；有人员伤亡的，请拨打 122/120。",
            ),
        }],
        laws: &[(
            "道路交通安全法第七十四条",
            "对交通事故损害赔偿的争议，当事人可以请求公安机关交通管理部门调解，也可以直接向人民法院提起民事诉讼。",
        )],
    },
    Guide {
        dispute_type: "tenancy",
        intro: "租金、押金、维修、提前解约、群租等房屋租赁纠纷。",
        questions: &[
            Question {
                text: "是否签订了书面租赁合同？",
                yes: Ask(1),
                no: Advise(
                    Mediate,
                    "没有书面合同也可以调解，请准备转账记录、聊天记录等能证明租赁关系和约定的材料。",
                ),
            },
            Question {
                text: "争议是否只是押金或租金的退还？",
                yes: Advise(
                    Negotiate,
                    "建议先对照合同约定与对方协商，说明退还依据和期限；协商不成再申请调解。",
                ),
                no: Advise(Mediate, MEDIATE_FREE),
            },
        ],
        laws: &[
            (
                "民法典第七百一十条",
                "承租人按照约定的方法或者根据租赁物的性质使用租赁物，致使租赁物受到损耗的，不承担赔偿责任。",
            ),
            (
                "民法典第七百一十二条",
                "出租人应当履行租赁物的维修义务，但是当事人另有约定的除外。",
            ),
        ],
    },
];

/// The guide of a type (none for `other`: the page then offers filing and the library).
pub fn guide(dispute_type: &str) -> Option<&'static Guide> {
    GUIDES.iter().find(|g| g.dispute_type == dispute_type)
}

/// Follows the answers given (`y`/`n` per question asked, in order) through a guide: the questions asked with their
/// answers, and where it stands — the next question's index, or the advice. Answers past the advice, or letters other
/// than `y` and `n`, are ignored.
pub fn walk(guide: &Guide, answers: &str) -> (Vec<(&'static str, bool)>, Next) {
    let mut asked = Vec::new();
    let mut at = Next::Ask(0);
    for a in answers.chars() {
        let Next::Ask(i) = at else { break };
        let Some(q) = guide.questions.get(i) else {
            break;
        };
        let yes = match a {
            'y' => true,
            'n' => false,
            _ => continue,
        };
        asked.push((q.text, yes));
        at = if yes { q.yes } else { q.no };
    }
    (asked, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_but_other_has_a_guide_whose_answers_end_in_advice() {
        for (code, _, _) in crate::dispute::TYPES {
            if code == "other" {
                assert!(guide(code).is_none());
                continue;
            }
            let g = guide(code).unwrap_or_else(|| panic!("{code} has a guide"));
            assert!(!g.laws.is_empty(), "{code} names its laws");
            // Every path of answers ends in advice within the number of questions, with no question unreachable.
            let mut reached = vec![false; g.questions.len()];
            for bits in 0..(1u32 << g.questions.len()) {
                let answers: String = (0..g.questions.len())
                    .map(|i| if bits >> i & 1 == 1 { 'y' } else { 'n' })
                    .collect();
                let (asked, at) = walk(g, &answers);
                assert!(matches!(at, Next::Advise(..)), "{code} {answers}");
                for (text, _) in asked {
                    reached[g.questions.iter().position(|q| q.text == text).unwrap()] = true;
                }
            }
            assert!(
                reached.iter().all(|r| *r),
                "{code}: every question can be reached"
            );
        }
    }

    #[test]
    fn a_walk_stops_at_the_advice_and_ignores_noise() {
        let g = guide("neighbour").unwrap();
        let (asked, at) = walk(g, "y");
        assert_eq!(asked.len(), 1);
        assert!(matches!(at, Next::Advise(Path::Elsewhere, _)));
        let (asked, at) = walk(g, "nzyyyy");
        assert_eq!(asked.len(), 3, "past the advice nothing more is asked");
        assert!(matches!(at, Next::Advise(Path::Mediate, _)));
        assert_eq!(walk(g, "").1, Next::Ask(0));
    }
}
