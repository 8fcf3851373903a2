// PrintSinkOperator: formats each batch into one buffer and writes it with one call.
#include "weir/connectors/print/print_sink_operator.h"

#include <utility>

#include "weir/runtime/operators/operator_context.h"

namespace weir::connectors {

PrintSinkOperator::PrintSinkOperator(PrintOptions options, std::string name)
    : options_(std::move(options)),
      name_(std::move(name)),
      file_(options_.standard_error ? stderr : stdout) {}

PrintSinkOperator::PrintSinkOperator(PrintOptions options, std::ostream* out, std::string name)
    : options_(std::move(options)), name_(std::move(name)), stream_(out) {}

PrintSinkOperator::PrintSinkOperator(PrintOptions options, std::FILE* file, std::string name)
    : options_(std::move(options)), name_(std::move(name)), file_(file) {}

Status PrintSinkOperator::Open(runtime::OperatorContext& ctx) {
  if (stream_ == nullptr && file_ == nullptr) {
    return Status::Invalid("print sink ", name_, " has no output stream");
  }
  prefix_ = PrintPrefix(options_.print_identifier, ctx.subtask_index, ctx.parallelism);
  return Status::OK();
}

Status PrintSinkOperator::ProcessBatch(int input, const RecordBatchPtr& batch) {
  if (input != 0) return Status::Internal("print sink ", name_, " has no input ", input);
  if (batch == nullptr || batch->num_rows() == 0) return Status::OK();
  buffer_.clear();
  AppendPrintedRows(buffer_, prefix_, *batch);
  rows_printed_ += batch->num_rows();
  return Write(buffer_);
}

Status PrintSinkOperator::Write(const std::string& text) {
  if (stream_ != nullptr) {
    stream_->write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!*stream_) return Status::IOError("print sink ", name_, " failed to write its output");
    return Status::OK();
  }
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size() || std::fflush(file_) != 0) {
    return Status::IOError("print sink ", name_, " failed to write its output");
  }
  return Status::OK();
}

Status PrintSinkOperator::Finish() {
  if (stream_ != nullptr) {
    stream_->flush();
  } else if (file_ != nullptr) {
    std::fflush(file_);
  }
  return Status::OK();
}

}  // namespace weir::connectors
