# Thin wrapper, like QEMU's own: the work is in scripts/.
# Both main targets run as root on Debian 12 and install what they need.
.PHONY: demo check bench build setup clean fuzz run modules
FUZZ_SECONDS ?= 60

demo:
	@bash scripts/demo.sh

check:
	@bash scripts/check.sh

bench:
	@bash scripts/bench.sh

fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

# The board as a bench: a shell on its console (docs/run.md).
run:
	@bash scripts/run.sh

modules:
	@bash scripts/modules.sh

build:
	@bash scripts/build.sh

setup:
	@bash scripts/setup-host.sh

clean:
	rm -rf build
