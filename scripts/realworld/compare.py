"""Match paramlint's models to the ones real Keras built, by (file, cell, line, occurrence), and judge each.

Verdicts for a matched pair: ``exact`` (every layer's class, output shape and counts and the totals
equal, paramlint complete), ``unknown`` (what paramlint knows agrees, some of it is unknown),
``wrong`` (a number or shape paramlint states differs from Keras: the worst bug; ``claimed_complete``
says whether paramlint called the model complete), ``wrong-after-error`` (the layer counts differ and a
statement of the file failed after the model's creation, so Keras's model may be the part built
before the failure), ``unbuilt`` (neither built it: no input shape),
``built-mismatch`` (one side built it, the other did not). Unmatched: ``missed`` / ``missed-repeat`` / ``missed-subclassed`` /
``missed-functional`` (Keras built it, paramlint did not report it) and ``paramlint-only`` (Keras did not build it, mostly
because the file failed before).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

Json = dict[str, Any]
FIELDS = ("class", "output_shape", "params", "trainable", "non_trainable")


def known(value: Any) -> bool:
    """A plain number or shape; formulas (dicts) and null counts are paramlint's unknowns."""
    if isinstance(value, list):
        return all(
            v is None or isinstance(v, int) or (isinstance(v, list) and known(v)) for v in value
        )
    return isinstance(value, int) or (isinstance(value, str) and value != "?")


def unknown_reason(ours: Json) -> str:
    """paramlint's first stated reason for not knowing, with the code's own names masked."""
    problems = [layer["problem"] for layer in ours["layers"] if layer["problem"]]
    if problems:
        text = f"{problems[0]['kind']}: {problems[0]['message'] or ''}"
    elif ours["uncertain"]:
        text = f"uncertain: {ours['uncertain'][0]['message']}"
    else:
        text = "none stated"
    if "Keras layer `" not in text:  # Keras's own class names say which spec is missing
        text = re.sub(r"`[^`]*`", "`…`", re.sub(r" ?\(defined at [^)]*\)", "", text))
    return text[:100]


def failed_meanwhile(theirs: Json) -> bool:
    """A statement of the file failed between the model's creation and its description."""
    return (theirs.get("errors_after") or 0) > (theirs.get("errors_before") or 0)


def compare_pair(ours: Json, theirs: Json) -> Json:
    """The verdict for one paramlint model against the Keras model built at the same call."""
    result: Json = {"claimed_complete": ours["complete"], "unknown_fields": 0, "names_differ": 0}
    result["reason"] = unknown_reason(ours)
    partial = failed_meanwhile(theirs)
    if not theirs.get("built") or "totals" not in theirs:
        if not ours["built"]:
            result["verdict"], result["detail"] = "unbuilt", ""
        elif partial:
            result["verdict"], result["detail"] = "keras-incomplete", "the file failed meanwhile"
        else:
            result["verdict"], result["detail"] = "built-mismatch", "Keras left it unbuilt"
        return result
    if not ours["built"]:
        result["verdict"], result["detail"] = "built-mismatch", "paramlint: unbuilt, Keras: built"
        return result
    keras_layers = [
        layer
        for layer in theirs["layers"]
        if layer["class"] != "InputLayer" or theirs.get("kind") != "sequential"
    ]
    diffs: list[str] = []
    if len(ours["layers"]) != len(keras_layers):
        diffs.append(f"{len(ours['layers'])} layers, Keras {len(keras_layers)}")
    for index, (mine, real) in enumerate(zip(ours["layers"], keras_layers, strict=False)):
        if mine["name"] != real["name"]:
            result["names_differ"] += 1
        for field in FIELDS:
            if field not in real or real[field] is None:
                continue  # subclassed models: Keras gives no per-layer output shape
            if not known(mine.get(field)):
                result["unknown_fields"] += 1
            elif mine[field] != real[field]:
                diffs.append(
                    f"layer {index} {real['name']} ({real['class']}): {field} {mine[field]} != Keras {real[field]}"
                )
    for field in ("params", "trainable", "non_trainable"):
        mine, real = ours["totals"][field], theirs["totals"][field]
        if not known(mine):
            result["unknown_fields"] += 1
        elif mine != real:
            diffs.append(f"total {field} {mine} != Keras {real}")
    if diffs and partial and len(ours["layers"]) != len(keras_layers):
        result["verdict"], result["detail"] = "wrong-after-error", diffs[0]
        result["differences"] = diffs[:6]
    elif diffs:
        result["verdict"], result["detail"] = "wrong", diffs[0]
        result["differences"] = diffs[:6]
    elif result["unknown_fields"] or not ours["complete"]:
        result["verdict"], result["detail"] = (
            "unknown",
            f"{result['unknown_fields']} unknown values",
        )
    else:
        result["verdict"], result["detail"] = "exact", ""
    return result


def missed_verdict(model: Json, key: tuple, ours: dict[tuple, Json]) -> str:
    """Keras built it, paramlint reported nothing at that call: which kind of miss."""
    if model.get("kind") in ("functional", "subclassed"):
        return f"missed-{model['kind']}"
    if key[2] > 0 and (key[0], key[1], 0) in ours:
        return "missed-repeat"  # the call ran again (a loop, a layer's __init__ per instance)
    return "missed"


def merge_repeats(rows: list[Json]) -> list[Json]:
    """One ``missed-repeat`` row per call: how many more times that call built a model."""
    merged: list[Json] = []
    first: dict[tuple, Json] = {}
    for row in rows:
        if row["verdict"] != "missed-repeat":
            merged.append(row)
            continue
        key = (row["file"], row["cell"], row["line"])
        if key in first:
            first[key]["repeats"] += 1
            first[key]["detail"] = f"built {first[key]['repeats']} more times, reported once"
        else:
            first[key] = {**row, "repeats": 1, "detail": "built 1 more time, reported once"}
            merged.append(first[key])
    return merged


def keyed(models: list[Json], cell_of: Any, line_of: Any) -> dict[tuple, Json]:
    seen: Counter = Counter()
    out = {}
    for model in models:
        key = (cell_of(model), line_of(model))
        out[(*key, seen[key])] = model
        seen[key] += 1
    return out


def compare_repo(entry: Json, source: Path, document: Json, keras_results: list[Json]) -> Json:
    rows: list[Json] = []
    by_file: dict[str, Json] = {os.path.relpath(r["path"], source): r for r in keras_results}
    ours_files = {os.path.relpath(f["path"], source): f for f in document["files"]}
    for rel in sorted(set(by_file) | set(ours_files)):
        ours_file = ours_files.get(rel, {"models": [], "error": None})
        run = by_file.get(rel)
        ours = {
            (m["position"]["cell"], m["position"]["line"], m["occurrence"]): m
            for m in ours_file["models"]
        }
        theirs = keyed(run["models"] if run else [], lambda m: m["cell"], lambda m: m["line"])
        for key in sorted(set(ours) | set(theirs), key=lambda k: (k[0] or 0, k[1], k[2])):
            row: Json = {"file": rel, "cell": key[0], "line": key[1], "occurrence": key[2]}
            if key in ours and key in theirs:
                row.update(compare_pair(ours[key], theirs[key]))
                row["kind"] = theirs[key].get("kind")
            elif key in theirs:
                model = theirs[key]
                row["kind"] = model.get("kind")
                row["verdict"] = missed_verdict(model, key, ours)
                row["detail"] = (
                    f"{model.get('class', '?')} with {len(model.get('layers', []))} layers, params {model.get('totals', {}).get('params')}"
                )
            else:
                row["verdict"] = "paramlint-only"
                row["detail"] = (
                    f"file {run['status']}: {run['error']}" if run else "file not executed"
                )
            rows.append(row)
    rows = merge_repeats(rows)
    statuses = Counter(r["status"] for r in keras_results)
    return {
        "repo": entry["repo"],
        "commit": entry["commit"],
        "files": len(document["files"]),
        "files_with_models": sum(1 for f in document["files"] if f["models"]),
        "files_paramlint_error": sum(1 for f in document["files"] if f["error"]),
        "paramlint_models": sum(len(f["models"]) for f in document["files"]),
        "files_executed": len(keras_results),
        "run_status": dict(statuses),
        "keras_models": Counter(m.get("kind", "?") for r in keras_results for m in r["models"]),
        "verdicts": dict(Counter(row["verdict"] for row in rows)),
        "rows": rows,
        "errors": Counter(
            (r["error"] or "").split(":")[0].split(" at ")[0]
            for r in keras_results
            if r["status"] != "ok"
        ).most_common(12),
    }


def build_report(pairs: list[tuple[Json, Path, Json, list[Json]]]) -> Json:
    repos = [compare_repo(*pair) for pair in pairs]
    totals: Counter = Counter()
    reasons: Counter = Counter()
    for repo in repos:
        for field in (
            "files",
            "files_with_models",
            "files_paramlint_error",
            "paramlint_models",
            "files_executed",
        ):
            totals[field] += repo[field]
        totals.update({f"run {k}": v for k, v in repo["run_status"].items()})
        totals.update({f"keras {k}": v for k, v in repo["keras_models"].items()})
        totals.update({f"verdict {k}": v for k, v in repo["verdicts"].items()})
        totals["wrong, claimed complete"] += sum(
            1 for r in repo["rows"] if r["verdict"] == "wrong" and r["claimed_complete"]
        )
        reasons.update(
            f"{r['verdict']} | {r['reason']}"
            for r in repo["rows"]
            if r["verdict"] in ("unknown", "unbuilt", "built-mismatch")
        )
        totals["layer names differ (models)"] += sum(
            1 for r in repo["rows"] if r.get("names_differ")
        )
    return {
        "totals": dict(sorted(totals.items())),
        "unknown_reasons": reasons.most_common(),
        "repos": repos,
    }


def render_totals(report: Json) -> str:
    return "\n".join(f"{key:32} {value}" for key, value in report["totals"].items())


def place(row: Json) -> str:
    cell = f":cell {row['cell']}" if row["cell"] else ""
    return f"{row['file']}{cell}:{row['line']}" + (
        f" (#{row['occurrence']})" if row["occurrence"] else ""
    )


def render_markdown(report: Json) -> str:
    out = [
        "# paramlint against real Keras on public repositories",
        "",
        "```",
        render_totals(report),
        "```",
        "",
    ]
    out += [
        "| repo | commit | files | paramlint models | executed | Keras models | verdicts |",
        "|---|---|---|---|---|---|---|",
    ]
    for repo in report["repos"]:
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(repo["verdicts"].items()))
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(repo["keras_models"].items()))
        out.append(
            f"| {repo['repo']} | {repo['commit'][:10]} | {repo['files']} | {repo['paramlint_models']} | {repo['files_executed']} | {kinds} | {verdicts} |"
        )
    for verdict in (
        "wrong",
        "wrong-after-error",
        "built-mismatch",
        "keras-incomplete",
        "missed",
        "missed-functional",
        "unknown",
        "paramlint-only",
    ):
        rows = [
            (repo["repo"], row)
            for repo in report["repos"]
            for row in repo["rows"]
            if row["verdict"] == verdict
        ]
        out += ["", f"## {verdict} ({len(rows)})", ""]
        for repo, row in rows:
            flag = (
                " **(claimed complete)**" if verdict == "wrong" and row["claimed_complete"] else ""
            )
            out.append(f"- `{repo}/{place(row)}`{flag}: {row['detail']}")
    out += ["", "## Why paramlint did not know (unknown, unbuilt, built-mismatch)", ""]
    out += [f"- {n} x {reason}" for reason, n in report["unknown_reasons"]]
    out += ["", "## Why files failed under Keras (first words of the error)", ""]
    for repo in report["repos"]:
        out.append(
            f"- {repo['repo']}: "
            + "; ".join(f"{reason or '?'} x{n}" for reason, n in repo["errors"])
        )
    return "\n".join(out) + "\n"
