//! The OpenAPI 3.1 document, written by hand: one line per route in [`ROUTES`]; a test
//! checks that every `.route(...)` of the server is listed.

use super::AppState;
use axum::Json;
use axum::extract::State;
use serde_json::{Map, Value, json};

/// Who may call a route.
const COMMITTEE: &str = "系统管理员、考核委员会";
const IMPORTERS: &str = "系统管理员、考核委员会、案件管理";
const STAFF: &str = "已登录的工作人员";
const VOTER: &str = "持选票令牌的投票人（无需登录）";
const PUBLIC: &str = "无需登录";

/// (method, path, summary, who may call it, request body kind).
pub const ROUTES: &[(&str, &str, &str, &str, &str)] = &[
    ("get", "/healthz", "健康检查", PUBLIC, ""),
    ("get", "/api/openapi.json", "本接口文档", PUBLIC, ""),
    (
        "post",
        "/api/login",
        "用户名密码登录，返回会话令牌",
        PUBLIC,
        "json",
    ),
    ("post", "/api/logout", "退出登录", STAFF, ""),
    ("get", "/api/me", "当前用户", STAFF, ""),
    ("post", "/api/me/password", "修改本人密码", STAFF, "json"),
    (
        "post",
        "/api/portal/handover",
        "门户服务器以共享密钥换取某用户的短期令牌（15 分钟）",
        "门户服务器",
        "json",
    ),
    ("get", "/api/units", "单位列表", STAFF, ""),
    (
        "post",
        "/api/units",
        "创建单位（自动带内置指标体系 R-2019）",
        "系统管理员",
        "json",
    ),
    ("get", "/api/units/{unit}", "单位信息", STAFF, ""),
    (
        "get",
        "/api/units/{unit}/departments",
        "部门列表",
        STAFF,
        "",
    ),
    (
        "post",
        "/api/units/{unit}/departments",
        "创建部门",
        COMMITTEE,
        "json",
    ),
    (
        "get",
        "/api/units/{unit}/prosecutors",
        "检察官名单",
        STAFF,
        "",
    ),
    (
        "put",
        "/api/units/{unit}/header-map",
        "设置导入表头映射（TOML）",
        IMPORTERS,
        "text",
    ),
    ("get", "/api/users", "账号列表", "系统管理员", ""),
    ("post", "/api/users", "创建账号", "系统管理员", "json"),
    (
        "post",
        "/api/units/{unit}/imports/{kind}",
        "导入 cases|roster|bonus|ballots（请求体为 CSV/XLSX 文件，?file=文件名&year=年度）；全部成功或全部不导入",
        IMPORTERS,
        "file",
    ),
    (
        "get",
        "/api/units/{unit}/imports",
        "导入记录",
        IMPORTERS,
        "",
    ),
    (
        "get",
        "/api/imports/{id}/file",
        "下载导入时上传的原文件",
        IMPORTERS,
        "",
    ),
    (
        "get",
        "/api/units/{unit}/rule-sets",
        "指标体系各版本",
        STAFF,
        "",
    ),
    (
        "post",
        "/api/units/{unit}/rule-sets",
        "上传指标体系（TOML）；已公示使用的版本不能再改",
        COMMITTEE,
        "text",
    ),
    (
        "post",
        "/api/rule-sets/validate",
        "校验指标体系（TOML），列出全部问题",
        STAFF,
        "text",
    ),
    ("get", "/api/rule-sets/{id}", "查看指标体系", STAFF, ""),
    (
        "get",
        "/api/units/{unit}/evaluations",
        "考评列表",
        STAFF,
        "",
    ),
    (
        "post",
        "/api/units/{unit}/evaluations",
        "运行考评：{kind: monthly|annual, year, month?, rule_set?}",
        COMMITTEE,
        "json",
    ),
    (
        "get",
        "/api/units/{unit}/ranking",
        "平时考核实时排名（?year=）",
        COMMITTEE,
        "",
    ),
    (
        "get",
        "/api/evaluations/{id}",
        "考评概要：插件哈希、指标体系版本、输入摘要",
        STAFF,
        "",
    ),
    (
        "post",
        "/api/evaluations/{id}/rerun",
        "复算并逐字节比对（reproduced）",
        COMMITTEE,
        "",
    ),
    (
        "get",
        "/api/evaluations/{id}/results",
        "全部结果与排名",
        COMMITTEE,
        "",
    ),
    (
        "get",
        "/api/evaluations/{id}/results/{prosecutor}",
        "某检察官的结果、得分说明、变更历史与异议（检察官仅本人、公示后）",
        "考核委员会、本人",
        "",
    ),
    (
        "post",
        "/api/evaluations/{id}/publish",
        "公示：{start?}，公示期 5 个工作日",
        COMMITTEE,
        "json",
    ),
    (
        "get",
        "/api/evaluations/{id}/objections",
        "异议列表（检察官仅本人）",
        "考核委员会、本人",
        "",
    ),
    (
        "post",
        "/api/evaluations/{id}/objections",
        "公示期内提出异议",
        "检察官本人、考核委员会",
        "json",
    ),
    (
        "post",
        "/api/objections/{id}/review",
        "复核异议：维持或变更（保留原值、复核人、时间、理由）",
        COMMITTEE,
        "json",
    ),
    (
        "post",
        "/api/evaluations/{id}/finalize",
        "公示期满、异议复核完毕后确定结果",
        COMMITTEE,
        "",
    ),
    (
        "post",
        "/api/evaluations/{id}/results/{prosecutor}/confirm",
        "检察官签字确认本人结果",
        "检察官本人",
        "",
    ),
    (
        "get",
        "/api/units/{unit}/manual-scores",
        "人工评分列表（?year=）",
        COMMITTEE,
        "",
    ),
    (
        "post",
        "/api/units/{unit}/manual-scores",
        "人工评分（自评、互评、部门评价、案管抽查）",
        STAFF,
        "json",
    ),
    (
        "get",
        "/api/units/{unit}/case-reviews",
        "案件评查结论",
        "评查员、案件管理、考核委员会",
        "",
    ),
    (
        "post",
        "/api/units/{unit}/case-reviews",
        "录入案件评查结论",
        "评查员、案件管理、考核委员会",
        "json",
    ),
    (
        "get",
        "/api/plugins/{sha256}",
        "评分插件的 wasm 文件（供组件在浏览器中运行同一插件）",
        "已登录用户",
        "",
    ),
    (
        "get",
        "/api/units/{unit}/result-view/{prosecutor}",
        "检察官本人的考评结果视图（得分说明、公示剩余工作日、异议与确认）",
        "检察官本人（公示后）、考核委员会、系统管理员",
        "",
    ),
    (
        "get",
        "/api/units/{unit}/committee-view",
        "考核委员会视图：排名、名额线、试算所需的指标体系与本单位数据",
        "考核委员会",
        "",
    ),
    (
        "post",
        "/api/units/{unit}/rule-sets/draft",
        "试算后的指标体系保存为新版本",
        "考核委员会",
        "json",
    ),
    (
        "get",
        "/api/units/{unit}/review-forms/{prosecutor}",
        "案件评查表的上下文（指标体系、本单位年度数据、评查案件、评分插件、本人已保存的内容）",
        "评查员、案件管理、考核委员会",
        "",
    ),
    (
        "post",
        "/api/units/{unit}/review-forms/{prosecutor}",
        "保存案件评查表（评查结论与人工评分），以本单位的评分插件重新考评并保存",
        "评查员、案件管理、考核委员会",
        "json",
    ),
    (
        "post",
        "/api/units/{unit}/samples",
        "案件评查抽样（保存证明记录）",
        IMPORTERS,
        "json",
    ),
    (
        "get",
        "/api/samples/{id}",
        "抽样证明记录及复验结果",
        "评查员、案件管理、考核委员会",
        "",
    ),
    (
        "get",
        "/api/units/{unit}/assignments",
        "分案记录",
        IMPORTERS,
        "",
    ),
    (
        "post",
        "/api/units/{unit}/assignments",
        "随机分案或指定分案（记录在案）",
        IMPORTERS,
        "json",
    ),
    (
        "post",
        "/api/units/{unit}/ballot-tokens",
        "发放一次性选票令牌（只显示一次）",
        COMMITTEE,
        "json",
    ),
    (
        "post",
        "/api/ballots/token",
        "查询令牌对应的测评对象",
        VOTER,
        "json",
    ),
    (
        "post",
        "/api/ballots",
        "提交民主测评票（令牌只能用一次，票面不记投票人）",
        VOTER,
        "json",
    ),
    (
        "post",
        "/api/satisfaction",
        "提交满意度测评票",
        VOTER,
        "json",
    ),
    (
        "get",
        "/api/units/{unit}/ballots/tally",
        "民主测评实时计票（?year=）",
        COMMITTEE,
        "",
    ),
    (
        "get",
        "/api/units/{unit}/satisfaction/tally",
        "满意度测评计票（?year=）",
        COMMITTEE,
        "",
    ),
    (
        "get",
        "/api/units/{unit}/audit",
        "审计日志（只增不改）",
        COMMITTEE,
        "",
    ),
    (
        "get",
        "/api/evaluations/{id}/export.xlsx",
        "导出结果与排名（XLSX）",
        COMMITTEE,
        "",
    ),
    (
        "get",
        "/api/evaluations/{id}/export.csv",
        "导出结果与排名（CSV，UTF-8）",
        COMMITTEE,
        "",
    ),
    (
        "get",
        "/api/evaluations/{id}/publication",
        "可打印的公示页（HTML）",
        COMMITTEE,
        "",
    ),
    ("get", "/widgets/{*path}", "浏览器组件资源", PUBLIC, ""),
    ("get", "/demo/{*path}", "演示门户页", PUBLIC, ""),
];

/// The OpenAPI document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for (method, path, summary, who, body) in ROUTES {
        let mut operation = json!({
            "summary": summary,
            "description": format!("调用者：{who}"),
            "responses": {
                "200": {"description": "成功"},
                "4XX": {"description": "请求错误", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
        });
        if *who != PUBLIC && *who != VOTER && *who != "门户服务器" {
            operation["security"] = json!([{"bearer": []}]);
        }
        let content = match *body {
            "json" => Some("application/json"),
            "text" => Some("text/plain"),
            "file" => Some("application/octet-stream"),
            _ => None,
        };
        if let Some(content) = content {
            operation["requestBody"] = json!({"content": {content: {}}});
        }
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[method] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "考评 kaoping 内网服务接口",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "检察官业绩考评系统的 JSON 接口。约定见 docs/server.md：登录后以 Authorization: Bearer <令牌> 访问；错误一律返回 {\"error\": {\"code\", \"message\", \"problems\"}}；小数以字符串表示。"
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                "code": {"type": "string"}, "message": {"type": "string"}, "problems": {"type": "array", "items": {"type": "string"}}
            }}}}}
        },
        "paths": paths,
    })
}

/// `GET /api/openapi.json`.
pub async fn serve(State(_): State<AppState>) -> Json<Value> {
    Json(document())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `.route("PATH", METHOD(...))` in the server's sources, as (method, path).
    fn routes_in_sources() -> Vec<(String, String)> {
        let sources = [
            include_str!("mod.rs"),
            include_str!("auth.rs"),
            include_str!("units.rs"),
            include_str!("imports.rs"),
            include_str!("rulesets.rs"),
            include_str!("evaluations.rs"),
            include_str!("reviews.rs"),
            include_str!("review_forms.rs"),
            include_str!("views.rs"),
            include_str!("ballots.rs"),
            include_str!("publication.rs"),
            include_str!("audit.rs"),
            include_str!("exports.rs"),
        ];
        let mut found = Vec::new();
        for source in sources {
            let flat: String = source
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .replace(".route( \"", ".route(\"");
            for part in flat.split(".route(\"").skip(1) {
                let (path, rest) = part.split_once('"').unwrap();
                let rest = rest.trim_start_matches(',').trim_start();
                // Handlers chain like `get(a).post(b)`; collect each method name.
                let call: String = rest.chars().take_while(|c| *c != ';').collect();
                let mut depth = 0;
                let mut token = String::new();
                for c in call.chars() {
                    match c {
                        '(' => {
                            if depth == 0
                                && ["get", "post", "put", "delete"]
                                    .contains(&token.trim_start_matches('.').trim())
                            {
                                found.push((
                                    token.trim_start_matches('.').trim().to_owned(),
                                    path.to_owned(),
                                ));
                            }
                            depth += 1;
                            token.clear();
                        }
                        ')' => {
                            depth -= 1;
                            token.clear();
                            if depth < 0 {
                                break;
                            }
                        }
                        _ if depth == 0 => token.push(c),
                        _ => {}
                    }
                }
            }
        }
        found
    }

    #[test]
    fn every_route_is_in_the_document() {
        let routes = routes_in_sources();
        assert!(routes.len() > 40, "{routes:?}");
        for (method, path) in routes {
            assert!(
                ROUTES.iter().any(|(m, p, ..)| *m == method && *p == path),
                "{method} {path} is missing from openapi::ROUTES"
            );
        }
    }

    #[test]
    fn every_documented_route_exists() {
        let routes = routes_in_sources();
        for (method, path, ..) in ROUTES {
            assert!(
                routes.iter().any(|(m, p)| m == method && p == path),
                "{method} {path} is documented but not routed"
            );
        }
    }
}
