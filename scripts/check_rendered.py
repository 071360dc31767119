#!/usr/bin/env python3
"""Reads rendered streams with PyYAML, a YAML 1.1 reader as kubectl is.

Usage: check_rendered.py RENDERED_DIR

RENDERED_DIR holds ENV.yaml (render ENV) and ENV.json (render ENV -o json) per environment.
For each environment, PyYAML reads the YAML stream to exactly the objects of the JSON List:
no value turned into a boolean, number or date, every ConfigMap value a string.
Built-in kinds are checked by kubernetes-validate --strict and custom resources by
check_custom_resources.mjs, both run by the Makefile.
"""

import json
import pathlib
import sys

import yaml


def check_environment(yaml_path, json_path):
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
    return len(documents), problems


def main():
    if len(sys.argv) != 2:
        print("usage: check_rendered.py RENDERED_DIR", file=sys.stderr)
        return 2
    rendered = pathlib.Path(sys.argv[1])
    passed = failed = 0
    for yaml_path in sorted(rendered.glob("*.yaml")):
        count, problems = check_environment(yaml_path, yaml_path.with_suffix(".json"))
        for problem in problems:
            print(problem)
        if problems or count == 0:
            failed += 1
        else:
            passed += 1
            print(f"{yaml_path}: {count} objects read alike as YAML 1.1 and JSON")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
