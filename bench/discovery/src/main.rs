//! Prints, for every spec in a directory, the tokens of its tool lists
//! (every operation a tool, the server's default, discovery mode); the
//! recall@5 of `search_operations` over a query set (and per set of
//! queries, recall@10 and @20: an agent may ask for more and choose); and
//! the latency of a search over the largest spec.
//!
//! Usage: `mcp-gen-bench-discovery SPECS_DIR QUERIES_JSON`. The query set
//! maps a spec's file name to `[{"query": ..., "expect": [tool, ...],
//! "set": ...}]`, and `"sets"` to `[{"name": ..., "written": ...}]`, how
//! each set of queries was written: a query is found when one expected tool
//! is among the first five results. Recall is printed per spec and per set.

use std::path::{Path, PathBuf};
use std::time::Instant;

use mcp_gen::{GetAs, MapOptions, Options, plan};
use mcp_gen_runtime::runtime::{Catalog, Paging, Selection, ToolDef};
use serde_json::Value;

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

fn options(spec: &Path, get_as: GetAs) -> Options {
    Options {
        spec: spec.to_path_buf(),
        spec_root: None,
        config: None,
        output: PathBuf::from("target/bench-discovery-never-written"),
        map: MapOptions { name: None, get_as },
        force: false,
        check: true,
        strict: false,
    }
}

/// Every operation as a tool, as the server's catalog embeds them.
fn catalog(view: &mcp_gen::map::CrateView) -> &'static Catalog {
    let tools: Vec<ToolDef> = view
        .tools
        .iter()
        .map(|t| {
            let schema = match &t.schema_of {
                Some(name) => view
                    .resource_templates
                    .iter()
                    .find(|r| &r.const_name == name)
                    .map(|r| r.schema.clone())
                    .unwrap_or_default(),
                None => t.schema.clone(),
            };
            let toolsets: Vec<&'static str> = t.toolsets.iter().map(|s| leak(s.clone())).collect();
            ToolDef {
                name: leak(t.name.clone()),
                title: None,
                description: leak(t.description.clone()),
                input_schema: leak(schema),
                read_only: t.read_only,
                destructive: t.destructive,
                idempotent: t.idempotent,
                open_world: t.open_world,
                switchable: t.switchable,
                toolsets: Box::leak(toolsets.into_boxed_slice()),
                endpoint: leak(t.endpoint.clone()),
                response: leak(t.response.clone()),
                // Search reads none of these.
                output_schema: "",
                jq: t.jq,
                paging: Paging::None,
                page_size: None,
                oauth_scopes: &[],
            }
        })
        .collect();
    Box::leak(Box::new(Catalog::new(Box::leak(tools.into_boxed_slice()))))
}

fn names(result: &Value) -> Vec<String> {
    result["operations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|op| op["name"].as_str().map(str::to_string))
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(queries)) = (args.next(), args.next()) else {
        eprintln!("usage: mcp-gen-bench-discovery SPECS_DIR QUERIES_JSON");
        std::process::exit(2);
    };
    let queries: Value = serde_json::from_str(&std::fs::read_to_string(&queries).expect("read the queries"))
        .expect("the queries are JSON");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read the specs directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml")))
        .collect();
    specs.sort();
    let everything = Selection::default();

    println!("| spec | operations | every operation a tool | default tools/list | default mode | discovery |");
    println!("|---|---:|---:|---:|---|---:|");
    let mut largest: Option<(usize, &'static Catalog)> = None;
    let (mut found, mut asked) = (0, 0);
    // Each set's name, found within the first 5, 10 and 20 (an agent may
    // ask for more than 5 and choose), and asked, in the order the file
    // names them.
    let mut sets: Vec<(String, [usize; 3], usize)> = queries["sets"]
        .as_array()
        .expect("the queries list their sets")
        .iter()
        .map(|s| (s["name"].as_str().expect("a set's name").to_string(), [0; 3], 0))
        .collect();
    let mut recall_rows = Vec::new();
    for spec in &specs {
        let file = spec.file_name().unwrap().to_string_lossy().into_owned();
        let Ok((as_tools, _)) = plan(&options(spec, GetAs::Tools)) else {
            println!("| {file} | does not generate | | | | |");
            continue;
        };
        let (default_view, _) = plan(&options(spec, GetAs::Resources)).expect("generates as before");
        let budget = &default_view.budget;
        let discover = matches!(budget.tool_mode, mcp_gen::config::ToolMode::Discover);
        let default_list = if discover { budget.tokens.discover } else { budget.tokens.tools };
        println!(
            "| {file} | {} | {} | {} | {} | {} |",
            as_tools.operations.len(),
            as_tools.budget.tokens.tools,
            default_list,
            if discover { "discover" } else { "direct" },
            budget.tokens.discover
        );
        if largest.is_none_or(|(n, _)| as_tools.tools.len() > n) {
            // A catalog of its own: the recall queries below must not have
            // built its index before the first search is timed.
            largest = Some((as_tools.tools.len(), catalog(&as_tools)));
        }
        let catalog = catalog(&as_tools);
        let Some(set) = queries.get(&file).and_then(Value::as_array) else {
            continue;
        };
        let (mut hits, mut misses) = (0, Vec::new());
        for q in set {
            let query = q["query"].as_str().expect("a query string");
            let expect: Vec<&str> = q["expect"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            let name = q["set"].as_str().expect("a query's set");
            let index = sets.iter().position(|(s, _, _)| s == name).expect("the query's set is listed");
            let mut top = names(&catalog.search(query, None, 20, &everything));
            let rank = top.iter().position(|n| expect.contains(&n.as_str()));
            for (found, within) in sets[index].1.iter_mut().zip([5, 10, 20]) {
                *found += usize::from(rank.is_some_and(|r| r < within));
            }
            sets[index].2 += 1;
            top.truncate(5);
            let hit = rank.is_some_and(|r| r < 5);
            if hit {
                hits += 1;
            } else {
                misses.push(format!("[{name}] {query:?} gave {top:?}, expected one of {expect:?}"));
            }
        }
        found += hits;
        asked += set.len();
        recall_rows.push((file, hits, set.len(), misses));
    }

    // Queries of a spec missing from SPECS_DIR would shrink every count.
    for spec in queries.as_object().into_iter().flat_map(|q| q.keys()).filter(|k| *k != "sets") {
        if !recall_rows.iter().any(|(file, _, _, _)| file == spec) {
            eprintln!("warning: {spec} has queries but is not in {dir}: they are not counted");
        }
    }
    println!("\n| spec | recall@5 |\n|---|---:|");
    for (file, hits, total, _) in &recall_rows {
        println!("| {file} | {hits}/{total} ({:.0}%) |", 100.0 * *hits as f64 / *total as f64);
    }
    println!("| all | {found}/{asked} ({:.0}%) |", 100.0 * found as f64 / asked.max(1) as f64);
    println!("\n| set | recall@5 | recall@10 | recall@20 |\n|---|---:|---:|---:|");
    for (name, hits, total) in &sets {
        let cells: Vec<String> = hits
            .iter()
            .map(|h| format!("{h}/{total} ({:.0}%)", 100.0 * *h as f64 / (*total).max(1) as f64))
            .collect();
        println!("| {name} | {} |", cells.join(" | "));
    }
    for (file, _, _, misses) in &recall_rows {
        for miss in misses {
            println!("  miss in {file}: {miss}");
        }
    }

    if let Some((operations, catalog)) = largest {
        let started = Instant::now();
        catalog.search("warm up the index", None, 10, &everything);
        let build = started.elapsed();
        let phrases = ["send an email", "list my calendar events", "create a team channel", "upload a file to a drive", "reset a user's password"];
        let mut times = Vec::new();
        for _ in 0..20 {
            for phrase in phrases {
                let t = Instant::now();
                std::hint::black_box(catalog.search(phrase, None, 10, &everything));
                times.push(t.elapsed());
            }
        }
        times.sort();
        println!(
            "\nsearch over {operations} operations: index built in {:.0} ms (first search); p50 {:.2} ms, p99 {:.2} ms over {} searches",
            build.as_secs_f64() * 1e3,
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[times.len() * 99 / 100].as_secs_f64() * 1e3,
            times.len()
        );
    }
}
