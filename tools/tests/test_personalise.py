"""se-personalise: creates and personalises an NVM image, refuses bad input
and an image in use, and never touches an image of another kind."""

import fcntl
import os
import subprocess
import sys
import tempfile
import unittest
import zlib

TOOL, PKI = sys.argv.pop(1), sys.argv.pop(1)


def run(*args):
    return subprocess.run([TOOL, *args], capture_output=True, text=True, timeout=60)


def perso(nvm, key="se.key.der", *extra):
    return run("--nvm", nvm, "--ca", f"{PKI}/ca.der", "--cert", f"{PKI}/se.der",
               "--key", f"{PKI}/{key}", *extra)


class PersonaliseTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.nvm = os.path.join(self.dir.name, "se.nvm")

    def tearDown(self):
        self.dir.cleanup()

    def test_new_image_then_again(self):
        r = perso(self.nvm)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("(new image)", r.stdout)
        size = os.path.getsize(self.nvm)
        with open(self.nvm, "rb") as f:
            image = f.read()
        self.assertGreaterEqual(size, 8192)
        self.assertTrue(image.startswith(b"SEOS"))
        r = perso(self.nvm, "se.key.der", "--name", "localhost")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("(new image)", r.stdout)

    def test_bad_key_leaves_image_alone(self):
        self.assertEqual(perso(self.nvm).returncode, 0)
        with open(self.nvm, "rb") as f:
            before = f.read()
        r = perso(self.nvm, "ca.der")  # a certificate, not a key
        self.assertEqual(r.returncode, 1)
        self.assertIn("private key", r.stderr)
        with open(self.nvm, "rb") as f:
            self.assertEqual(f.read(), before)

    def bad_ca(self, mutate):
        with open(f"{PKI}/ca.der", "rb") as f:
            ca = bytearray(f.read())
        mutate(ca)
        path = os.path.join(self.dir.name, "bad-ca.der")
        with open(path, "wb") as f:
            f.write(ca)
        return run("--nvm", self.nvm, "--ca", path, "--cert", f"{PKI}/se.der",
                   "--key", f"{PKI}/se.key.der")

    def test_malformed_ca_is_refused_by_the_se(self):
        def month(ca):
            # notAfter is the second UTCTime; its month's tens digit becomes a space
            first = ca.index(b"\x17\x0d")
            ca[ca.index(b"\x17\x0d", first + 1) + 4] = 0x20

        def truncate(ca):
            del ca[len(ca) // 2:]

        def trailing(ca):
            ca.append(0)

        for name, mutate in (("notAfter month", month), ("truncated", truncate),
                             ("trailing byte", trailing)):
            with self.subTest(name):
                r = self.bad_ca(mutate)
                self.assertEqual(r.returncode, 1, r.stdout)
                self.assertIn("not a well-formed DER X.509 certificate", r.stderr)
                self.assertIn("SW 6A80", r.stderr)
        self.assertEqual(perso(self.nvm).returncode, 0, "the good CA is accepted after")

    def test_missing_file_argument(self):
        r = run("--nvm", self.nvm, "--ca", f"{PKI}/nonexistent.der", "--cert", f"{PKI}/se.der",
                "--key", f"{PKI}/se.key.der")
        self.assertEqual(r.returncode, 1)
        self.assertIn("nonexistent.der", r.stderr)
        self.assertEqual(run("--nvm").returncode, 2)

    def test_image_in_use_is_refused(self):
        self.assertEqual(perso(self.nvm).returncode, 0)
        with open(self.nvm, "r+b") as f:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            r = perso(self.nvm)
        self.assertEqual(r.returncode, 1)
        self.assertIn("in use by another process", r.stderr)

    def test_foreign_image_is_not_formatted(self):
        self.assertEqual(perso(self.nvm).returncode, 0)
        with open(self.nvm, "rb") as f:
            image = bytearray(f.read())
        # The same image as a newer format version would write it (valid header CRC).
        image[4:6] = b"\x00\x63"
        image[28:32] = zlib.crc32(bytes(image[0:28])).to_bytes(4, "big")
        before = bytes(image)
        with open(self.nvm, "wb") as f:
            f.write(before)
        r = perso(self.nvm)
        self.assertEqual(r.returncode, 1, r.stdout)
        with open(self.nvm, "rb") as f:
            self.assertEqual(f.read(), before)

    def test_non_image_file_is_left_byte_identical(self):
        notes = os.path.join(self.dir.name, "notes.txt")
        before = b"shopping: milk, eggs\n"
        with open(notes, "wb") as f:
            f.write(before)
        r = perso(notes)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("refusing to touch it", r.stderr)
        with open(notes, "rb") as f:
            self.assertEqual(f.read(), before)

    def test_erased_header_over_data_is_refused(self):
        self.assertEqual(perso(self.nvm).returncode, 0)
        with open(self.nvm, "rb") as f:
            image = bytearray(f.read())
        image[0:32] = b"\xff" * 32
        before = bytes(image)
        with open(self.nvm, "wb") as f:
            f.write(before)
        r = perso(self.nvm)
        self.assertEqual(r.returncode, 1, r.stdout)
        with open(self.nvm, "rb") as f:
            self.assertEqual(f.read(), before)


if __name__ == "__main__":
    unittest.main(verbosity=2)
