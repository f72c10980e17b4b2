//! `docs/openapi.json` is the generated OpenAPI document, committed so readers and client generators have it without
//! running the server. This test fails when it falls behind; `UPDATE_OPENAPI=1 cargo test -p homeward-web --test
//! web openapi` rewrites it. The structural checks below fail when an operation leaves out a status it can answer
//! with, or a coded or dated string is declared as any text (issue 16: the document left out 401 on 14 operations
//! and 400 on two, had no enums or formats, and declared the photograph as an array of integers);
//! `scripts/schemathesis.sh` then checks the document against the running server.

use serde_json::Value;

#[test]
fn the_committed_openapi_document_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    let current = serde_json::to_string_pretty(&homeward_web::openapi()).expect("the document serialises") + "\n";
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &current).expect("docs/openapi.json is writable");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == current,
        "docs/openapi.json is out of date: run UPDATE_OPENAPI=1 cargo test -p homeward-web --test web openapi"
    );
}

fn document() -> Value {
    serde_json::to_value(homeward_web::openapi()).expect("the document is JSON")
}

/// Every operation as `(METHOD path, operation)`.
fn operations(document: &Value) -> Vec<(String, Value)> {
    let paths = document["paths"].as_object().expect("paths");
    let mut all = Vec::new();
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("a path item") {
            all.push((format!("{} {path}", method.to_uppercase()), operation.clone()));
        }
    }
    assert!(all.len() > 40, "every route is in the document ({} operations)", all.len());
    all
}

fn has_parameter_in(operation: &Value, place: &str) -> bool {
    operation["parameters"].as_array().is_some_and(|all| all.iter().any(|p| p["in"] == place))
}

#[test]
fn every_operation_declares_every_status_its_extractors_can_answer() {
    let document = document();
    let mut missing = Vec::new();
    for (name, operation) in operations(&document) {
        let responses = operation["responses"].as_object().expect("responses");
        let body = operation.get("requestBody").is_some();
        let query = has_parameter_in(&operation, "query");
        let path = has_parameter_in(&operation, "path");
        let expected = [
            ("401", true),
            ("503", true),
            ("400", body || query || path),
            ("422", body || query),
            ("413", body),
            ("404", path),
        ];
        for (status, applies) in expected {
            if applies && !responses.contains_key(status) {
                missing.push(format!("{name}: {status}"));
            }
        }
        for (status, response) in responses.iter().filter(|(status, _)| !status.starts_with('2')) {
            let schema = &response["content"]["application/json"]["schema"]["$ref"];
            if schema != "#/components/schemas/ErrorBody" {
                missing.push(format!("{name}: {status} is not the error envelope"));
            }
        }
    }
    assert!(missing.is_empty(), "operations leave out statuses they answer with:\n{}", missing.join("\n"));
}

/// A schema with `$ref`s followed and a nullable `oneOf [null, X]` taken as X.
fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        return resolve(document, &document["components"]["schemas"][name]);
    }
    if let Some(options) = schema["oneOf"].as_array() {
        let not_null: Vec<_> = options.iter().filter(|option| option["type"] != "null").collect();
        if let [only] = not_null.as_slice() {
            return resolve(document, only);
        }
    }
    schema
}

/// Every named property of every object schema in the document, as `(schema.property, property's schema)`.
fn properties(document: &Value) -> Vec<(String, &Value)> {
    let mut all = Vec::new();
    let mut pending: Vec<(String, &Value)> = document["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .iter()
        .map(|(name, schema)| (name.clone(), schema))
        .collect();
    while let Some((name, schema)) = pending.pop() {
        for part in ["allOf", "oneOf", "anyOf"] {
            for (i, each) in schema[part].as_array().into_iter().flatten().enumerate() {
                pending.push((format!("{name}.{part}[{i}]"), each));
            }
        }
        if let Some(items) = schema.get("items") {
            pending.push((format!("{name}[]"), items));
        }
        for (field, property) in schema["properties"].as_object().into_iter().flatten() {
            all.push((format!("{name}.{field}"), property));
            pending.push((format!("{name}.{field}"), property));
        }
    }
    all
}

#[test]
fn coded_and_dated_strings_say_what_they_hold() {
    let document = document();
    let coded = ["status", "kind", "grade", "side", "sex", "missing_from", "la_category", "return_outcome", "channel"];
    let mut vague = Vec::new();
    for (name, property) in properties(&document) {
        let field = name.rsplit('.').next().expect("a field name");
        let schema = resolve(&document, property);
        let item = resolve(&document, schema.get("items").unwrap_or(schema));
        let is_string =
            item["type"] == "string" || item["type"].as_array().is_some_and(|t| t.contains(&"string".into()));
        if !is_string {
            continue;
        }
        let format = item["format"].as_str().unwrap_or_default();
        if field.ends_with("_at") && format != "date-time" {
            vague.push(format!("{name}: not a date-time"));
        }
        if (field.ends_with("_on") || field == "date_of_birth") && format != "date" {
            vague.push(format!("{name}: not a date"));
        }
        if (field == "id" || field.ends_with("_id")) && format != "uuid" {
            vague.push(format!("{name}: not a uuid"));
        }
        if coded.contains(&field) && item.get("enum").is_none() {
            vague.push(format!("{name}: a code without its enum"));
        }
    }
    for (name, operation) in operations(&document) {
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let field = parameter["name"].as_str().expect("a parameter's name");
            let schema = resolve(&document, &parameter["schema"]);
            let coded = ["status", "kind", "risk", "order", "level", "overdue", "all"].contains(&field);
            if coded && schema.get("enum").is_none() {
                vague.push(format!("{name} ?{field}: a code without its enum"));
            }
            let dated = ["from", "to", "taken_on"].contains(&field);
            if dated && schema["format"] != "date" {
                vague.push(format!("{name} ?{field}: not a date"));
            }
        }
    }
    assert!(vague.is_empty(), "strings declared as any text:\n{}", vague.join("\n"));
}

#[test]
fn a_photograph_goes_in_as_binary_in_the_types_the_server_reads() {
    let document = document();
    let body = &document["paths"]["/api/v1/people/{id}/photo"]["put"]["requestBody"]["content"];
    for media_type in ["image/jpeg", "image/png", "application/octet-stream"] {
        let schema = resolve(&document, &body[media_type]["schema"]);
        assert_eq!((&schema["type"], &schema["format"]), (&"string".into(), &"binary".into()), "{media_type}: {body}");
    }
    let answer = &document["paths"]["/api/v1/people/{id}/photo"]["get"]["responses"]["200"]["content"];
    for media_type in ["image/jpeg", "image/png"] {
        assert_eq!(resolve(&document, &answer[media_type]["schema"])["format"], "binary", "{media_type}: {answer}");
    }
}
