# ioshock — two commands on a fresh machine: `make run` and `make test`.
SWIFT ?= swift
## CPU: the instruction set of the release build (`make build`, `make run`).
##   auto (default): x86-64 with Haswell's instructions (AVX2, BMI1/2, F16C, MOVBE, LZCNT, POPCNT;
##     `-target-cpu haswell`) when this machine has all of them, else the toolchain's generic
##     target; the results are the same bit for bit (Swift forms no fused multiply-add), the
##     dynamic Monte Carlo runs about 1.3x faster (docs/performance.md).
##   generic: the toolchain's generic target, for a binary to copy to other machines.
##   anything else: passed as `-target-cpu` (e.g. CPU=znver3).
CPU ?= auto
HASWELL_FEATURES := avx avx2 bmi1 bmi2 fma f16c movbe abm popcnt sse4_2 cx16
ifeq ($(CPU),auto)
  CPU_TARGET := $(shell flags=`grep -m1 '^flags' /proc/cpuinfo 2>/dev/null`; target=haswell; \
    for f in $(HASWELL_FEATURES); do echo "$$flags" | grep -qw -- "$$f" || target=; done; \
    [ "`uname -m`" = x86_64 ] || target=; echo $$target)
else ifeq ($(CPU),generic)
  CPU_TARGET :=
else
  CPU_TARGET := $(CPU)
endif
CPU_FLAGS := $(if $(CPU_TARGET),-Xswiftc -target-cpu -Xswiftc $(CPU_TARGET))
## The release binary links the Swift runtime and Foundation statically (--static-swift-stdlib):
## every command starts in about 13 ms instead of 21 (fewer shared objects to map and relocate;
## docs/performance.md); OpenBLAS, LAPACK and zlib stay shared. Outputs are the same bytes.
STATIC_FLAGS ?= --static-swift-stdlib
BUILD_FLAGS ?= -c release $(STATIC_FLAGS) $(CPU_FLAGS)
BIN := .build/release/ioshock
# Open MPI (libopenmpi-dev, openmpi-bin) for ioshock-mpi and its tests under mpirun (docs/hpc.md).
APT_PACKAGES := libopenblas-dev liblapacke-dev liblapack-dev libopenmpi-dev openmpi-bin
DEFAULT_SCENARIO ?= scenarios/chemicals-non-eu-50.toml

.PHONY: setup build run test bench clean data fuzz

## setup: install the Debian packages for OpenBLAS, LAPACKE and Open MPI when missing (idempotent, as root), and openpyxl for the xlsx check.
setup:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@# openpyxl (PyPI) lets the tests open impacts.xlsx as a spreadsheet program would; without it that one check is skipped.
	@python3 -c "import openpyxl" 2>/dev/null || python3 -m pip install -q openpyxl >/dev/null 2>&1 || echo "note: openpyxl not installed; the impacts.xlsx cross-check will be skipped"

## build: compile the ioshock command (release, for this machine's instruction set: see CPU above).
build: setup
	@echo "release build, target: $(if $(CPU_TARGET),$(CPU_TARGET),generic x86-64 or the host's default) (CPU=$(CPU))"
	$(SWIFT) build $(BUILD_FLAGS) --product ioshock

## run: build, then run the headline example and print its impact table.
run: build
	$(BIN) run $(DEFAULT_SCENARIO)

## test: build and run every test.
test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2

## bench: run the benchmarks (nested package in Benchmarks/, see docs/performance.md); not part of `make test`.
## Pass options through BENCH_ARGS, e.g. make bench BENCH_ARGS="--filter 'n=3000'".
BENCH_ARGS ?=
bench: setup
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark $(BENCH_ARGS)

## data: rebuild matrices/ from ../shared/data with the committed converters (see docs/data.md).
SHARED ?= ../shared
data: build
	$(BIN) import fpb $(SHARED)/data/fpb-siot-2015/sheets --out matrices/belgium-2015
	$(BIN) import criticality $(SHARED)/data/pichler-2022/IHS_critical_NACE64.csv --table matrices/belgium-2015
	$(BIN) import inventories $(SHARED)/data/pichler-2022/desired_stock_NACE64.csv --table matrices/belgium-2015
	$(BIN) regionalise matrices/belgium-2015 --employment $(SHARED)/data/statbel-census-2011/working-population-by-place-of-work.csv --region "Vlaams Gewest" --delta 0.3 --out matrices/flanders-2015
	$(BIN) regionalise matrices/belgium-2015 --employment $(SHARED)/data/statbel-census-2011/working-population-by-place-of-work.csv --interregional --delta 0.3 --out matrices/belgium-regions-2015
	$(BIN) import eurostat-manual $(SHARED)/validation/beutel-2008-germany-1995/table.csv --out matrices/germany-1995

clean:
	rm -rf .build Benchmarks/.build Fuzz/.build

## fuzz: build the libFuzzer targets of Fuzz/ (TOML reader, CSV readers, scenario validation) with
## ASan and run each for FUZZ_SECONDS seconds (default 30); see Fuzz/README.md. Not part of `make test`.
FUZZ_SECONDS ?= 30
FUZZ_TARGETS ?= FuzzTOML FuzzCSV FuzzCSVGrid FuzzScenario
fuzz: setup
	cd Fuzz && $(SWIFT) build --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing
	Fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)
