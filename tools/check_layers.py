#!/usr/bin/env python3
"""Fails when a source file includes a header from a layer it may not use.

The allowed layers come from src/weir/CMakeLists.txt: each
`weir_add_library(<layer> LAYERS <lower>...)` line declares what a layer links,
and a layer may include headers of those layers and of everything they link
(transitively), plus its own. Usage: check_layers.py [SRC_DIR]
(SRC_DIR defaults to the repository's src/, and must contain weir/CMakeLists.txt).
"""
import os
import re
import sys

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*"weir/([a-z_]+)/')
LIBRARY_RE = re.compile(r'weir_add_library\(\s*([a-z_]+)([^)]*)\)', re.S)


def read_layers(src_dir):
    """Returns {layer: set of layers it may include}, transitively closed."""
    cmake = os.path.join(src_dir, "weir", "CMakeLists.txt")
    with open(cmake, encoding="utf-8") as f:
        text = f.read()
    direct = {}
    for m in LIBRARY_RE.finditer(text):
        layer, rest = m.group(1), m.group(2)
        deps = []
        lm = re.search(r'LAYERS((?:\s+[a-z_]+)+?)(?:\s+LIBS\b|\s*$)', rest, re.S)
        if lm:
            deps = lm.group(1).split()
        direct[layer] = deps

    def closure(layer, seen):
        for d in direct.get(layer, []):
            if d not in seen:
                seen.add(d)
                closure(d, seen)
        return seen

    return {layer: closure(layer, {layer}) for layer in direct}


def check(src_dir):
    allowed = read_layers(src_dir)
    errors = []
    root = os.path.join(src_dir, "weir")
    for layer in sorted(allowed):
        layer_dir = os.path.join(root, layer)
        for dirpath, _, files in os.walk(layer_dir):
            for name in sorted(files):
                if not name.endswith((".h", ".cc", ".h.in")):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for lineno, line in enumerate(f, 1):
                        m = INCLUDE_RE.match(line)
                        if not m:
                            continue
                        target = m.group(1)
                        if target not in allowed:
                            errors.append(f"{os.path.relpath(path, src_dir)}:{lineno}: "
                                          f"includes unknown layer '{target}'")
                        elif target not in allowed[layer]:
                            errors.append(
                                f"{os.path.relpath(path, src_dir)}:{lineno}: layer '{layer}' "
                                f"may not include '{target}' (it may use: "
                                f"{', '.join(sorted(allowed[layer]))})")
    return errors


def main(argv):
    src_dir = argv[1] if len(argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "src")
    errors = check(src_dir)
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        print(f"layer check: {len(errors)} include(s) point up the stack", file=sys.stderr)
        return 1
    print("layer check: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
