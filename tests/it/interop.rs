//! Other tools read the exports: rapper (raptor2) and rdflib parse them with the same counts.

use std::process::Command;

use crate::support::*;

fn tool_output(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e} (install it: see .ci/run)"));
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

#[test]
fn rapper_and_rdflib_parse_the_turtle_export() {
    let (dir, store) = example_store();
    let ttl = dir.path().join("out.ttl");
    cg(&store).args(["export", "--format", "turtle", "-o"]).arg(&ttl).assert().success();
    let nt = stdout(&store, &["export", "--format", "ntriples"]);
    let expected = nt.lines().filter(|l| !l.trim().is_empty()).count();
    assert!(expected > 500, "{expected}");

    let out = tool_output(Command::new("rapper").args(["-i", "turtle", "-o", "ntriples", "-q"]).arg(&ttl));
    let rapper_count = String::from_utf8_lossy(&out.stdout).lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(rapper_count, expected, "rapper");

    let script = "import sys, rdflib\ng = rdflib.Graph()\ng.parse(sys.argv[1], format='turtle')\nprint(len(g))";
    let out = tool_output(Command::new("python3").args(["-c", script]).arg(&ttl));
    let rdflib_count: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert_eq!(rdflib_count, expected, "rdflib");
}

#[test]
fn rdflib_parses_the_trig_and_nquads_exports() {
    let (dir, store) = example_store();
    let nq = stdout(&store, &["export", "--format", "nquads"]);
    let quads = nq.lines().filter(|l| !l.trim().is_empty()).count();
    for (fmt, ext) in [("trig", "trig"), ("nquads", "nq")] {
        let path = dir.path().join(format!("out.{ext}"));
        cg(&store).args(["export", "--format", fmt, "-o"]).arg(&path).assert().success();
        let script = "import sys, rdflib\nd = rdflib.Dataset()\nd.parse(sys.argv[1], format=sys.argv[2])\nprint(sum(1 for _ in d.quads((None, None, None, None))))";
        let out = tool_output(Command::new("python3").args(["-c", script]).arg(&path).arg(fmt));
        let n: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
        assert_eq!(n, quads, "{fmt}");
    }
}
