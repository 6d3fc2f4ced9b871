#!/usr/bin/env python3
"""Regenerates the kind sections of docs/api.md from the generated CRDs (config/crd/bases) and the examples.

Each `## Kind` section gets the CRD's description, its short names and columns, the breast-cancer example of
the kind, and a table of every field. The sections before the first kind are kept as written.
Run after `sluice crds --output config/crd/bases`: python3 hack/api-docs.py
"""
import pathlib
import re
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "api.md"
KINDS = [("Pipeline", "pipelines", "pipeline.yaml"), ("PipelineRun", "pipelineruns", "pipelinerun.yaml"),
         ("ModelVersion", "modelversions", "modelversion.yaml"), ("DriftMonitor", "driftmonitors", "driftmonitor.yaml")]


def type_of(schema):
    t = schema.get("type", "object")
    if t == "array":
        return "[]" + type_of(schema.get("items", {}))
    if t == "object" and isinstance(schema.get("additionalProperties"), dict):
        return "map[string]" + type_of(schema["additionalProperties"])
    return t


def constraints(schema):
    parts = []
    for key in ["enum", "default", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "pattern"]:
        if key in schema:
            value = schema[key]
            if key == "enum":
                value = ", ".join(str(v) for v in value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            parts.append(f"{key}: `{value}`")
    if schema.get("type") == "array":
        items = schema.get("items", {})
        for key in ["minLength", "maxLength", "pattern"]:
            if key in items:
                parts.append(f"items {key}: `{items[key]}`")
        if schema.get("x-kubernetes-list-type") == "set":
            parts.append("unique items")
    return "; ".join(parts)


def rows(schema, path, required):
    out = []
    props = schema.get("properties", {})
    needed = set(schema.get("required", []))
    for name, child in props.items():
        child_path = f"{path}.{name}" if path else name
        desc = " ".join(child.get("description", "").split())
        out.append(f"| `{child_path}` | {type_of(child)} | {'yes' if name in needed else ''} | {desc} {constraints(child)} |")
        if child.get("type") == "array" and child.get("items", {}).get("type", "object") == "object":
            out.extend(rows(child["items"], child_path + "[]", set()))
        elif child.get("type", "object") == "object" and "properties" in child:
            out.extend(rows(child, child_path, set()))
    return out


def section(kind, plural, example):
    crd = yaml.safe_load((ROOT / "config" / "crd" / "bases" / f"sluice.dev_{plural}.yaml").read_text())
    version = crd["spec"]["versions"][0]
    schema = version["schema"]["openAPIV3Schema"]
    names = crd["spec"]["names"]
    columns = [c["name"] for c in version.get("additionalPrinterColumns", []) if not c.get("priority")]
    lines = [f"## {kind}", "", " ".join(schema.get("description", "").split()), "",
             f"Short names: {', '.join(names.get('shortNames', []))}. Columns: {', '.join(columns)}.", ""]
    example_file = ROOT / "examples" / "breast-cancer" / example
    if example_file.exists():
        lines += ["```yaml", example_file.read_text().rstrip("\n"), "```", ""]
    lines += ["| Field | Type | Required | Description |", "|---|---|---|---|"]
    body = {k: v for k, v in schema["properties"].items() if k in ("spec", "status")}
    lines += rows({"properties": body, "required": schema.get("required", [])}, "", set())
    return "\n".join(lines) + "\n"


def main():
    text = DOC.read_text()
    first = re.search(r"^## (Pipeline|PipelineRun|ModelVersion|DriftMonitor)$", text, re.M)
    head = text[:first.start()] if first else text
    DOC.write_text(head.rstrip("\n") + "\n\n" + "\n".join(section(*k) for k in KINDS))


if __name__ == "__main__":
    main()
