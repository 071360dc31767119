#!/usr/bin/env python3
"""A test double for the programs the cluster scripts run (kubectl, gh, git, make):
records each call and answers from a fixture. The tests link it under those names into a
folder first on PATH; no cluster, GitHub or repository is ever reached.

DOUBLE_LOG names a file that gets one JSON line per call: the program's name, then its
arguments. DOUBLE_ANSWERS names a JSON file mapping a program's name to a mapping from its
arguments, joined by spaces, to {"stdout": ..., "stderr": ..., "exit": ...}; calls it does
not name print nothing and succeed.
"""
import json
import os
import sys

program = os.path.basename(sys.argv[0])
args = sys.argv[1:]
with open(os.environ["DOUBLE_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps([program, *args]) + "\n")
answers = {}
if os.environ.get("DOUBLE_ANSWERS"):
    with open(os.environ["DOUBLE_ANSWERS"], encoding="utf-8") as file:
        answers = json.load(file).get(program, {})
answer = answers.get(" ".join(args), {})
sys.stdout.write(answer.get("stdout", ""))
sys.stderr.write(answer.get("stderr", ""))
sys.exit(answer.get("exit", 0))
