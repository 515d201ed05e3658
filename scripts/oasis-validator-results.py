#!/usr/bin/env python3
"""Runs the OASIS STIX 2.1 validator (oasis-open/cti-stix-validator) over a corpus and writes
one JSON record per object, for scripts/compare-oasis-validator.ts.

The validator is NOT part of this repository: it is imported from PYTHONPATH (see
docs/validation.md, "Side-by-side run with the OASIS validator", for the checkouts used).

    python3 scripts/oasis-validator-results.py ../shared/corpus /tmp/oasis-results.json [--shard K/N]

`--shard K/N` validates only shard K (1-based) of N, the files dealt out by size so that N
processes take about the same time; compare-oasis-validator.ts accepts the N outputs together.

Every `.json` and `.json.gz` file is validated (`.json.gz` is gunzipped to a temporary
directory first) exactly as `stix2_validator <file>` would, with the default options (no
strict mode, no interop, SHOULD checks as warnings). The validator returns one result per
file for a bundle; its error messages start with the id of the object they are about (schema
errors: "<id>: ..."; MUST checks: the id as the error path), so errors are attributed to the
objects of the bundle by that prefix. Only errors (MUST rules and schema) decide `valid`;
warnings (SHOULD rules) are counted but never make an object invalid.

Record: {file, index, id, type, kind: "object"|"bundle"|"file", valid, errors, warnings}.
`kind: "file"` is a file the validator could not process at all (its `fatal` result).
"""

import gzip
import json
import os
import re
import shutil
import sys
import tempfile

from stix2validator import ValidationOptions, validate_file, validate_parsed_json
from stix2validator import output as oasis_output

OBJ_INDEX_RE = re.compile(r"^objects\[(\d+)\]")


def walk(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".json") or name.endswith(".json.gz"):
                yield os.path.join(dirpath, name)


def messages(result):
    return [str(e) for e in (result.errors or [])], [str(w) for w in (result.warnings or [])]


def shard_of(paths, k, n):
    """Deals the files out by size (largest first, each to the lightest shard)."""
    loads = [0] * n
    owner = {}
    for path in sorted(paths, key=lambda p: (-os.path.getsize(p), p)):
        lightest = loads.index(min(loads))
        owner[path] = lightest
        loads[lightest] += os.path.getsize(path)
    return [p for p in paths if owner[p] == k - 1]


def medallion_objects(data):
    """medallion's memory-backend file: API roots -> collections -> objects."""
    objects = []
    for root in data.values():
        if isinstance(root, dict):
            for collection in root.get("collections", []) or []:
                objects.extend(collection.get("objects", []) or [])
    return objects


def attribute(bundle, result, rel):
    """Splits the single bundle result into one record per object, by error prefix."""
    objects = bundle.get("objects") if isinstance(bundle.get("objects"), list) else []
    ids = {}
    for index, obj in enumerate(objects):
        if isinstance(obj, dict) and isinstance(obj.get("id"), str):
            ids.setdefault(obj["id"], []).append(index)
    by_index = {i: ([], []) for i in range(len(objects))}
    bundle_id = bundle.get("id") if isinstance(bundle.get("id"), str) else ""
    own = ([], [])
    errors, warnings = messages(result)
    # Longest ids first so that an id that is a prefix of another cannot steal its messages.
    ordered = sorted(ids, key=len, reverse=True)
    for slot, texts in ((0, errors), (1, warnings)):
        for text in texts:
            target = None
            for oid in ordered:
                if text.startswith(oid + ":"):
                    target = ids[oid]
                    break
            if target is None and bundle_id and text.startswith(bundle_id + ":"):
                rest = text[len(bundle_id) + 1:].lstrip()
                m = OBJ_INDEX_RE.match(rest)
                target = [int(m.group(1))] if m and int(m.group(1)) in by_index else None
            if target is None:
                own[slot].append(text)
            else:
                for i in target:
                    by_index[i][slot].append(text)
    records = [{
        "file": rel, "index": -1, "id": bundle_id, "type": "bundle", "kind": "bundle",
        "valid": not own[0], "errors": own[0], "warnings": len(own[1]),
    }]
    for index, obj in enumerate(objects):
        errs, warns = by_index[index]
        oid = obj.get("id") if isinstance(obj, dict) else None
        records.append({
            "file": rel, "index": index, "id": oid if isinstance(oid, str) else "",
            "type": obj.get("type") if isinstance(obj, dict) else None, "kind": "object",
            "valid": not errs, "errors": errs, "warnings": len(warns),
            "sharedId": isinstance(oid, str) and len(ids.get(oid, [])) > 1,
        })
    return records


def list_records(objects, results, rel):
    records = []
    for index, (obj, res) in enumerate(zip(objects, results)):
        errs, warns = messages(res)
        records.append({
            "file": rel, "index": index, "id": getattr(res, "object_id", "") or "",
            "type": obj.get("type") if isinstance(obj, dict) else None, "kind": "object",
            "valid": bool(res.is_valid), "errors": errs, "warnings": len(warns),
        })
    return records


def fatal_record(rel, text):
    return {"file": rel, "index": -1, "id": "", "type": None, "kind": "file",
            "valid": False, "errors": [text], "warnings": 0}


def validate_one(path, rel):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except Exception:
        data = None  # the validator reports the syntax error itself (fatal)
    if isinstance(data, dict) and "type" not in data and "id" not in data:
        # Not a STIX document: medallion's data file. Validate the objects it holds as a list.
        objects = medallion_objects(data)
        results = validate_parsed_json(objects, ValidationOptions())
        return list_records(objects, results, rel)
    file_result = validate_file(path, ValidationOptions(files=path))
    if file_result.fatal is not None:
        return [fatal_record(rel, str(file_result.fatal.error))]
    results = file_result.object_results
    if isinstance(data, list):
        return list_records(data, results, rel)
    result = results[0]
    if isinstance(data, dict) and data.get("type") == "bundle":
        return attribute(data, result, rel)
    errs, warns = messages(result)
    return [{
        "file": rel, "index": 0, "id": result.object_id or "", "type": data.get("type"),
        "kind": "object", "valid": bool(result.is_valid), "errors": errs, "warnings": len(warns),
    }]


def main():
    argv = sys.argv[1:]
    shard = (1, 1)
    if len(argv) == 4 and argv[2] == "--shard":
        shard = tuple(int(x) for x in argv[3].split("/"))
        argv = argv[:2]
    if len(argv) != 2 or not 1 <= shard[0] <= shard[1]:
        sys.exit("usage: oasis-validator-results.py CORPUS_DIR OUT.json [--shard K/N]")
    corpus, out = argv
    oasis_output.set_silent(True)
    tmp = tempfile.mkdtemp(prefix="oasis-corpus-")
    records = []
    try:
        for path in shard_of(list(walk(corpus)), *shard):
            rel = os.path.relpath(path, corpus).replace(os.sep, "/")
            target = path
            if path.endswith(".gz"):
                target = os.path.join(tmp, rel[:-3].replace("/", "__"))
                with gzip.open(path, "rb") as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
            file_records = validate_one(target, rel)
            bad = sum(1 for r in file_records if not r["valid"])
            print(f"{rel}: {len(file_records)} records, {bad} invalid", file=sys.stderr, flush=True)
            records.extend(file_records)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(records, f)


if __name__ == "__main__":
    main()
