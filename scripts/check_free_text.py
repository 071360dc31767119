#!/usr/bin/env python3
"""Reads the free-text property cases (written by crates/renderer/tests/free_text.rs) with
PyYAML, a YAML 1.1 reader as kubectl is: every accepted string must come back exactly.
Usage: check_free_text.py CASES.json"""

import json
import sys

import yaml


def at(value, pointer):
    for part in pointer.strip("/").split("/"):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def main():
    cases = json.load(open(sys.argv[1]))
    failed = 0
    for case in cases:
        documents = [d for d in yaml.safe_load_all(case["yaml"]) if d]
        found = next(d for d in documents if d["kind"] == case["kind"] and d["metadata"]["name"] == case["name"])
        actual = at(found, case["pointer"])
        if actual != case["expected"]:
            failed += 1
            print(f"{case['kind']} {case['name']} {case['pointer']}: YAML 1.1 reads {actual!r}, expected {case['expected']!r}")
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed or not cases else 0


if __name__ == "__main__":
    sys.exit(main())
