# xformer - analytical energy/latency/area estimator for transformer inference on in-memory
# accelerators. See README.md. Targets: all run test install clean format lint.

CC      ?= gcc
PREFIX  ?= /usr/local
BUILD   := build
PKGS    := libconfig gsl sqlite3 libcjson
TESTPKG := cunit

CFLAGS_BASE := -std=c11 -Wall -Wextra -Werror -O2 -g -D_XOPEN_SOURCE=700 -Iinclude
# Header dependencies: each compile writes NAME.d next to its output (-MMD: the headers it
# read, system headers excepted; -MP: an empty rule per header, so a deleted header does not
# stop the build). The .d files are included at the end of this Makefile.
DEPFLAGS    := -MMD -MP
DEPS_STAMP  := $(BUILD)/.deps-ok

# pkg-config is asked only after the dependency check has run (see $(DEPS_STAMP)).
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread
TEST_LIBS  = $(shell pkg-config --libs $(TESTPKG) 2>/dev/null)

CFLAGS  = $(CFLAGS_BASE) $(PKG_CFLAGS) $(PIC) $(EXTRA_CFLAGS)
LDFLAGS += $(EXTRA_LDFLAGS)

LIB_SRC  := $(shell find src -name '*.c' -not -path 'src/cli/*' | sort)
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)

LIB  := $(BUILD)/libxformer.a
# The version of the library and of xformer.pc, from include/xf/version.h.
VERSION := $(shell sed -n 's/^\#define XF_VERSION "\(.*\)"/\1/p' include/xf/version.h)
SHLIB   := $(BUILD)/libxformer.so.$(VERSION)
BIN  := $(BUILD)/xformer
TBIN := $(BUILD)/test_xformer

.PHONY: all run test unit-test bad-test install uninstall install-test clean format check-format lint deps bench paper

all: $(BIN) $(SHLIB)

deps: $(DEPS_STAMP)

$(DEPS_STAMP): .ci/deps
	@mkdir -p $(BUILD)
	@sh .ci/deps
	@touch $@

$(BUILD)/%.o: %.c Makefile | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DEPFLAGS) -c $< -o $@

# The library's objects are position independent: one set serves libxformer.a (the CLI and
# the tests link it) and libxformer.so.
$(LIB_OBJ): PIC := -fPIC

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(SHLIB): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libxformer.so.$(firstword $(subst ., ,$(VERSION))) $(LDFLAGS) \
	  -o $@ $^ $(PKG_LIBS)

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(PKG_LIBS)

# Test suites register themselves with XF_SUITE(name); the list is generated.
$(BUILD)/tests/suites.inc: $(TEST_SRC) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@grep -ho '^XF_SUITE([a-z0-9_]*)' $(TEST_SRC) | sed 's/^XF_SUITE/XF_SUITE_ENTRY/' > $@.tmp
	@cmp -s $@.tmp $@ || mv $@.tmp $@; rm -f $@.tmp

$(BUILD)/tests/unit/main.o: $(BUILD)/tests/suites.inc
$(BUILD)/tests/unit/%.o: CFLAGS += -I$(BUILD)/tests -Itests/unit

$(TBIN): $(TEST_OBJ) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(TEST_OBJ) $(LIB) $(PKG_LIBS) $(TEST_LIBS)

$(BUILD)/bench: tests/bench/bench.c $(LIB) Makefile
	$(CC) $(CFLAGS) $(DEPFLAGS) -MF $@.d -MT $@ $(LDFLAGS) -o $@ tests/bench/bench.c $(LIB) $(PKG_LIBS)

# Speed and memory figures (README "Performance"); not a test.
bench: $(BUILD)/bench $(BIN)
	./$(BUILD)/bench ./$(BIN)

# The paper's evaluation from scratch: sweeps into results/paper/paper.db, tables in
# results/paper/ (md, tex, csv) and figures in plots/paper/ (png, svg). The database is
# rebuilt every time, so the outputs depend only on the sources.
PAPER_DB   := results/paper/paper.db
PAPER_ARCH := xformer,xformer-nosb,puma,nvm-ideal,sram-cim,gpu-gtx1060
paper: $(BIN)
	@mkdir -p results/paper plots/paper
	rm -f $(PAPER_DB) $(PAPER_DB)-wal $(PAPER_DB)-shm
	./$(BIN) sweep --quiet --breakdowns --db $(PAPER_DB) --arch $(PAPER_ARCH) \
	  --model bert-base,bert-large --seq 384,512
	./$(BIN) sweep --quiet --db $(PAPER_DB) --arch xformer,xformer-nosb,gpu-gtx1060 \
	  --model bert-base,bert-large --seq 64..4096*2
	./$(BIN) sweep --quiet --db $(PAPER_DB) --arch xformer --model bert-base,bert-large \
	  --seq 512 --set dataflow.sequence_block=16..512*2
	@for base in gpu-gtx1060 puma nvm-ideal sram-cim; do \
	  for bench in glue:512 squad:384; do \
	    for fmt in md tex csv; do \
	      ./$(BIN) table --db $(PAPER_DB) --sweep 1 --where seq=$${bench#*:} --baseline $$base \
	        --format $$fmt --title "$${bench%%:*} (SL $${bench#*:}) against $$base" \
	        --out results/paper/vs-$$base-$${bench%%:*}.$$fmt || exit 1; \
	    done; \
	  done; \
	done
	./$(BIN) validate --format csv > results/paper/validate.csv
	./$(BIN) validate > results/paper/validate.txt
	./$(BIN) plot --db $(PAPER_DB) --sweep 2 --kind speedup-vs-seq --baseline gpu-gtx1060 \
	  --model bert-base --title "BERT-base: speed-up over the GTX 1060" \
	  --out plots/paper/speedup-vs-seq.png
	./$(BIN) plot --db $(PAPER_DB) --sweep 1 --where model=bert-base --where seq=512 \
	  --where arch!=gpu-gtx1060 \
	  --kind energy-breakdown --title "BERT-base, SL 512: energy per inference (in-memory designs)" \
	  --out plots/paper/energy-breakdown.png
	./$(BIN) plot --db $(PAPER_DB) --sweep 3 --kind sensitivity --key dataflow.sequence_block \
	  --metric latency_s --title "X-Former at SL 512: sequence block size" \
	  --out plots/paper/block-size.png
	@echo "paper: tables in results/paper/, figures in plots/paper/"

run: $(BIN)
	./$(BIN) run

unit-test: $(BIN) $(TBIN)
	./$(TBIN)

bad-test: $(BIN)
	sh tests/bad/run.sh ./$(BIN)

test: $(BIN) $(TBIN) $(SHLIB)
	./$(TBIN)
	sh tests/bad/run.sh ./$(BIN)
	sh tests/models/roundtrip.sh ./$(BIN)
	sh tests/cli/docs.sh ./$(BIN)
	sh tests/cluster/run.sh ./$(BIN)
	MAKE="$(MAKE)" sh tests/install/run.sh

# make install PREFIX=DIR [DESTDIR=STAGE]: binary, library, headers, xformer.pc, data, man
# pages, completions (tools/install.sh keeps a manifest); make uninstall removes exactly them.
install: $(BIN) $(LIB) $(SHLIB)
	sh tools/install.sh install "$(DESTDIR)$(PREFIX)" "$(PREFIX)" $(BUILD) $(VERSION)

uninstall:
	sh tools/install.sh uninstall "$(DESTDIR)$(PREFIX)"

# The install round trip (tests/install/run.sh): install into a fresh prefix, build the example
# against it with pkg-config, compare its latency with xformer eval, uninstall, compare.
install-test: $(BIN) $(LIB) $(SHLIB)
	sh tests/install/run.sh

clean:
	rm -rf $(BUILD)

format:
	clang-format -i $$(find include src tests -name '*.[ch]')

check-format:
	clang-format --dry-run -Werror $$(find include src tests -name '*.[ch]')

lint: $(DEPS_STAMP)
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --suppress=missingIncludeSystem -Iinclude src

# ---- Reliability (issue 7): sanitizers, valgrind, fuzzing; README "Reliability" -------------
# make check-asan       library, CLI and tests built into build-asan/ with AddressSanitizer and
#                       UndefinedBehaviorSanitizer; runs the unit suites and the bad-input corpus
# make check-valgrind   the CLI's commands under valgrind memcheck (tests/valgrind/run.sh)
# make fuzz             libFuzzer harnesses (tests/fuzz/) built with clang into build-fuzz/,
#                       each run for FUZZ_SECONDS (default 60); crashes in build-fuzz/artifacts/
.PHONY: check-asan check-valgrind fuzz fuzz-build

ASAN_BUILD   := build-asan
SAN_FLAGS    := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
SAN_ENV      := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
                UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
                LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
FUZZ_BUILD   := build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_HARNESSES := cfg set model range
FUZZ_CC      ?= clang

# The fuzz harnesses are also compiled into the unit tests (regression replay).
$(BUILD)/tests/unit/test_fuzz.o: $(wildcard tests/fuzz/*.c tests/fuzz/*.h)

check-asan: $(DEPS_STAMP)
	$(MAKE) BUILD=$(ASAN_BUILD) EXTRA_CFLAGS="$(SAN_FLAGS)" EXTRA_LDFLAGS="$(SAN_FLAGS)" \
	  $(ASAN_BUILD)/xformer $(ASAN_BUILD)/test_xformer
	$(SAN_ENV) ./$(ASAN_BUILD)/test_xformer
	$(SAN_ENV) sh tests/bad/run.sh ./$(ASAN_BUILD)/xformer

check-valgrind: $(BIN)
	@sh .ci/deps valgrind
	sh tests/valgrind/run.sh ./$(BIN)

# Harness binaries (built by fuzz-build with BUILD=$(FUZZ_BUILD) and CC=clang).
$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB)
	$(CC) $(CFLAGS) $(DEPFLAGS) -MF $@.d -MT $@ -DXF_LIBFUZZER -fsanitize=fuzzer -o $@ $< $(LIB) \
	  $(PKG_LIBS)

fuzz-build: $(DEPS_STAMP)
	@sh .ci/deps clang
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
	  EXTRA_CFLAGS="$(SAN_FLAGS) -fsanitize=fuzzer-no-link" EXTRA_LDFLAGS="$(SAN_FLAGS)" \
	  $(FUZZ_HARNESSES:%=$(FUZZ_BUILD)/fuzz_%)

fuzz: fuzz-build
	@mkdir -p $(FUZZ_BUILD)/artifacts
	@for h in $(FUZZ_HARNESSES); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$h; \
	  echo "fuzz $$h: $(FUZZ_SECONDS) s (log $(FUZZ_BUILD)/fuzz-$$h.log)"; \
	  $(SAN_ENV) ./$(FUZZ_BUILD)/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) -timeout=1 -rss_limit_mb=2048 \
	    -max_len=1100000 -print_final_stats=1 -dict=tests/fuzz/$$h.dict \
	    -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$h- \
	    $(FUZZ_BUILD)/corpus/$$h tests/fuzz/$$h >$(FUZZ_BUILD)/fuzz-$$h.log 2>&1 \
	  || { tail -n 60 $(FUZZ_BUILD)/fuzz-$$h.log; \
	       echo "fuzz $$h: FAILED; the input is in $(FUZZ_BUILD)/artifacts/ (keep it under tests/fuzz/regressions/$$h/)"; \
	       exit 1; }; \
	  grep -E '^stat::number_of_executed_units|^Done' $(FUZZ_BUILD)/fuzz-$$h.log | tr '\n' ' '; echo; \
	done

# Header dependencies written by the compiles above ($(DEPFLAGS)); absent before the first build.
-include $(wildcard $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BUILD)/bench.d \
  $(FUZZ_HARNESSES:%=$(BUILD)/fuzz_%.d))
