// Runtime pipeline benchmarks: records per CPU second of a chained pipeline, a hash exchange
// into keyed state, and the same exchange with a checkpoint every second.
//
// Prints one line per pipeline:
//   BENCH name=<name> records=<n> cpu_s=<x> wall_s=<y> records_per_cpu_second=<n>
// CPU time is the process's user+sys time (getrusage) over the run of the pipeline, so
// every thread counts (workers, I/O threads, the checkpoint timer). `--quick` runs much
// smaller counts (a smoke test). The pipelines are wired directly on tasks, local channels
// and state backends, as the runtime's exchange tests do.
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bench/common/bench_report.h"
#include "weir/common/batch/column_vector.h"
#include "weir/common/batch/record_batch.h"
#include "weir/common/memory/buffer.h"
#include "weir/common/memory/memory_pool.h"
#include "weir/common/str_cat.h"
#include "weir/common/types/schema.h"
#include "weir/runtime/checkpoint/io_executor.h"
#include "weir/runtime/exec/worker_pool.h"
#include "weir/runtime/network/network_environment.h"
#include "weir/runtime/operators/basic_operators.h"
#include "weir/runtime/state/fixed_value_state.h"
#include "weir/runtime/state/keyed_state_backend.h"
#include "weir/runtime/state/memory_checkpoint_streams.h"
#include "weir/runtime/state/state_backends.h"
#include "weir/runtime/state/state_context.h"
#include "weir/runtime/state/state_descriptor.h"
#include "weir/runtime/task/task.h"
#include "weir/runtime/task/task_deployment.h"

namespace weir::runtime::bench {
namespace {

constexpr int64_t kBatchRows = 4096;
constexpr int kKeyBits = 20;  // 1,048,576 distinct keys
constexpr int64_t kNumKeys = int64_t{1} << kKeyBits;

// ---- Measurement -----------------------------------------------------------------------

int64_t WallMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

using weir::bench::CpuSeconds;
using weir::bench::Measurement;
using weir::bench::PrintBench;
using weir::bench::WallSeconds;

// Waits until every task reached a terminal state.
class TerminalLatch {
 public:
  explicit TerminalLatch(int n) : remaining_(n) {}
  std::function<void(const TaskStateChange&)> Callback() {
    return [this](const TaskStateChange& c) {
      if (!IsTerminal(c.to)) return;
      std::lock_guard<std::mutex> lock(mu_);
      --remaining_;
      cv_.notify_all();
    };
  }
  bool Wait(std::chrono::seconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return remaining_ == 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int remaining_;
};

// Starts the tasks (consumers first), waits for all of them and checks they finished.
Status RunTasks(const std::vector<std::shared_ptr<Task>>& tasks, TerminalLatch& latch) {
  for (auto it = tasks.rbegin(); it != tasks.rend(); ++it) (*it)->Start();
  if (!latch.Wait(std::chrono::seconds(600))) {
    for (const auto& t : tasks) t->Cancel();
    return Status::Invalid("Pipeline did not finish within 600 s");
  }
  for (const auto& t : tasks) {
    if (t->state() != TaskState::kFinished) {
      return Status::Invalid("Task ", t->name(), " ended in ", TaskStateName(t->state()), ": ",
                             t->failure().ToString());
    }
  }
  return Status::OK();
}

ChainOperatorFactory Factory(std::function<Result<std::unique_ptr<Operator>>()> make) {
  return [make](int32_t) { return make(); };
}

ChainedOperatorSpec Spec(std::string name, ChainOperatorFactory factory,
                         std::vector<ChainTarget> outputs = {}) {
  ChainedOperatorSpec s;
  s.uid = name + "-uid";
  s.name = std::move(name);
  s.factory = std::move(factory);
  s.outputs = std::move(outputs);
  return s;
}

// ---- Batches ------------------------------------------------------------------------------

// Returns a non-nullable BIGINT column over a fresh buffer of `n` values filled by fill(ptr).
template <typename Fill>
Result<ColumnPtr> MakeBigIntColumn(int64_t n, MemoryPool* pool, Fill fill) {
  WEIR_ASSIGN_OR_RAISE(BufferPtr values, Buffer::Allocate(n * 8, pool));
  fill(reinterpret_cast<int64_t*>(values->mutable_data()));
  return std::make_shared<const ColumnVector>(LogicalType::BigInt(), n,
                                              std::vector<BufferPtr>{nullptr, values},
                                              std::vector<ColumnPtr>{}, 0);
}

// Emits `batches[i % size]` until `total_batches` were emitted, one batch per poll.
ChainOperatorFactory CyclingSource(std::vector<RecordBatchPtr> batches, int64_t first,
                                   int64_t total_batches) {
  return Factory([batches, first, total_batches]() -> Result<std::unique_ptr<Operator>> {
    int64_t next = 0;
    return MakeCallbackSource(
        "source", [batches, first, total_batches, next](Output& out) mutable -> Result<SourcePoll> {
          if (next >= total_batches) return SourcePoll::kEndOfInput;
          const auto i = static_cast<size_t>((first + next) % static_cast<int64_t>(batches.size()));
          ++next;
          WEIR_RETURN_NOT_OK(out.Emit(batches[i]));
          return next >= total_batches ? SourcePoll::kEndOfInput : SourcePoll::kMoreAvailable;
        });
  });
}

// ---- chained_map_filter -------------------------------------------------------------------

Result<Measurement> RunChainedMapFilter(int64_t records) {
  const int64_t num_batches = (records + kBatchRows - 1) / kBatchRows;
  WEIR_ASSIGN_OR_RAISE(SchemaPtr schema, Schema::Parse("v BIGINT"));
  std::vector<RecordBatchPtr> batches;
  for (int b = 0; b < 16; ++b) {
    WEIR_ASSIGN_OR_RAISE(ColumnPtr col, MakeBigIntColumn(kBatchRows, nullptr, [b](int64_t* v) {
                           for (int64_t i = 0; i < kBatchRows; ++i) v[i] = b * kBatchRows + i;
                         }));
    batches.push_back(std::make_shared<const RecordBatch>(schema, std::vector<ColumnPtr>{col},
                                                          kBatchRows));
  }
  auto sink_rows = std::make_shared<std::atomic<int64_t>>(0);

  auto map = Factory([schema]() -> Result<std::unique_ptr<Operator>> {
    return MakeMap("double", [schema](const RecordBatchPtr& batch) -> Result<RecordBatchPtr> {
      const int64_t n = batch->num_rows();
      const int64_t* in = batch->column(0)->values<int64_t>();
      WEIR_ASSIGN_OR_RAISE(ColumnPtr col, MakeBigIntColumn(n, nullptr, [&](int64_t* out) {
                             for (int64_t i = 0; i < n; ++i) out[i] = in[i] * 2;
                           }));
      return std::make_shared<const RecordBatch>(schema, std::vector<ColumnPtr>{col}, n);
    });
  });
  auto filter = Factory([]() -> Result<std::unique_ptr<Operator>> {
    return MakeFilter("not-div-3", [](const RecordBatch& batch, SelectionVector* sel) {
      const int64_t n = batch.num_rows();
      const int64_t* v = batch.column(0)->values<int64_t>();
      for (int64_t i = 0; i < n; ++i) {
        if (v[i] % 3 != 0) sel->Append(static_cast<int32_t>(i));
      }
      return Status::OK();
    });
  });
  // A discarding sink that also reports its row count after the run.
  class CountingSink final : public Operator {
   public:
    explicit CountingSink(std::shared_ptr<std::atomic<int64_t>> rows) : rows_(std::move(rows)) {}
    std::string name() const override { return "discard"; }
    Status ProcessBatch(int, const RecordBatchPtr& batch) override {
      local_ += batch->num_rows();
      return Status::OK();
    }
    Status ProcessWatermark(int, EventTime) override { return Status::OK(); }
    Status Finish() override {
      rows_->fetch_add(local_);
      return Status::OK();
    }

   private:
    std::shared_ptr<std::atomic<int64_t>> rows_;
    int64_t local_ = 0;
  };
  auto sink = Factory([sink_rows]() -> Result<std::unique_ptr<Operator>> {
    return std::make_unique<CountingSink>(sink_rows);
  });

  WorkerPool pool(1);
  TerminalLatch latch(1);
  TaskDeployment d;
  d.task_name = "chained (1/1)";
  d.operators = {Spec("source", CyclingSource(batches, 0, num_batches), {ChainTarget::ToOperator(1)}),
                 Spec("map", map, {ChainTarget::ToOperator(2)}),
                 Spec("filter", filter, {ChainTarget::ToOperator(3)}), Spec("sink", sink)};
  d.on_state_change = latch.Callback();
  WEIR_ASSIGN_OR_RAISE(std::shared_ptr<Task> task, Task::Make(std::move(d), &pool));

  const double cpu0 = CpuSeconds();
  const double wall0 = WallSeconds();
  WEIR_RETURN_NOT_OK(RunTasks({task}, latch));
  Measurement m{num_batches * kBatchRows, CpuSeconds() - cpu0, WallSeconds() - wall0};
  pool.Shutdown();

  // Expected survivors: values 2 * x with x % 3 != 0 over the emitted batches.
  int64_t expected = 0;
  for (int64_t b = 0; b < num_batches; ++b) {
    const int64_t base = (b % 16) * kBatchRows;
    for (int64_t i = 0; i < kBatchRows; ++i) expected += ((base + i) * 2) % 3 != 0 ? 1 : 0;
  }
  if (sink_rows->load() != expected) {
    return Status::Invalid("chained_map_filter: sink saw ", sink_rows->load(), " rows, expected ",
                           expected);
  }
  return m;
}

// ---- Keyed sum over a hash exchange ------------------------------------------------------

// What the keyed-sum subtasks found in their state at the end.
struct SumResult {
  std::atomic<int64_t> total{0};
  std::atomic<int64_t> keys{0};
};

// Sums column v per key k (column 0) in a FixedValueState through the batch fast path.
class KeyedSumOperator final : public Operator {
 public:
  explicit KeyedSumOperator(std::shared_ptr<SumResult> result) : result_(std::move(result)) {}
  std::string name() const override { return "keyed-sum"; }
  Status Open(OperatorContext& ctx) override {
    if (ctx.keyed_state == nullptr) return Status::Invalid("keyed-sum needs keyed state");
    WEIR_ASSIGN_OR_RAISE(sum_,
                         ctx.keyed_state->GetFixedValueState(ValueStateDescriptor<int64_t>("sum")));
    return Status::OK();
  }
  Status ProcessBatch(int, const RecordBatchPtr& batch) override {
    const int64_t* v = batch->column(1)->values<int64_t>();
    return sum_->UpdateBatch(*batch->column(0), [v](int64_t i, int64_t& s, bool) { s += v[i]; });
  }
  Status ProcessWatermark(int, EventTime) override { return Status::OK(); }
  Status Finish() override {
    int64_t total = 0;
    int64_t keys = 0;
    sum_->ForEach([&](int64_t, bool, const int64_t& s) {
      total += s;
      ++keys;
    });
    result_->total.fetch_add(total);
    result_->keys.fetch_add(keys);
    return Status::OK();
  }

 private:
  std::shared_ptr<SumResult> result_;
  FixedValueState<int64_t>* sum_ = nullptr;
};

// Counts persisted snapshots (per checkpoint id) and their bytes.
struct CheckpointTally {
  std::mutex mu;
  std::map<int64_t, int> acks;  // checkpoint id -> subtasks persisted
  int64_t bytes = 0;
  int64_t failures = 0;
  std::string first_error;

  void Record(int64_t id, const Status& st, int64_t written) {
    std::lock_guard<std::mutex> lock(mu);
    if (!st.ok()) {
      if (failures++ == 0) first_error = st.ToString();
      return;
    }
    ++acks[id];
    bytes += written;
  }
  int Acks(int64_t id) {
    std::lock_guard<std::mutex> lock(mu);
    auto it = acks.find(id);
    return it == acks.end() ? 0 : it->second;
  }
};

// The state hook of the keyed-sum tasks: heap keyed state backends; snapshots are captured on
// the task thread and written to in-memory checkpoint storage on an I/O thread (then dropped).
class SumStateHook final : public SnapshotHook {
 public:
  SumStateHook(IoExecutor* io, std::shared_ptr<CheckpointTally> tally)
      : io_(io), tally_(std::move(tally)) {}

  Status InitializeState(const ChainedOperatorRef& op) override {
    WEIR_ASSIGN_OR_RAISE(std::unique_ptr<StateBackends> backends,
                         StateBackends::Make(*op.context, {LogicalType::BigInt()}));
    backends->InstallInto(op.context);
    StateInitializationContext init = backends->InitializationContext(std::nullopt);
    WEIR_RETURN_NOT_OK(op.op->InitializeState(init));
    backends_[op.index] = std::move(backends);
    return Status::OK();
  }

  Status SnapshotState(const CheckpointBarrier& barrier, const std::vector<ChainedOperatorRef>& chain,
                       const CheckpointMetrics& /*metrics*/) override {
    for (const ChainedOperatorRef& ref : chain) {
      auto it = backends_.find(ref.index);
      if (it == backends_.end()) continue;
      StateSnapshotContext ctx(barrier.id, barrier.timestamp_ms, barrier.kind);
      WEIR_RETURN_NOT_OK(ref.op->SnapshotState(ctx));
      WEIR_ASSIGN_OR_RAISE(OperatorStateSnapshots snapshots, it->second->Capture(ctx));
      auto shared = std::make_shared<OperatorStateSnapshots>(std::move(snapshots));
      const std::string prefix =
          StrCat(ref.context->operator_uid, "-", ref.context->subtask_index, "-", barrier.id.value());
      const int64_t id = barrier.id.value();
      io_->Execute([shared, prefix, id, tally = tally_] {
        MemoryCheckpointStorage storage;
        OperatorSubtaskState out;
        Status st = shared->WriteTo(storage, prefix, &out);
        tally->Record(id, st, storage.total_bytes());
      });
    }
    return Status::OK();
  }

 private:
  IoExecutor* io_;
  std::shared_ptr<CheckpointTally> tally_;
  std::map<int32_t, std::unique_ptr<StateBackends>> backends_;
};

struct ExchangeResult {
  Measurement m;
  bool check_ok = false;
  std::string check;
  int64_t checkpoints = 0;
  int64_t checkpoint_bytes = 0;
};

// Source (parallelism 2) -> hash exchange on k -> keyed sum (parallelism 2); with
// `checkpoint_interval_ms` > 0 a timer thread triggers a checkpoint on the sources that often.
Result<ExchangeResult> RunHashExchangeSum(int64_t records, int64_t checkpoint_interval_ms) {
  constexpr int kParallelism = 2;
  WEIR_ASSIGN_OR_RAISE(SchemaPtr schema, Schema::Parse("k BIGINT, v BIGINT"));
  // kNumKeys / kBatchRows batches that together hold every key once, in a scattered order
  // (an odd multiplier is a bijection modulo 2^kKeyBits); v = (k & 15) + 1.
  std::vector<RecordBatchPtr> batches;
  std::vector<int64_t> batch_sums;
  for (int64_t b = 0; b < kNumKeys / kBatchRows; ++b) {
    WEIR_ASSIGN_OR_RAISE(ColumnPtr keys, MakeBigIntColumn(kBatchRows, nullptr, [b](int64_t* k) {
                           for (int64_t i = 0; i < kBatchRows; ++i) {
                             const uint64_t x = static_cast<uint64_t>(b * kBatchRows + i);
                             k[i] = static_cast<int64_t>((x * 2654435761ULL) & (kNumKeys - 1));
                           }
                         }));
    const int64_t* k = keys->values<int64_t>();
    int64_t sum = 0;
    WEIR_ASSIGN_OR_RAISE(ColumnPtr values, MakeBigIntColumn(kBatchRows, nullptr, [&](int64_t* v) {
                           for (int64_t i = 0; i < kBatchRows; ++i) {
                             v[i] = (k[i] & 15) + 1;
                             sum += v[i];
                           }
                         }));
    batches.push_back(std::make_shared<const RecordBatch>(
        schema, std::vector<ColumnPtr>{keys, values}, kBatchRows));
    batch_sums.push_back(sum);
  }
  const int64_t batches_per_source =
      (records + kBatchRows * kParallelism - 1) / (kBatchRows * kParallelism);
  int64_t expected_total = 0;
  for (int p = 0; p < kParallelism; ++p) {
    const int64_t first = p * static_cast<int64_t>(batches.size()) / kParallelism;
    for (int64_t i = 0; i < batches_per_source; ++i) {
      expected_total += batch_sums[static_cast<size_t>((first + i) % static_cast<int64_t>(batches.size()))];
    }
  }
  const int64_t expected_keys =
      batches_per_source * kParallelism >= static_cast<int64_t>(batches.size())
          ? kNumKeys
          : -1;  // fewer batches than a full cycle: the key count is not checked

  WorkerPool pool(2);
  ThreadIoExecutor io("bench-io", 1);
  NetworkEnvironment env(NetworkConfig{}, MemoryPool::MakeRoot("network", int64_t{256} << 20));
  std::vector<std::shared_ptr<ResultPartition>> partitions;
  std::vector<std::shared_ptr<InputGate>> gates;
  for (int p = 0; p < kParallelism; ++p) {
    WEIR_ASSIGN_OR_RAISE(auto partition,
                         env.CreateResultPartition(StrCat("source-", p), kParallelism,
                                                   PartitionerSpec::Hash({0}),
                                                   kDefaultMaxParallelism, p));
    partitions.push_back(partition);
  }
  for (int c = 0; c < kParallelism; ++c) {
    WEIR_ASSIGN_OR_RAISE(auto gate, env.CreateInputGate(StrCat("sum-", c), kParallelism, 0));
    gates.push_back(gate);
  }
  WEIR_RETURN_NOT_OK(NetworkEnvironment::ConnectAllToAll(partitions, gates));

  TerminalLatch latch(2 * kParallelism);
  auto result = std::make_shared<SumResult>();
  auto tally = std::make_shared<CheckpointTally>();
  std::vector<std::shared_ptr<Task>> sources;
  std::vector<std::shared_ptr<Task>> tasks;
  for (int p = 0; p < kParallelism; ++p) {
    TaskDeployment d;
    d.task_name = StrCat("source (", p + 1, "/", kParallelism, ")");
    d.subtask_index = p;
    d.parallelism = kParallelism;
    const int64_t first = p * static_cast<int64_t>(batches.size()) / kParallelism;
    d.operators = {Spec("source", CyclingSource(batches, first, batches_per_source),
                        {ChainTarget::ToPartition(0)})};
    d.result_partitions = {partitions[static_cast<size_t>(p)]};
    d.on_state_change = latch.Callback();
    WEIR_ASSIGN_OR_RAISE(auto task, Task::Make(std::move(d), &pool));
    sources.push_back(task);
    tasks.push_back(task);
  }
  for (int c = 0; c < kParallelism; ++c) {
    TaskDeployment d;
    d.task_name = StrCat("keyed-sum (", c + 1, "/", kParallelism, ")");
    d.subtask_index = c;
    d.parallelism = kParallelism;
    d.operators = {Spec("keyed-sum", Factory([result]() -> Result<std::unique_ptr<Operator>> {
                          return std::make_unique<KeyedSumOperator>(result);
                        }))};
    d.input_gates = {gates[static_cast<size_t>(c)]};
    d.snapshot_hook = std::make_shared<SumStateHook>(&io, tally);
    d.on_state_change = latch.Callback();
    WEIR_ASSIGN_OR_RAISE(auto task, Task::Make(std::move(d), &pool));
    tasks.push_back(task);
  }

  const double cpu0 = CpuSeconds();
  const double wall0 = WallSeconds();
  std::atomic<bool> stop{false};
  std::atomic<int64_t> triggered{0};
  std::thread checkpointer;
  if (checkpoint_interval_ms > 0) {
    checkpointer = std::thread([&] {
      int64_t id = 0;
      auto next = std::chrono::steady_clock::now();
      while (!stop.load()) {
        next += std::chrono::milliseconds(checkpoint_interval_ms);
        while (!stop.load() && std::chrono::steady_clock::now() < next) {
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        if (stop.load()) break;
        // The previous checkpoint is complete once every keyed-sum subtask persisted it.
        if (id > 0 && tally->Acks(id) == kParallelism) {
          for (const auto& t : tasks) t->NotifyCheckpointComplete(CheckpointId(id));
        }
        ++id;
        CheckpointBarrier barrier;
        barrier.id = CheckpointId(id);
        barrier.timestamp_ms = WallMillis();
        int accepted = 0;
        for (const auto& s : sources) accepted += s->TriggerCheckpoint(barrier) ? 1 : 0;
        if (accepted > 0) triggered.store(id);
        if (accepted < kParallelism) break;  // a source already finished: no more checkpoints
      }
    });
  }
  Status run = RunTasks(tasks, latch);
  stop.store(true);
  if (checkpointer.joinable()) checkpointer.join();
  io.WaitIdle();
  ExchangeResult r;
  r.m = Measurement{batches_per_source * kParallelism * kBatchRows, CpuSeconds() - cpu0,
                    WallSeconds() - wall0};
  io.Shutdown();
  pool.Shutdown();
  WEIR_RETURN_NOT_OK(std::move(run));

  {
    std::lock_guard<std::mutex> lock(tally->mu);
    if (tally->failures > 0) {
      return Status::Invalid("Checkpoint write failed: ", tally->first_error);
    }
    for (const auto& [id, acks] : tally->acks) r.checkpoints += acks == kParallelism ? 1 : 0;
    r.checkpoint_bytes = tally->bytes;
  }
  const int64_t total = result->total.load();
  const int64_t keys = result->keys.load();
  r.check_ok = total == expected_total && (expected_keys < 0 || keys == expected_keys);
  r.check = StrCat(" check=", r.check_ok ? "ok" : "FAILED", " sum=", total, " expected_sum=",
                   expected_total, " keys=", keys);
  if (checkpoint_interval_ms > 0) {
    r.check += StrCat(" checkpoints=", r.checkpoints, " triggered=", triggered.load(),
                      " checkpoint_bytes=", r.checkpoint_bytes);
  }
  return r;
}

int Main(int argc, char** argv) {
  bool quick = false;
  std::string only;  // run just this pipeline (profiling)
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else if (std::strncmp(argv[i], "--only=", 7) == 0) {
      only = argv[i] + 7;
    } else if (std::strncmp(argv[i], "--benchmark_", 12) == 0) {
      // Google Benchmark flags from a generic runner: ignored.
    } else {
      std::fprintf(stderr, "usage: %s [--quick] [--only=<pipeline>]\n", argv[0]);
      return 2;
    }
  }
  const int64_t chained_records = quick ? 4'000'000 : 200'000'000;
  const int64_t exchange_records = quick ? 2'000'000 : 50'000'000;
  auto wanted = [&](const char* name) { return only.empty() || only == name; };
  int status = 0;
  int ran = 0;

  if (wanted("chained_map_filter")) {
    ++ran;
    Result<Measurement> chained = RunChainedMapFilter(chained_records);
    if (chained.ok()) {
      PrintBench("chained_map_filter", *chained, "");
    } else {
      std::fprintf(stderr, "chained_map_filter failed: %s\n", chained.status().ToString().c_str());
      status = 1;
    }
  }
  // The exchange without and with a checkpoint every second (every 200 ms with --quick).
  const struct {
    const char* name;
    int64_t interval_ms;
  } exchanges[] = {{"hash_exchange_sum", 0}, {"checkpointing_sum", quick ? 200 : 1000}};
  for (const auto& e : exchanges) {
    if (!wanted(e.name)) continue;
    ++ran;
    Result<ExchangeResult> r = RunHashExchangeSum(exchange_records, e.interval_ms);
    if (r.ok()) {
      PrintBench(e.name, r->m, r->check);
      if (!r->check_ok) status = 1;
    } else {
      std::fprintf(stderr, "%s failed: %s\n", e.name, r.status().ToString().c_str());
      status = 1;
    }
  }
  if (ran == 0) {
    std::fprintf(stderr, "unknown pipeline %s\n", only.c_str());
    return 2;
  }
  return status;
}

}  // namespace
}  // namespace weir::runtime::bench

int main(int argc, char** argv) { return weir::runtime::bench::Main(argc, argv); }
