#!/usr/bin/env python3
"""Prints an image tar's size as a registry and a node see it: compressed (the layers as pulled)
and uncompressed (the layers unpacked), in MB (10^6 bytes), and its layer count.

    image-size.py sidecar/target/jib-image.tar ~/.cache/heapcapture/images/*.tar
"""

import gzip
import json
import sys
import tarfile

for path in sys.argv[1:]:
    with tarfile.open(path) as outer:
        manifest = json.load(outer.extractfile("manifest.json"))[0]
        compressed = uncompressed = 0
        for layer in manifest["Layers"]:
            compressed += outer.getmember(layer).size
            with gzip.open(outer.extractfile(layer)) as raw:
                while chunk := raw.read(1 << 20):
                    uncompressed += len(chunk)
        print("%-40s %-45s %7.1f MB compressed %7.1f MB uncompressed %2d layers" % (
            manifest["RepoTags"][0], path.split("/heapcapture/")[-1], compressed / 1e6,
            uncompressed / 1e6, len(manifest["Layers"])))
