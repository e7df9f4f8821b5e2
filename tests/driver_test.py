"""System test of the guest SE driver (guest-linux/driver) on the se-iot board.

For the SE on I2C (default) and on SPI (-M se-iot,se-bus=spi): the driver binds
from the board's device tree, /dev/se0 appears, the CIP is readable through
sysfs and the ioctl, SELECT of an applet answers 9000 through se-apdu, RESYNCH,
SWR and RELEASE work, the /dev/seN ABI holds (se-abi-test: error codes,
O_NONBLOCK + poll(), ioctls, unbind under an open descriptor), and the modules
unload and reload cleanly (with the data-ready interrupt, which must still be
in use after the reload, then polling). Then chaining both ways (small IFSC on
the SE, small IFSD in the driver) under the device's fault injection (CRC
corruption, dropped responses, NACK storm, forced WTX).

Guest side: guest-linux/image/run/driver.sh and se-stress.sh.
"""

import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from seiot_vm import Vm  # noqa: E402

# link-t1prime.md §1.1: the CIP of the device's default profile.
CIP = {
    "i2c": "0103ffffff0208000503e80001000a04012c00fe00",
    "spi": "0103ffffff010c00052710000100c80104000004012c00fe00",
}
MACHINE = {"i2c": "se-iot", "spi": "se-iot,se-bus=spi", "none": "se-iot,se-bus=none"}


def run_guest(run, args, machine, prefix, extra=(), timeout=180):
    """Boot, run /run/RUN.sh ARGS, return (status, [(key, value)], lines)."""
    lines = []
    with Vm(run=run, args=args, machine=machine, extra=extra, log=lines.append) as vm:
        vm.start()
        m, _ = vm.expect(rf"seiot: run {run} exited with status (\d+)", timeout=timeout)
        vm.wait(30)
    kv = []
    for line in lines:
        mm = re.match(rf"^{prefix}: ([a-z_]+)=(.*)$", line)
        if mm:
            kv.append((mm.group(1), mm.group(2).strip()))
    return int(m.group(1)), kv, lines


def values(kv, key):
    return [v for k, v in kv if k == key]


class DriverTest(unittest.TestCase):
    maxDiff = None

    def basic(self, bus):
        status, kv, lines = run_guest("driver", [bus, "3"], MACHINE[bus], "driver")
        tail = "\n".join(lines[-25:])
        self.assertEqual(status, 0, f"driver.sh failed:\n{tail}")
        self.assertIn("driver: PASS", lines, tail)
        # Three rounds: data-ready interrupt, the same after rmmod/insmod
        # with the interrupt in use, then polling (use_irq=0).
        irq = values(kv, "interrupt_after")[0]
        self.assertRegex(irq, r"^\d+$", "the board wires a data-ready IRQ")
        self.assertEqual(values(kv, "bus"), [f"{bus} interrupt={irq} ifsd=254"] * 2
                         + [f"{bus} interrupt=polling ifsd=254"])
        self.assertEqual(values(kv, "interrupt_after"), [irq, irq, "polling"],
                         "the IRQ survives a reload, no fallback to polling")
        self.assertIn("driver: reloaded use_irq=1", lines)
        rounds = 3
        self.assertEqual(values(kv, "cip"), [CIP[bus]] * rounds)
        self.assertEqual(values(kv, "ioctl_cip"), [CIP[bus].upper()] * rounds)
        self.assertEqual(values(kv, "cip_plid"), ["2" if bus == "i2c" else "1"] * rounds)
        self.assertEqual(values(kv, "cip_bwt_ms"), ["300"] * rounds)
        self.assertEqual(values(kv, "cip_ifsc"), ["254"] * rounds)
        self.assertEqual(values(kv, "select"), ["9000"] * rounds)
        for k in ("crc_errors", "timeouts", "errors"):
            self.assertEqual(values(kv, "stat_" + k), ["0"] * rounds, k)
        self.assertTrue(all(int(v) >= 5 for v in values(kv, "stat_apdus")))
        self.assertTrue(all(int(v) >= 1 for v in values(kv, "stat_swrs")))
        # The APDUs after the reload were signalled by the IRQ.
        irqs = [int(v) for v in values(kv, "stat_irqs")]
        self.assertTrue(irqs[0] > 0 and irqs[1] > 0, irqs)
        self.assertEqual(irqs[2], 0)
        # se-abi-test: error codes, O_NONBLOCK + poll(), ioctls, two descriptors.
        self.assertEqual(len(values(kv, "abi")), rounds)
        self.assertEqual(values(kv, "parallel"), ["ok"] * rounds)
        self.assertEqual(len([line for line in lines if line == "driver: unloaded"]), rounds)
        # Unbound under an open descriptor: ENODEV, POLLHUP, then a clean unload.
        self.assertEqual(values(kv, "unbind_while_open"), ["ok"])

    def test_i2c(self):
        self.basic("i2c")

    def test_spi(self):
        self.basic("spi")

    def test_no_se_load_unload(self):
        status, _, lines = run_guest("driver", ["none", "2"], MACHINE["none"], "driver")
        self.assertEqual(status, 0, "\n".join(lines[-20:]))
        self.assertIn("driver: PASS", lines)

    def test_broken_se_probe_fails(self):
        # Every SE block dropped: S(CIP) never answers, the probe gives up
        # after its retries (about 1.2 s), the modules still unload cleanly.
        status, kv, lines = run_guest("driver", ["broken", "1"], MACHINE["i2c"], "driver",
                                      extra=["-global", "se-i2c.x-drop-response=1"])
        self.assertEqual(status, 0, "\n".join(lines[-20:]))
        self.assertIn("driver: PASS", lines)
        self.assertEqual(values(kv, "probe_failed"), ["1"])

    def stress(self, bus, rounds, params, faults):
        extra = []
        for f in faults:
            extra += ["-global", f"se-{bus}.{f}"]
        status, kv, lines = run_guest("se-stress", [str(rounds), params], MACHINE[bus], "stress",
                                      extra=extra)
        tail = "\n".join(lines[-25:])
        self.assertEqual(status, 0, f"se-stress.sh failed:\n{tail}")
        self.assertIn("stress: PASS", lines, tail)
        st = {k[5:]: int(v) for k, v in kv if k.startswith("stat_")}
        self.assertEqual(st["apdus"], 3 * rounds, tail)
        return st

    def test_i2c_chaining_faults(self):
        st = self.stress("i2c", 4, "ifsd=8",
                         ["ifsc=16", "x-corrupt-crc-every=5", "x-drop-response=13", "x-nack-storm=1",
                          "x-force-wtx=1"])
        self.assertGreater(st["crc_errors"], 0)
        self.assertGreater(st["timeouts"], 0)
        self.assertGreater(st["wtx"], 0)
        self.assertGreater(st["blocks_rx"], 3 * st["apdus"], "responses were chained")

    def test_spi_chaining_faults_polling(self):
        st = self.stress("spi", 10, "ifsd=8,use_irq=0",
                         ["ifsc=16", "x-corrupt-crc-every=5", "x-drop-response=13", "x-nack-storm=2",
                          "x-force-wtx=1"])
        self.assertGreater(st["crc_errors"], 0)
        self.assertGreater(st["timeouts"], 0)
        self.assertGreater(st["wtx"], 0)
        self.assertEqual(st["irqs"], 0)
        self.assertGreater(st["blocks_rx"], 3 * st["apdus"], "responses were chained")


if __name__ == "__main__":
    unittest.main(verbosity=2)
