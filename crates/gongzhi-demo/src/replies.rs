//! The demo district's canned replies (常用回复).

use gongzhi_domain::replies::NewReply;

/// The demo district's canned replies: general wordings and a few for common categories.
pub fn replies() -> Vec<NewReply> {
    let r = |category: Option<&str>, title: &str, text: &str| NewReply {
        category: category.map(String::from),
        title: title.into(),
        text: text.into(),
    };
    vec![
        r(
            None,
            "已受理，正在核实",
            "您好，您反映的问题我们已收到，正在安排工作人员现场核实，核实后将及时答复您。感谢您对我们工作的支持。",
        ),
        r(
            None,
            "已转相关单位协同办理",
            "您好，您反映的问题涉及多个单位职责，我们已协调相关单位共同办理，办理进展将及时告知您。",
        ),
        r(
            None,
            "已办结，请评价",
            "您好，您反映的问题已处理完毕。如仍有问题，请在评价时说明，我们将继续跟进。",
        ),
        r(
            Some("A01"),
            "垃圾已清运",
            "您好，您反映的垃圾清运不及时问题，社区已协调物业和环卫单位完成清运，并已要求按时清运、加强巡查。",
        ),
        r(
            Some("A10"),
            "路灯已报修",
            "您好，您反映的路灯不亮问题，已通知路灯养护单位，预计 3 个工作日内修复。",
        ),
        r(
            Some("B01"),
            "夜间施工已查处",
            "您好，您反映的夜间施工噪音问题，生态环境部门已到现场核查，对无夜间施工许可的已责令停工并依法处理。",
        ),
        r(
            Some("B04"),
            "餐饮油烟已整改",
            "您好，您反映的餐饮油烟扰民问题，执法人员已到现场检查，已责令商户清洗油烟净化设施并限期整改，后续将复查。",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongzhi_domain::replies::validate;

    #[test]
    fn the_demo_replies_are_valid() {
        for r in replies() {
            assert!(
                validate(
                    r.category.as_deref().unwrap_or(""),
                    &r.title,
                    &r.text,
                    &|_| true
                )
                .is_ok(),
                "{}",
                r.title
            );
        }
    }
}
