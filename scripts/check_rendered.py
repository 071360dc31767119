#!/usr/bin/env python3
"""Checks rendered streams with tools this project did not write.

Usage: check_rendered.py CRD_DIR RENDERED_DIR

RENDERED_DIR holds ENV.yaml (render ENV) and ENV.json (render ENV -o json) per environment.
For each environment:
  - PyYAML (a YAML 1.1 reader, as kubectl is) reads the YAML stream to exactly the objects
    of the JSON List: no value turned into a boolean, number or date, every ConfigMap value
    a string;
  - every custom resource validates against the openAPIV3Schema of its CRD in CRD_DIR,
    with unknown fields refused (the API server's strict field validation).
Built-in kinds are checked by kubernetes-validate --strict, run by the Makefile.
"""

import json
import pathlib
import sys

import jsonschema
import yaml


def load_crd_schemas(crd_dir):
    """(apiVersion, kind) -> openAPIV3Schema of each served version."""
    schemas = {}
    for path in sorted(pathlib.Path(crd_dir).glob("*.yaml")):
        crd = yaml.safe_load(path.read_text())
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            if version.get("served"):
                schema = version["schema"]["openAPIV3Schema"]
                schemas[(f"{group}/{version['name']}", kind)] = strict(schema)
    return schemas


def strict(schema):
    """Refuses properties a schema does not name, where it names some and says nothing
    about others (what `kubectl apply --validate=strict` does for CRDs)."""
    if isinstance(schema, dict):
        schema = {key: strict(value) for key, value in schema.items()}
        if schema.get("type") == "object" and "properties" in schema:
            schema.setdefault("additionalProperties", False)
    elif isinstance(schema, list):
        schema = [strict(item) for item in schema]
    return schema


def check_environment(yaml_path, json_path, crd_schemas):
    problems = []
    documents = [d for d in yaml.safe_load_all(yaml_path.read_text()) if d is not None]
    items = json.loads(json_path.read_text())["items"]
    if documents != items:
        for index, (document, item) in enumerate(zip(documents, items)):
            if document != item:
                problems.append(f"{yaml_path}: document {index} reads differently under YAML 1.1:\n  yaml: {document}\n  json: {item}")
        if len(documents) != len(items):
            problems.append(f"{yaml_path}: {len(documents)} documents, but the JSON List has {len(items)} items")
    for document in documents:
        name = f"{document.get('kind')}/{document.get('metadata', {}).get('name')}"
        if document.get("kind") == "ConfigMap":
            for key, value in (document.get("data") or {}).items():
                if not isinstance(value, str):
                    problems.append(f"{yaml_path}: {name}: data.{key} reads as {type(value).__name__} {value!r}, not a string")
        schema = crd_schemas.get((document.get("apiVersion"), document.get("kind")))
        if schema is not None:
            validator = jsonschema.Draft7Validator(schema)
            for error in validator.iter_errors(document):
                path = ".".join(str(p) for p in error.absolute_path)
                problems.append(f"{yaml_path}: {name}: {path}: {error.message}")
    return len(documents), problems


def main():
    crd_dir, rendered = sys.argv[1], pathlib.Path(sys.argv[2])
    crd_schemas = load_crd_schemas(crd_dir)
    kinds = sorted(kind for _, kind in crd_schemas)
    if kinds != ["ExternalSecret", "ServiceMonitor"]:
        print(f"{crd_dir}: expected the ExternalSecret and ServiceMonitor CRDs, found {kinds}")
        return 1
    passed = failed = 0
    for yaml_path in sorted(rendered.glob("*.yaml")):
        count, problems = check_environment(yaml_path, yaml_path.with_suffix(".json"), crd_schemas)
        for problem in problems:
            print(problem)
        if problems or count == 0:
            failed += 1
        else:
            passed += 1
            print(f"{yaml_path}: {count} objects read alike as YAML 1.1 and JSON; custom resources match their CRDs")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
