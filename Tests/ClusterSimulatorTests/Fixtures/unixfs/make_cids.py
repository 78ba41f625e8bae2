#!/usr/bin/env python3
"""Expected UnixFS CIDs for the simulator's `/add`, from an independent implementation.

Uses aleph-cid (PyPI, `pip install aleph-cid==0.1.0`), a kubo-compatible CID calculator backed
by a Rust crate, so the simulator's Swift importer is checked against code it shares nothing
with. Writes `cids.txt`: one `<case> <CIDv0> <CIDv1>` line per case (v1 = `--cid-version 1`,
raw leaves). The test data is generated the same way by the Swift tests (UnixFSFixtureData):

- `hello`: the 11 bytes `hello world`;
- `pattern-N`: N bytes of a 4099-byte block repeated, block[j] = ((j * 2654435761) >> 24) & 255;
- `folder`: d/a.txt = hello, d/sub/b.bin = pattern-262145, d/sub/empty = 0 bytes.
"""
import os
import sys
import tempfile

import aleph_cid

BLOCK = bytes(((j * 2654435761) >> 24) & 255 for j in range(4099))


def pattern(n):
    return (BLOCK * (n // len(BLOCK) + 1))[:n]


def cids(data):
    v1 = aleph_cid.CidHasher.for_ipfs_v1_raw_leaves()
    v1.update(data)
    return aleph_cid.compute_cid(data), v1.finalize()


def main(out_path):
    lines = []
    h0, h1 = cids(b"hello world")
    lines.append(f"hello {h0} {h1}")
    for n in [0, 262144, 262145, 1000000, 52428800]:
        c0, c1 = cids(pattern(n))
        lines.append(f"pattern-{n} {c0} {c1}")
    with tempfile.TemporaryDirectory() as tmp:
        d = os.path.join(tmp, "d")
        os.makedirs(os.path.join(d, "sub"))
        with open(os.path.join(d, "a.txt"), "wb") as f:
            f.write(b"hello world")
        with open(os.path.join(d, "sub", "b.bin"), "wb") as f:
            f.write(pattern(262145))
        open(os.path.join(d, "sub", "empty"), "wb").close()
        lines.append(f"folder {aleph_cid.hash_folder(d, cid_version=0)} {aleph_cid.hash_folder(d, cid_version=1)}")
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "cids.txt"))
