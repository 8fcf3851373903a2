// PrintSinkOperator: writes every row it receives as a Flink PrintSink line to stdout/stderr.
#pragma once

#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string>

#include "weir/connectors/print/print_format.h"
#include "weir/runtime/operators/operator.h"

namespace weir::connectors {

/// A one-input sink printing each row as "<prefix>+I[1, abc]" (see PrintPrefix), to stdout,
/// or stderr with 'standard-error'. Each batch is formatted into one buffer and written with
/// one call, so lines of concurrent subtasks never interleave inside a batch. Tests inject a
/// std::ostream (or a FILE*) instead.
/// Thread: the owning task thread.
class PrintSinkOperator final : public runtime::Operator {
 public:
  /// Prints to stdout or stderr per options.standard_error.
  explicit PrintSinkOperator(PrintOptions options, std::string name = "print");
  /// Prints to `out` (not owned; must outlive the operator).
  PrintSinkOperator(PrintOptions options, std::ostream* out, std::string name = "print");
  /// Prints to `file` (not owned).
  PrintSinkOperator(PrintOptions options, std::FILE* file, std::string name = "print");

  std::string name() const override { return name_; }
  Status Open(runtime::OperatorContext& ctx) override;
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override;
  /// Watermarks are not printed and not forwarded (a sink has no output).
  Status ProcessWatermark(int input, runtime::EventTime watermark) override { return Status::OK(); }
  Status ProcessWatermarkStatus(int input, bool idle) override { return Status::OK(); }
  Status Finish() override;

  /// Returns the line prefix of this subtask (valid after Open).
  const std::string& prefix() const { return prefix_; }
  /// Returns the number of rows printed.
  int64_t rows_printed() const { return rows_printed_; }

 private:
  Status Write(const std::string& text);

  PrintOptions options_;
  std::string name_;
  std::ostream* stream_ = nullptr;
  std::FILE* file_ = nullptr;
  std::string prefix_;
  std::string buffer_;  // reused across batches
  int64_t rows_printed_ = 0;
};

}  // namespace weir::connectors
