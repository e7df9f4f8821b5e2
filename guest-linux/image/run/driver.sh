#!/bin/sh
# SE driver self-test, driven by tests/driver_test.py.
#   driver.sh BUS [CYCLES]
# BUS: i2c or spi (the SE the board put there is expected to bind), none
# (only load and unload the modules), or broken (an SE that never answers
# properly: the probe must fail in bounded time with a clear message). CYCLES: load rounds (default 3); the
# second round reloads the modules with the data-ready interrupt in use (the
# default parameters), later rounds reload se_t1prime with use_irq=0 (polling).
# Prints "driver: key=value" lines and ends with "driver: PASS" or
# "driver: FAIL <why>".
. /run/lib.sh
bus=${1:-i2c}
cycles=${2:-3}
mods="se_t1prime se_t1prime_i2c se_t1prime_spi"
aid_app1=F05345494F4131

oops='BUG:|Oops|Unable to handle|refcount_t:|use-after-free|\[se_t1prime(_i2c|_spi)?\]|/se_(core|block|sblock|transceive|cdev|sysfs|i2c|spi)\.c'
# The IRQ mapping refused at a reload, the fallback to polling, a failed
# restore of the line's trigger type.
irqbad='type mismatch|data-ready interrupt .* not working|cannot restore the type of IRQ'

fail() {
	echo "driver: FAIL $*"
	dmesg | grep -iE 'se[-_ ]|se[0-9]|t1prime|type mismatch' | tail -n 20 | sed 's/^/driver: dmesg: /'
	exit 1
}

loaded() { grep -q "^$1 " /proc/modules; }

check_loaded() {
	for m in $mods; do loaded "$m" || fail "module $m not loaded"; done
}

unload() {
	rmmod se_t1prime_i2c se_t1prime_spi || fail "rmmod se_t1prime_i2c se_t1prime_spi"
	rmmod se_t1prime || fail "rmmod se_t1prime"
	for m in $mods; do loaded "$m" && fail "module $m still loaded"; done
	[ -e /dev/se0 ] && fail "/dev/se0 still present after unload"
	return 0
}

# load [CORE_PARAMS...]: insmod the three modules, parameters for se_t1prime.
load() {
	insmod /lib/modules/se_t1prime.ko "$@" || fail "insmod se_t1prime $*"
	for m in se_t1prime_i2c se_t1prime_spi; do insmod "/lib/modules/$m.ko" || fail "insmod $m"; done
}

# One full exercise of a bound SE.
exercise() {
	wait_for /dev/se0 50 || fail "no /dev/se0"
	d=/sys/class/misc/se0
	[ -d "$d" ] || fail "no $d"
	echo "driver: bus=$(cat $d/bus) interrupt=$(cat $d/interrupt) ifsd=$(cat $d/ifsd)"
	echo "driver: cip=$(cat $d/cip/raw)"
	for f in version iin plid bwt_ms ifsc pwt_ms mcf_khz pst_ms mpot_ms rwgt_us segt_us seal wut; do
		echo "driver: cip_$f=$(cat $d/cip/$f)"
	done
	out=$(se-apdu -c) || fail "SE_IOC_GET_CIP"
	echo "driver: ioctl_cip=$out"
	out=$(se-apdu -e 9000 "00A40400 07 $aid_app1 00") || fail "SELECT App1: $out"
	echo "driver: select=$out"
	se-apdu -r resynch || fail "SE_IOC_RESET resynch"
	out=$(se-apdu -e 9000 "00A40400 07 $aid_app1 00") || fail "SELECT after RESYNCH: $out"
	se-apdu -r swr || fail "SE_IOC_RESET swr"
	out=$(se-apdu -e 9000 "00A40400 07 $aid_app1 00") || fail "SELECT after SWR: $out"
	se-apdu -R "00A40400 07 $aid_app1 00" >/dev/null || fail "APDU + SE_IOC_RELEASE"
	out=$(se-apdu -e 9000 "00A40400 07 $aid_app1 00") || fail "SELECT after RELEASE: $out"
	# A bad APDU gets a clear error, not a hang.
	se-apdu 00A4 2>/dev/null && fail "a 2-byte APDU was accepted"
	se-abi-test > /tmp/abi.log || { sed 's/^/driver: /' /tmp/abi.log; fail "se-abi-test"; }
	echo "driver: abi=$(grep -c '^abi: ok' /tmp/abi.log) checks"
	# Three processes share the link: every APDU of each must succeed.
	pids=""
	for p in 1 2 3; do
		se-apdu -q -e 9000 -n 100 "00A40400 07 $aid_app1 00" > /tmp/par$p.log 2>&1 &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p" || fail "parallel se-apdu: $(cat /tmp/par*.log | tr '\n' ' ')"; done
	echo "driver: parallel=ok"
	for f in "$d"/stats/*; do
		echo "driver: stat_$(basename "$f")=$(cat "$f")"
	done
	echo "driver: interrupt_after=$(cat $d/interrupt)"
	dmesg | grep -E 'se[0-9]|se-t1prime|T=1' | tail -n 5 | sed 's/^/driver: dmesg: /'
}

check_loaded
echo "driver: modules loaded"
if [ "$bus" = broken ]; then
	[ -e /dev/se0 ] && fail "/dev/se0 bound to a broken SE"
	dmesg | grep -q 'no valid answer to S(CIP)' || fail "no probe failure message"
	echo "driver: probe_failed=$(dmesg | grep -c 'no valid answer to S(CIP)')"
	bus=none
fi
round=0
while :; do
	if [ "$bus" != none ]; then
		exercise
		[ $round -eq 0 ] && irq_first=$(cat /sys/class/misc/se0/interrupt)
	fi
	unload
	echo "driver: unloaded"
	round=$((round + 1))
	[ $round -ge "$cycles" ] && break
	if [ $round -eq 1 ]; then
		# Reloaded with the interrupt in use: the IRQ must come back
		# (not "polling"), and it must be the one of the first round.
		load
		check_loaded
		echo "driver: reloaded use_irq=1"
		if [ "$bus" != none ]; then
			wait_for /dev/se0 50 || fail "no /dev/se0 after the reload"
			irq=$(cat /sys/class/misc/se0/interrupt)
			[ "$irq" = polling ] && fail "reloaded with use_irq=1 but interrupt=polling"
			[ "$irq" = "$irq_first" ] || fail "interrupt $irq after the reload, $irq_first before"
		fi
	else
		# Later rounds poll instead of using the data-ready interrupt.
		load use_irq=0
		check_loaded
		echo "driver: reloaded use_irq=0"
	fi
done
# Unbind with a descriptor open: ENODEV, POLLHUP, se_t1prime pinned until close.
if [ "$bus" != none ]; then
	load
	wait_for /dev/se0 50 || fail "no /dev/se0 for the unbind check"
	se-abi-test -u > /tmp/abi.log || { sed 's/^/driver: /' /tmp/abi.log; fail "se-abi-test -u"; }
	grep -q '^abi: ok se_t1prime pinned while open' /tmp/abi.log || fail "unbind checks did not run"
	rmmod se_t1prime || fail "rmmod se_t1prime after the descriptor was closed"
	echo "driver: unbind_while_open=ok"
fi
# Oopses anywhere, warnings whose trace or site is in our modules.
if dmesg | grep -qE "$oops"; then
	dmesg | grep -E -B2 -A2 "$oops" | head -n 30 | sed 's/^/driver: dmesg: /'
	fail "kernel oops or warning in the SE driver"
fi
if dmesg | grep -qE "$irqbad"; then
	dmesg | grep -E "$irqbad" | head -n 5 | sed 's/^/driver: dmesg: /'
	fail "data-ready interrupt lost"
fi
echo "driver: PASS"
exit 0
