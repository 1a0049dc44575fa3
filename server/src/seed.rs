//! The demo data (demo mode): two sellers with services deployed on the API gateway, a
//! reviewer, a two-level category tree and 24 tags. Written once; a later start adds
//! what a newer version seeds and keeps everything else.

use crate::db::Db;
use crate::users::{role_name, DEMO_USERS};

const DEMO_SERVICES: [(&str, &str, &str, &str); 6] = [
    ("svc-a-weather", "seller-a", "天气查询服务", "https://gw.example.com/seller-a/weather/v1"),
    ("svc-a-air", "seller-a", "空气质量服务", "https://gw.example.com/seller-a/air-quality/v1"),
    ("svc-a-typhoon", "seller-a", "台风路径服务", "https://gw.example.com/seller-a/typhoon/v2"),
    ("svc-b-ocr", "seller-b", "通用文字识别", "https://gw.example.com/seller-b/ocr/v3"),
    ("svc-b-idcard", "seller-b", "身份证识别", "https://gw.example.com/seller-b/idcard/v1"),
    ("svc-b-face", "seller-b", "人脸比对", "https://gw.example.com/seller-b/face-compare/v1"),
];

/// (id, name) of a category.
type Node = (&'static str, &'static str);

const DEMO_CATEGORIES: [(&str, &str, &[Node]); 5] = [
    (
        "ai",
        "人工智能",
        &[("ai-ocr", "文字识别"), ("ai-speech", "语音识别"), ("ai-vision", "图像识别"), ("ai-nlp", "自然语言处理")],
    ),
    ("data", "数据服务", &[("data-weather", "天气数据"), ("data-finance", "金融数据"), ("data-geo", "地理信息")]),
    ("enterprise", "企业应用", &[("ent-sms", "短信通知"), ("ent-identity", "身份核验"), ("ent-esign", "电子签名")]),
    ("devtools", "开发工具", &[("dev-testing", "测试工具"), ("dev-monitoring", "监控运维")]),
    ("security", "安全服务", &[("sec-risk", "风险控制"), ("sec-antispam", "内容安全")]),
];

const DEMO_TAGS: [&str; 24] = [
    "高可用",
    "低延迟",
    "按次计费",
    "免费试用",
    "实时数据",
    "批量处理",
    "国产化",
    "私有部署",
    "7×24 支持",
    "RESTful",
    "HTTPS",
    "高并发",
    "多语言 SDK",
    "文档完善",
    "金融级",
    "政务",
    "教育",
    "医疗",
    "物流",
    "电商",
    "零售",
    "制造",
    "人工智能",
    "大数据",
];

/// Seeds what is missing of the demo identities and catalog, in one transaction.
pub async fn seed(db: &Db) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    for (id, name, role, token) in DEMO_USERS {
        sqlx::query(
            &db.sql("INSERT INTO users (id, name, role, token) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING"),
        )
        .bind(id)
        .bind(name)
        .bind(role_name(role))
        .bind(token)
        .execute(&mut *tx)
        .await?;
    }
    for (i, (id, seller, name, url)) in DEMO_SERVICES.iter().enumerate() {
        sqlx::query(&db.sql(
            "INSERT INTO services (id, seller_id, name, access_url, position) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id) DO NOTHING",
        ))
        .bind(id)
        .bind(seller)
        .bind(name)
        .bind(url)
        .bind(i as i64)
        .execute(&mut *tx)
        .await?;
    }
    for (i, (id, name, children)) in DEMO_CATEGORIES.iter().enumerate() {
        let category = db.sql(
            "INSERT INTO categories (id, parent_id, name, position) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
        );
        sqlx::query(&category).bind(id).bind(None::<String>).bind(name).bind(i as i64).execute(&mut *tx).await?;
        for (j, (child, child_name)) in children.iter().enumerate() {
            sqlx::query(&category).bind(child).bind(id).bind(child_name).bind(j as i64).execute(&mut *tx).await?;
        }
    }
    for (i, name) in DEMO_TAGS.iter().enumerate() {
        sqlx::query(&db.sql("INSERT INTO tags (id, name, position) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING"))
            .bind(format!("tag-{:02}", i + 1))
            .bind(name)
            .bind(i as i64)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}
