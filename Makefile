# xformer - analytical energy/latency/area estimator for transformer inference on in-memory
# accelerators. See README.md. Targets: all run test install clean format lint.

CC      ?= gcc
PREFIX  ?= /usr/local
BUILD   := build
PKGS    := libconfig gsl sqlite3
TESTPKG := cunit

CFLAGS_BASE := -std=c11 -Wall -Wextra -Werror -O2 -g -D_XOPEN_SOURCE=700 -Iinclude
DEPS_STAMP  := $(BUILD)/.deps-ok

# pkg-config is asked only after the dependency check has run (see $(DEPS_STAMP)).
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread
TEST_LIBS  = $(shell pkg-config --libs $(TESTPKG) 2>/dev/null)

CFLAGS  = $(CFLAGS_BASE) $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDFLAGS += $(EXTRA_LDFLAGS)

LIB_SRC  := $(shell find src -name '*.c' -not -path 'src/cli/*' | sort)
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/*.c))
HDRS     := $(shell find include src tests/unit -name '*.h')

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)

LIB  := $(BUILD)/libxformer.a
BIN  := $(BUILD)/xformer
TBIN := $(BUILD)/test_xformer

.PHONY: all run test unit-test bad-test install clean format check-format lint deps bench

all: $(BIN)

deps: $(DEPS_STAMP)

$(DEPS_STAMP): .ci/deps
	@mkdir -p $(BUILD)
	@sh .ci/deps
	@touch $@

$(BUILD)/%.o: %.c $(HDRS) Makefile | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

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

$(BUILD)/bench: tests/bench/bench.c $(LIB) $(HDRS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ tests/bench/bench.c $(LIB) $(PKG_LIBS)

# Speed and memory figures (README "Performance"); not a test.
bench: $(BUILD)/bench $(BIN)
	./$(BUILD)/bench
	@if [ -f tests/bench/sweep.sh ]; then sh tests/bench/sweep.sh ./$(BIN); fi

run: $(BIN)
	./$(BIN) run

unit-test: $(TBIN)
	./$(TBIN)

bad-test: $(BIN)
	sh tests/bad/run.sh ./$(BIN)

test: $(BIN) $(TBIN)
	./$(TBIN)
	sh tests/bad/run.sh ./$(BIN)

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/xformer
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/xformer
	cp -R techlib arch $(DESTDIR)$(PREFIX)/share/xformer/

clean:
	rm -rf $(BUILD)

format:
	clang-format -i $$(find include src tests -name '*.[ch]')

check-format:
	clang-format --dry-run -Werror $$(find include src tests -name '*.[ch]')

lint: $(DEPS_STAMP)
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --suppress=missingIncludeSystem -Iinclude src
