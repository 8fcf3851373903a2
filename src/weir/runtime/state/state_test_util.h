// Helpers shared by the state and timer tests: batches from text, backends, assertion macros.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string_view>
#include <vector>

#include "weir/common/batch/record_batch.h"
#include "weir/runtime/state/keyed_state_backend.h"

#define WEIR_STATE_TEST_CONCAT_IMPL(a, b) a##b
#define WEIR_STATE_TEST_CONCAT(a, b) WEIR_STATE_TEST_CONCAT_IMPL(a, b)
#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr)             \
  auto tmp = (expr);                                          \
  ASSERT_TRUE(tmp.ok()) << tmp.status().ToString();           \
  lhs = std::move(tmp).ValueOrDie();
/// Asserts that a Result is OK and assigns its value.
#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL(WEIR_STATE_TEST_CONCAT(_state_result_, __COUNTER__), lhs, expr)

namespace weir::runtime::state_test {

/// Parses a batch in the text form; aborts the test binary on a typo.
inline RecordBatchPtr Batch(std::string_view text) {
  auto batch = RecordBatch::Parse(text);
  WEIR_CHECK_MSG(batch.ok(), batch.status().ToString());
  return std::move(batch).ValueOrDie();
}

/// Makes a heap keyed-state backend.
inline std::unique_ptr<KeyedStateBackend> MakeBackend(std::vector<LogicalType> key_types,
                                                      KeyGroupRange range = KeyGroupRange{0, 127},
                                                      int32_t max_parallelism = 128,
                                                      MemoryPool* pool = nullptr) {
  auto backend = KeyedStateBackend::Make(
      KeyedStateBackendOptions{"test-op", std::move(key_types), max_parallelism, range, pool});
  WEIR_CHECK_MSG(backend.ok(), backend.status().ToString());
  return std::move(backend).ValueOrDie();
}

}  // namespace weir::runtime::state_test
