//! The shape of `host/src`: which top-level module uses which (`crate::x` in its files), and
//! that no two of them use each other, directly or around a circle. A module that needs
//! something of a module above it moves that thing down (as `app`, `links` and `domain` were
//! made for), so a newcomer can read the modules from the bottom up.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The top-level modules each top-level module names with `crate::`, comments left out.
fn module_graph(src: &Path) -> Graph {
    let mut graph = Graph::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("host/src is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).expect("under src");
            let first = relative.components().next().expect("a component").as_os_str().to_string_lossy();
            let module = first.trim_end_matches(".rs").to_owned();
            if module == "lib" || module == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a source file");
            let uses = graph.entry(module.clone()).or_default();
            for line in text.lines() {
                let code = line.split("//").next().unwrap_or_default();
                for (i, _) in code.match_indices("crate::") {
                    let name: String =
                        code[i + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                    if !name.is_empty() && name != module {
                        uses.insert(name);
                    }
                }
            }
        }
    }
    graph
}

/// A circle of modules, if the graph has one: the path from a module back to itself.
fn find_circle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(node: &str, graph: &Graph, path: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut circle = path[at..].to_vec();
            circle.push(node.to_owned());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|start| visit(start, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_two_top_level_modules_of_host_src_use_each_other_even_around_a_circle() {
    let graph = module_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(graph.contains_key("server") && graph.contains_key("cli"), "the walk found the modules: {graph:?}");
    if let Some(circle) = find_circle(&graph) {
        panic!("host/src modules use each other in a circle: {}", circle.join(" → "));
    }
}

#[test]
fn the_entry_points_sit_above_the_application_state() {
    let graph = module_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    for entry in ["api", "dashboard", "server", "cli", "track"] {
        assert!(graph[entry].contains("app"), "{entry} uses the application state from `app`");
    }
    for lower in ["app", "pipeline", "store", "domain", "links"] {
        for entry in ["api", "dashboard", "server", "cli", "track"] {
            assert!(!graph[lower].contains(entry), "{lower} must not use the entry point {entry}");
        }
    }
}

#[test]
fn a_circle_is_found_when_there_is_one() {
    let mut graph = Graph::new();
    graph.entry("server".into()).or_default().insert("cli".into());
    graph.entry("cli".into()).or_default().insert("api".into());
    graph.entry("api".into()).or_default().insert("server".into());
    graph.entry("store".into()).or_default();
    let circle = find_circle(&graph).expect("a circle");
    assert_eq!(circle.first(), circle.last());
    assert_eq!(circle.len(), 4, "{circle:?}");
    graph.get_mut("api").expect("api").clear();
    assert_eq!(find_circle(&graph), None);
}
