"""Compares two answers of one endpoint by structure, not values: every key path (array items merged, `a[].b`) of
each; a path one answer lacks is a difference when its parent is an object in that answer (a null, or an empty array,
on one side hides what is below it and is not one). Prints the differences; exit code 1 when there are any.
Usage: python3 json-shape.py A.json B.json"""
import json
import sys


def paths(value, path, out, objects):
    out.add(path)
    if isinstance(value, dict):
        objects.add(path)
        for key, item in value.items():
            paths(item, f"{path}.{key}", out, objects)
    elif isinstance(value, list):
        for item in value:
            paths(item, f"{path}[]", out, objects)
    return out, objects


def parent(path):
    if path.endswith("[]"):
        return path[:-2]
    return path.rsplit(".", 1)[0]


def load(name):
    with open(name, encoding="utf-8") as f:
        return paths(json.load(f), "$", set(), set())


(a, a_objects), (b, b_objects) = load(sys.argv[1]), load(sys.argv[2])
both = a & b
differences = sorted(p for p in a ^ b if parent(p) in (b_objects if p in a else a_objects))
for p in differences:
    print(f"{p} only in {sys.argv[1] if p in a else sys.argv[2]}")
print(f"{len(both)} key paths in both, {len(differences)} differences")
sys.exit(1 if differences else 0)
