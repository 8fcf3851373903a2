// Test helpers for graph tests: a no-op operator and short ways to describe operators.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "weir/runtime/graph/stream_graph.h"

namespace weir::runtime::testing {

/// An operator that drops everything; graph tests only need something to create.
class NoOpOperator : public Operator {
 public:
  NoOpOperator(std::string name, int num_inputs) : name_(std::move(name)), inputs_(num_inputs) {}
  int num_inputs() const override { return inputs_; }
  std::string name() const override { return name_; }
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override { return Status::OK(); }

 private:
  std::string name_;
  int inputs_;
};

/// Returns a spec with a factory making NoOpOperators.
inline OperatorSpec Op(std::string name, int32_t parallelism = 1, int32_t num_inputs = 1,
                       std::string uid = "") {
  OperatorSpec spec;
  spec.name = std::move(name);
  spec.uid = std::move(uid);
  spec.parallelism = parallelism;
  spec.num_inputs = num_inputs;
  spec.factory = [name = spec.name, num_inputs](int32_t) -> Result<std::unique_ptr<Operator>> {
    return std::unique_ptr<Operator>(std::make_unique<NoOpOperator>(name, num_inputs));
  };
  return spec;
}

/// Returns a source spec (no inputs).
inline OperatorSpec Source(std::string name, int32_t parallelism = 1, std::string uid = "") {
  return Op(std::move(name), parallelism, 0, std::move(uid));
}

/// Returns a keyed one-input spec keyed by `keys`.
inline OperatorSpec Keyed(std::string name, int32_t parallelism, std::vector<int32_t> keys,
                          std::string uid = "") {
  OperatorSpec spec = Op(std::move(name), parallelism, 1, std::move(uid));
  spec.keyed = true;
  spec.key_columns = {std::move(keys)};
  return spec;
}

}  // namespace weir::runtime::testing
