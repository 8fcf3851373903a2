# Weir: the two commands (`make demo`, `make test`) and developer entry points.
# Each target installs what is missing (Debian packages), configures, builds and runs.

JOBS        ?= $(shell nproc)
TEST_DIR    ?= build/test
RELEASE_DIR ?= build/release
CMAKE_GEN   := -G Ninja

.PHONY: all deps build test demo bench bench-nexmark fuzz layer-check clean

all: build

deps:
	@bash scripts/install-deps.sh

$(TEST_DIR)/build.ninja: | deps
	cmake $(CMAKE_GEN) -S . -B $(TEST_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DWEIR_DCHECK=ON -DWEIR_BUILD_BENCH=OFF

$(RELEASE_DIR)/build.ninja: | deps
	cmake $(CMAKE_GEN) -S . -B $(RELEASE_DIR) -DCMAKE_BUILD_TYPE=Release -DWEIR_BUILD_TESTS=OFF

build: deps $(TEST_DIR)/build.ninja
	cmake --build $(TEST_DIR) -j$(JOBS)

# Every test: layer check, fuzz targets (short runs), then all unit tests through CTest.
test: build
	bash tools/run_fuzz.sh
	cd $(TEST_DIR) && ctest -j$(JOBS) --output-on-failure --timeout 600

fuzz: deps
	bash tools/run_fuzz.sh $(or $(SECONDS),60)

layer-check:
	python3 tools/check_layers.py src

# The main job: the SQL quickstart (datagen -> filter and projection -> print) on the embedded
# mini-cluster; it ends with the rows per second the job read.
demo: deps $(RELEASE_DIR)/build.ninja
	cmake --build $(RELEASE_DIR) -j$(JOBS) --target weir
	./$(RELEASE_DIR)/weir info
	./$(RELEASE_DIR)/weir sql -f examples/quickstart.sql

bench: deps $(RELEASE_DIR)/build.ninja
	cmake --build $(RELEASE_DIR) -j$(JOBS)
	bash tools/run_benchmarks.sh $(RELEASE_DIR)

# Nexmark: Flink's query files unchanged on the mini-cluster, one fresh process per query, with
# exactly-once checkpoints; BENCH lines and a table against Flink and Feldera per core. Options
# go through NEXMARK_ARGS, e.g. make bench-nexmark NEXMARK_ARGS="--queries q0,q1 --events 2000000".
bench-nexmark: deps $(RELEASE_DIR)/build.ninja
	cmake --build $(RELEASE_DIR) -j$(JOBS) --target weir
	python3 bench/nexmark/run --weir $(RELEASE_DIR)/weir $(NEXMARK_ARGS)

clean:
	rm -rf build
