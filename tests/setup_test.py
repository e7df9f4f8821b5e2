"""Set-up scripts given bad input: each stops with one clear message that
names what failed and how to retry, and leaves nothing half-made behind."""

import os
import subprocess
import tempfile
import unittest

SCRIPTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts")


def run(script, cache, **env):
    e = dict(os.environ, SEIOT_CACHE=cache, **env)
    return subprocess.run(["bash", os.path.join(SCRIPTS, script)], env=e,
                          capture_output=True, text=True, timeout=300)


class SetupScriptTest(unittest.TestCase):
    def setUp(self):
        self.cache = tempfile.mkdtemp(prefix="seiot-cache-")
        self.addCleanup(subprocess.run, ["rm", "-rf", self.cache])

    def test_missing_qemu_version(self):
        r = run("fetch-qemu.sh", self.cache, QEMU_DEB_VERSION="1:10.0.999+ds-0+deb13u1")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("apt-get source qemu=1:10.0.999+ds-0+deb13u1' failed", r.stderr)
        self.assertIn("retry", r.stderr)
        # Nothing half-made is left to be used by the next run.
        self.assertFalse(os.path.exists(os.path.join(self.cache, "qemu", "10.0.999", ".extracted")))
        self.assertFalse(os.path.exists(os.path.join(self.cache, "dl", "qemu-1:10.0.999+ds-0+deb13u1")))

    def test_corrupt_qemu_download_is_removed(self):
        ver = "1:10.0.998+ds-0+deb13u1"
        dl = os.path.join(self.cache, "dl", "qemu-" + ver)
        os.makedirs(dl)
        with open(os.path.join(dl, "qemu_10.0.998+ds-0+deb13u1.dsc"), "w") as f:
            f.write("not a dsc\n")
        r = run("fetch-qemu.sh", self.cache, QEMU_DEB_VERSION=ver)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("dpkg-source -x failed", r.stderr)
        self.assertFalse(os.path.exists(dl), "the corrupt download must be removed")
        self.assertFalse(os.path.exists(os.path.join(self.cache, "qemu", "10.0.998")))

    def test_missing_kernel_version(self):
        r = run("fetch-guest.sh", self.cache, GUEST_KERNEL_PKG="linux-image-6.1.0-999-arm64")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("linux-image-6.1.0-999-arm64", r.stderr)
        self.assertEqual(r.stderr.count("ERROR"), 1, r.stderr)
        self.assertIn("retry", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.cache, "guest", "6.1.0-999-arm64")))

    def test_unknown_kernel_name(self):
        r = run("fetch-guest.sh", self.cache, GUEST_KERNEL="5.10")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("unknown GUEST_KERNEL '5.10'", r.stderr)
        self.assertIn("6.12", r.stderr)
        self.assertEqual(r.stderr.count("ERROR"), 1, r.stderr)

    def test_headers_not_matching_kernel(self):
        # A guest cache whose headers were made for another kernel than its
        # image: the module build refuses it before compiling anything.
        g = os.path.join(self.cache, "guest")
        kver, other = "6.12.99+bpo-arm64", "6.12.98+bpo-arm64"
        arch = os.path.join(g, "headers", "usr", "src", "linux-headers-" + kver)
        common = os.path.join(g, "headers", "usr", "src", "linux-headers-6.12.99+bpo-common")
        os.makedirs(os.path.join(arch, "include", "generated"))
        os.makedirs(common)
        os.makedirs(os.path.join(g, "kbuild", "scripts"))
        with open(os.path.join(arch, "Makefile"), "w") as f:
            f.write("include /usr/src/linux-headers-6.12.99+bpo-common/Makefile\n")
        with open(os.path.join(arch, "include", "generated", "utsrelease.h"), "w") as f:
            f.write(f'#define UTS_RELEASE "{other}"\n')
        for name, text in (("KVER", kver), ("KBUILD", "kbuild")):
            with open(os.path.join(g, name), "w") as f:
                f.write(text + "\n")
        extra = os.path.join(self.cache, "extra")
        r = subprocess.run(["bash", os.path.join(SCRIPTS, "..", "guest-linux", "build.sh"), g, extra],
                           capture_output=True, text=True, timeout=120)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(f"are for kernel '{other}', not {kver}", r.stderr)
        self.assertIn("retry", r.stderr)
        self.assertEqual(r.stderr.count("ERROR"), 1, r.stderr)
        self.assertFalse(os.path.exists(os.path.join(extra, "lib", "modules")))


if __name__ == "__main__":
    unittest.main(verbosity=2)
