#!/bin/sh
# End-to-end session driver, commanded by the host over the console
# (tests/e2e_test.py, scripts/demo.py). Arguments: SERVER (HOST:PORT), the
# server's certificate name. Each console line is one command:
#   sample            store the tmp105's reading in App1 (plain channel)
#   session           run one TLS session through the SE (seiotd -S 1)
#   session_to ADDR   one session with another server (HOST:PORT)
#   daemon N          seiotd in the background until N sessions ended
#   wait              wait for that daemon
#   apdu HEX...       plain APDUs with se-apdu
#   baseline N        N handshakes of the conventional design (tls-baseline:
#                     TLS client in the DE with its key in the file system)
#   stats             the driver's link counters (e2e: stat NAME=VALUE)
#   done              power off
. /run/lib.sh
srv=$1
name=$2
wait_for /dev/se0 50 || { echo "e2e: FAIL no /dev/se0"; exit 1; }
pid=""
while :; do
	echo "e2e: ready"
	read -r cmd arg || break
	case "$cmd" in
	sample) seiotd -r ;;
	session)
		seiotd -s "$srv" -n "$name" -S 1
		echo "e2e: session rc=$?"
		;;
	session_to)
		seiotd -s "$arg" -n "$name" -S 1
		echo "e2e: session rc=$?"
		;;
	daemon)
		seiotd -s "$srv" -n "$name" -S "$arg" &
		pid=$!
		;;
	wait)
		wait "$pid"
		echo "e2e: daemon rc=$?"
		;;
	apdu) se-apdu $arg ;; # one argument per APDU
	baseline)
		b=/etc/baseline
		tls-baseline "$srv" $b/ca.der $b/se.der $b/se.key.der "$name" "$arg"
		echo "e2e: baseline rc=$?"
		;;
	stats)
		for f in /sys/class/misc/se0/stats/*; do
			echo "e2e: stat ${f##*/}=$(cat "$f")"
		done
		;;
	done) break ;;
	*) echo "e2e: unknown command '$cmd'" ;;
	esac
done
exit 0
