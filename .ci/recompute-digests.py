#!/usr/bin/env python3
"""Recomputes the content digest of every artifact `keel build` writes, the way a third party
does (docs/digest.md): parse the JSON, drop what the digest leaves out, serialize with an
independent RFC 8785 (JCS) library, SHA-256. Fails unless every artifact's `digest` agrees.

Usage: recompute-digests.py KEEL [PATH...]   (default paths: examples/)
Each PATH is built with `KEEL build PATH --out TMP` (a directory of workflows; it must pass).
"""
import hashlib, json, os, subprocess, sys, tempfile

import rfc8785

LEFT_OUT = ("approvals", "digest", "checked_for", "policy")
COVERAGE = ("transition_coverage", "boundary_coverage", "segment_coverage")


def parse_int(text):
    # JSON readers that hold numbers as doubles (JCS's model) read integers beyond 2^53 as
    # doubles too; Python's int would be refused by rfc8785.
    n = int(text)
    return n if abs(n) < 2**53 else float(n)


def digest_of(artifact_text):
    doc = json.loads(artifact_text, parse_int=parse_int)
    claimed = doc["digest"]
    for k in LEFT_OUT:
        doc.pop(k, None)
    for k in COVERAGE:
        doc.get("tests", {}).pop(k, None)
    return claimed, "sha256:" + hashlib.sha256(rfc8785.dumps(doc)).hexdigest()


def main():
    keel, paths = sys.argv[1], sys.argv[2:] or ["examples"]
    checked, bad = 0, 0
    for path in paths:
        with tempfile.TemporaryDirectory() as out:
            r = subprocess.run([keel, "build", path, "--out", out], capture_output=True, text=True)
            if r.returncode != 0:
                print("keel build %s failed (exit %d):\n%s%s" % (path, r.returncode, r.stdout[-2000:], r.stderr[-2000:]))
                return 1
            for name in sorted(os.listdir(out)):
                if not name.endswith(".json"):
                    continue
                claimed, got = digest_of(open(os.path.join(out, name), encoding="utf-8").read())
                checked += 1
                if claimed != got:
                    bad += 1
                    print("MISMATCH %s/%s: artifact says %s, RFC 8785 gives %s" % (path, name, claimed, got))
    print("%d artifacts recomputed, %d disagree" % (checked, bad))
    if checked == 0:
        print("no artifacts were built")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
