#!/usr/bin/env python3
"""Unpacks an image tar (`docker save` archive: ours or Jib's) into a root file system directory.

    unpack-image.py image.tar rootfs/   # then, as root: chroot rootfs/ /opt/java/openjdk/bin/java ...

Layers are applied in order; whiteouts (.wh.*) are honoured. For checking images on a machine
without a container runtime: the file system, the user, what starts.
"""

import json
import os
import shutil
import sys
import tarfile


def main(image, dest):
    os.makedirs(dest, exist_ok=True)
    with tarfile.open(image) as outer:
        manifest = json.load(outer.extractfile("manifest.json"))[0]
        for layer in manifest["Layers"]:
            with tarfile.open(fileobj=outer.extractfile(layer), mode="r|*") as tar:
                for member in tar:
                    base = os.path.basename(member.name)
                    if base.startswith(".wh."):
                        target = os.path.join(dest, os.path.dirname(member.name), base[4:])
                        if os.path.isdir(target) and not os.path.islink(target):
                            shutil.rmtree(target)
                        elif os.path.lexists(target):
                            os.remove(target)
                        continue
                    tar.extract(member, dest, numeric_owner=True, filter="fully_trusted")
    print(json.dumps(json.load(outer_config(image, manifest["Config"]))["config"], indent=1))


def outer_config(image, name):
    return tarfile.open(image).extractfile(name)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
