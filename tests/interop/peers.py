"""Other tools reading conflictgraph's output, for the interoperability tests (tests/it/interop.rs).

Each subcommand reads a file with a real third-party library and prints what it found as JSON
on standard output, so the Rust test asserts on what the other tool saw.

  rdf PARSER FORMAT FILE        PARSER: rdflib | pyoxigraph -> {"statements": N, "reifies": N}
  results PARSER FORMAT FILE    SPARQL results -> {"vars": [...], "rows": [[value or null, ...]]}
  xlsx FILE                     cells of the first sheet -> [[{"v": value, "t": type}, ...], ...]
  graphml FILE                  networkx -> {"nodes": {id: attrs}, "edges": [[u, v, attrs]]}
  dot FILE                      pydot -> {"nodes": N, "edges": N}
  shacl DATA SHAPES             pyshacl -> {"conforms": bool, "results": [{"focus", "path", "message"}]}
"""

import json
import sys


def rdf(parser, fmt, path):
    if parser == "rdflib":
        import rdflib

        names = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}
        if fmt in ("trig", "nquads", "jsonld"):
            d = rdflib.Dataset()
            d.parse(path, format=names[fmt])
            quads = [q for q in d.quads((None, None, None, None))]
            n = len(quads)
            reifies = 0
        else:
            g = rdflib.Graph()
            g.parse(path, format=names[fmt])
            n = len(g)
            reifies = 0
        return {"statements": n, "reifies": reifies}
    import pyoxigraph as ox

    names = {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "rdfxml": ox.RdfFormat.RDF_XML,
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
        "jsonld": ox.RdfFormat.JSON_LD,
    }
    quads = list(ox.parse(path=path, format=names[fmt]))
    reifies = "http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies"
    asserted = {(q.subject, q.predicate, q.object) for q in quads}
    reified = [q.object for q in quads if q.predicate.value == reifies]
    return {
        "statements": len(set(quads)),
        "reifies": len(reified),
        # Every reified claim triple is also asserted (annotation syntax asserts it).
        "reified_and_asserted": sum(1 for t in reified if (t.subject, t.predicate, t.object) in asserted),
    }


def results(parser, fmt, path):
    if parser == "rdflib":
        from rdflib.query import Result

        with open(path, "rb") as f:
            r = Result.parse(f, format=fmt)
        if r.type == "ASK":
            return {"boolean": bool(r.askAnswer)}
        names = [str(v) for v in r.vars]
        rows = [[None if b.get(v) is None else str(b.get(v)) for v in r.vars] for b in r.bindings]
        return {"vars": names, "rows": rows}
    import pyoxigraph as ox

    names = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
    r = ox.parse_query_results(path=path, format=names[fmt])
    if isinstance(r, ox.QueryBoolean):
        return {"boolean": bool(r)}
    vars_ = [v.value for v in r.variables]
    rows = [[None if s[v] is None else s[v].value for v in vars_] for s in r]
    return {"vars": vars_, "rows": rows}


def xlsx(path):
    import openpyxl

    ws = openpyxl.load_workbook(path).worksheets[0]
    out = []
    for row in ws.iter_rows():
        out.append([{"v": c.value if not hasattr(c.value, "isoformat") else c.value.isoformat(), "t": c.data_type} for c in row])
    return out


def graphml(path):
    import networkx as nx

    g = nx.read_graphml(path)
    return {
        "directed": g.is_directed(),
        "nodes": {n: a for n, a in g.nodes(data=True)},
        "edges": [[u, v, a] for u, v, a in g.edges(data=True)],
    }


def dot(path):
    import pydot

    (g,) = pydot.graph_from_dot_file(path)
    return {"nodes": len([n for n in g.get_nodes() if n.get_name() not in ("node", "graph", "edge")]), "edges": len(g.get_edges())}


def shacl(data, shapes):
    import pyshacl
    import rdflib

    d = rdflib.Graph().parse(data, format="turtle")
    s = rdflib.Graph().parse(shapes, format="turtle")
    conforms, report, _ = pyshacl.validate(d, shacl_graph=s, inference="none", allow_warnings=False)
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    res = []
    for r in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        res.append(
            {
                "focus": str(report.value(r, SH.focusNode)),
                "path": str(report.value(r, SH.resultPath)),
                "shape": str(report.value(r, SH.sourceShape)),
                "message": str(report.value(r, SH.resultMessage)),
            }
        )
    res.sort(key=lambda x: (x["focus"], x["path"], x["message"]))
    return {"conforms": bool(conforms), "results": res}


def main():
    cmd, *args = sys.argv[1:]
    out = {"rdf": rdf, "results": results, "xlsx": xlsx, "graphml": graphml, "dot": dot, "shacl": shacl}[cmd](*args)
    json.dump(out, sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    main()
