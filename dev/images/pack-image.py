#!/usr/bin/env python3
"""Packs root filesystem directories into a container image tar, without Docker or a registry.

    pack-image.py --name heapcapture.local/pause:3.10 --output pause.tar --layer rootfs/ \
        --user 65535:65535 --entrypoint '["/pause"]' [--env K=V]... [--label K=V]... [--workdir /] \
        [--chown home/nonroot=65532:65532]...

Each --layer directory becomes one gzip layer. The tar is at once
- an OCI image layout (oci-layout, index.json with the io.containerd.image.name annotation), which
  `ctr -n k8s.io images import` reads and names, and
- a `docker save` archive (manifest.json with RepoTags), which Jib reads as a `tar://` base image
  (Jib's LocalBaseImageSteps reads only manifest.json).
Both name the same blobs. Deterministic: entries sorted, every mtime SOURCE_DATE_EPOCH (default
0), no user or group names, a fixed gzip header; the same directories give the same bytes.
"""

import argparse
import gzip
import hashlib
import io
import json
import os
import stat
import sys
import tarfile
import tempfile

EPOCH = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"


class Hashing(io.RawIOBase):
    """A write-only stream that hashes and counts what passes through it to `target`."""

    def __init__(self, target):
        self.target = target
        self.sha = hashlib.sha256()
        self.size = 0

    def writable(self):
        return True

    def write(self, data):
        self.sha.update(data)
        self.size += len(data)
        if self.target is not None:
            self.target.write(data)
        return len(data)


def walk(root):
    """Every path under root, parents before children, siblings in byte order."""
    for entry in sorted(os.listdir(root), key=os.fsencode):
        path = os.path.join(root, entry)
        yield path
        if os.path.isdir(path) and not os.path.islink(path):
            yield from walk(path)


def write_layer(rootfs, out, owners):
    """Writes rootfs as a gzip tar to out; returns (diff_id, digest, size).

    Every entry belongs to root (0:0), whoever built the directory, except the paths in owners.
    """
    compressed = Hashing(out)
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=compressed, mtime=0) as gz:
        raw = Hashing(gz)
        with tarfile.open(fileobj=raw, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            for path in walk(rootfs):
                name = os.path.relpath(path, rootfs)
                info = tar.gettarinfo(path, arcname=name)
                info.mtime = EPOCH
                info.uid, info.gid = owners.get(name, (0, 0))
                info.uname = info.gname = ""
                info.mode = stat.S_IMODE(os.lstat(path).st_mode)
                if info.isreg():
                    with open(path, "rb") as f:
                        tar.addfile(info, f)
                else:
                    tar.addfile(info)
    return "sha256:" + raw.sha.hexdigest(), "sha256:" + compressed.sha.hexdigest(), compressed.size


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def full_name(name):
    """The name as containerd stores it: docker.io/library/x:tag for a bare x:tag."""
    first = name.split("/", 1)[0]
    if "/" in name and ("." in first or ":" in first or first == "localhost"):
        return name
    return "docker.io/" + ("" if "/" in name else "library/") + name


def add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), EPOCH, 0o644
    tar.addfile(info, io.BytesIO(data))


def key_values(pairs):
    result = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        result[key] = value
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--layer", action="append", required=True)
    parser.add_argument("--user", default="65532:65532")
    parser.add_argument("--entrypoint", type=json.loads, default=None, help="a JSON array")
    parser.add_argument("--cmd", type=json.loads, default=None, help="a JSON array")
    parser.add_argument("--env", action="append", default=[])
    parser.add_argument("--label", action="append", default=[])
    parser.add_argument("--workdir", default="/")
    parser.add_argument("--chown", action="append", default=[], help="PATH=UID:GID inside a layer")
    args = parser.parse_args()

    out_dir = os.path.dirname(os.path.abspath(args.output))
    os.makedirs(out_dir, exist_ok=True)
    owners = {}
    for path, ids in key_values(args.chown).items():
        uid, gid = ids.split(":")
        owners[path.strip("/")] = (int(uid), int(gid))
    layers = []
    with tempfile.TemporaryDirectory(dir=out_dir) as scratch:
        for index, rootfs in enumerate(args.layer):
            path = os.path.join(scratch, "layer%d" % index)
            with open(path, "wb") as f:
                diff_id, digest, size = write_layer(rootfs, f, owners)
            layers.append((path, diff_id, digest, size))

        container = {"User": args.user, "WorkingDir": args.workdir}
        if args.env:
            container["Env"] = args.env
        if args.entrypoint is not None:
            container["Entrypoint"] = args.entrypoint
        if args.cmd is not None:
            container["Cmd"] = args.cmd
        if args.label:
            container["Labels"] = key_values(args.label)
        config = canonical(
            {
                "architecture": "amd64",
                "os": "linux",
                "created": "1970-01-01T00:00:00Z",
                "config": container,
                "rootfs": {"type": "layers", "diff_ids": [layer[1] for layer in layers]},
                "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "dev/images/pack-image.py"}
                            for _ in layers],
            }
        )
        config_digest = "sha256:" + hashlib.sha256(config).hexdigest()
        manifest = canonical(
            {
                "schemaVersion": 2,
                "mediaType": OCI_MANIFEST,
                "config": {"mediaType": OCI_CONFIG, "digest": config_digest, "size": len(config)},
                "layers": [{"mediaType": OCI_LAYER, "digest": d, "size": s} for _, _, d, s in layers],
            }
        )
        manifest_digest = "sha256:" + hashlib.sha256(manifest).hexdigest()
        tag = args.name.rsplit(":", 1)[1] if ":" in args.name.rsplit("/", 1)[-1] else "latest"
        index = canonical(
            {
                "schemaVersion": 2,
                "mediaType": OCI_INDEX,
                "manifests": [
                    {
                        "mediaType": OCI_MANIFEST,
                        "digest": manifest_digest,
                        "size": len(manifest),
                        "annotations": {
                            "io.containerd.image.name": full_name(args.name),
                            "org.opencontainers.image.ref.name": tag,
                        },
                    }
                ],
            }
        )

        def blob(digest):
            return "blobs/sha256/" + digest.split(":", 1)[1]

        docker = canonical(
            [{"Config": blob(config_digest), "RepoTags": [args.name],
              "Layers": [blob(d) for _, _, d, _ in layers]}]
        )
        partial = args.output + ".partial"
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            for directory in ("blobs", "blobs/sha256"):
                info = tarfile.TarInfo(directory)
                info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, EPOCH
                tar.addfile(info)
            add_bytes(tar, blob(config_digest), config)
            for path, _, digest, size in layers:
                info = tarfile.TarInfo(blob(digest))
                info.size, info.mtime, info.mode = size, EPOCH, 0o644
                with open(path, "rb") as f:
                    tar.addfile(info, f)
            add_bytes(tar, blob(manifest_digest), manifest)
            add_bytes(tar, "index.json", index)
            add_bytes(tar, "manifest.json", docker)
            add_bytes(tar, "oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
        os.replace(partial, args.output)
    print("%s %s %s" % (args.output, args.name, manifest_digest))


if __name__ == "__main__":
    sys.exit(main())
