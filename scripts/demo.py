#!/usr/bin/env python3
"""The demo: boot the se-iot board headless with its console shown, set a
temperature series on the tmp105 through QMP, read it back in the guest
through hwmon, reach a service on the host's 127.0.0.1, power off, summarise."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from hostsvc import TokenService  # noqa: E402
from seiot_vm import Vm, VmError  # noqa: E402

SERIES = (21000, 21500, 22125, 23750)  # milli-degrees Celsius


def main():
    t0 = time.monotonic()
    svc = TokenService()
    read = []
    try:
        with Vm(run="selftest", args=[svc.guest_url], log=lambda l: print("  guest| " + l)) as vm:
            vm.start(paused=True)
            vm.set_temperature(SERIES[0])
            vm.qmp.cmd("cont")
            _, t_init = vm.expect(r"seiot: init reached", timeout=60)
            for mdeg in SERIES:
                vm.set_temperature(mdeg)
                vm.expect(r"^selftest: ready$")
                vm.send("temp")
                m, _ = vm.expect(r"selftest: temp=(-?\d+)")
                read.append(int(m.group(1)))
            vm.expect(r"^selftest: ready$")
            vm.send("done")
            m, _ = vm.expect(r"selftest: (fetched=|FAIL)(.*)", timeout=30)
            fetched = m.group(2) if m.group(1) == "fetched=" else None
            vm.expect(r"seiot: run selftest exited with status (\d+)")
            rc = vm.wait(30)
    except VmError as e:
        print(f"demo: FAILED: {e}", file=sys.stderr)
        return 1
    finally:
        svc.close()
    ok = read == list(SERIES) and fetched == svc.token and rc == 0
    print()
    print("demo summary")
    print(f"  boot to init        {t_init:.2f} s")
    print(f"  sensor set (QMP)    {', '.join(f'{v / 1000:.3f}' for v in SERIES)} degC")
    print(f"  sensor read (guest) {', '.join(f'{v / 1000:.3f}' for v in read)} degC")
    print(f"  host service        {'reached, token matches' if fetched == svc.token else 'NOT reached'}")
    print(f"  QEMU exit status    {rc}")
    print(f"  wall time           {time.monotonic() - t0:.1f} s")
    print(f"  result              {'OK' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
