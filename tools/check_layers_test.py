#!/usr/bin/env python3
"""Shows that check_layers.py passes a clean tree and fails a deliberately wrong include."""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHECK = os.path.join(HERE, "check_layers.py")

CMAKE = """
weir_add_library(common
  LIBS fmt::fmt)
weir_add_library(runtime    LAYERS common)
weir_add_library(sql        LAYERS runtime)
"""


def make_tree(root, files):
    os.makedirs(os.path.join(root, "weir"), exist_ok=True)
    with open(os.path.join(root, "weir", "CMakeLists.txt"), "w") as f:
        f.write(CMAKE)
    for rel, text in files.items():
        path = os.path.join(root, "weir", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)


def run(root):
    return subprocess.run([sys.executable, CHECK, root], capture_output=True, text=True)


def main():
    failures = 0
    with tempfile.TemporaryDirectory() as good:
        make_tree(good, {
            "common/a.h": '#include "weir/common/b.h"\n',
            "runtime/task.h": '#include "weir/common/a.h"\n',
            "sql/plan.cc": '#include "weir/runtime/task.h"\n#include "weir/common/a.h"\n',
        })
        r = run(good)
        if r.returncode != 0:
            print("FAIL: clean tree rejected:", r.stderr)
            failures += 1
    with tempfile.TemporaryDirectory() as bad:
        make_tree(bad, {
            "common/a.h": '#include "weir/runtime/task.h"\n',
            "runtime/task.h": '#include  "weir/sql/plan.h"\n',
            "sql/plan.h": "",
        })
        r = run(bad)
        if r.returncode == 0:
            print("FAIL: wrong includes accepted")
            failures += 1
        for needle in ("weir/common/a.h:1: layer 'common' may not include 'runtime'",
                       "weir/runtime/task.h:1: layer 'runtime' may not include 'sql'"):
            if needle not in r.stderr:
                print("FAIL: missing report:", needle, "\n", r.stderr)
                failures += 1
    # The real tree must pass too (this also runs as its own test).
    real = run(os.path.join(HERE, "..", "src"))
    if real.returncode != 0:
        print("FAIL: repository tree has layer violations:\n", real.stderr)
        failures += 1
    print("layer check self-test:", "ok" if not failures else f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
