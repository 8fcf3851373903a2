// TwoPhaseCommitFileSink: in-progress files, pending at snapshot, renamed on checkpoint completion.
#include "weir/runtime/testkit/two_phase_commit_file_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>

#include "weir/common/batch/batch_text.h"
#include "weir/common/io/file_sync.h"
#include "weir/common/str_cat.h"
#include "weir/runtime/operators/operator_context.h"
#include "weir/runtime/state/state_context.h"
#include "weir/runtime/state/state_descriptor.h"

namespace weir::runtime::testkit {

namespace fs = std::filesystem;

namespace {

constexpr char kPendingState[] = "2pc-file-sink-pending";
constexpr size_t kWriteBufferBytes = 1 << 16;

std::string CommittedName(int32_t subtask, int64_t checkpoint) {
  return StrCat("part-", subtask, "-", checkpoint);
}

// Parses the subtask index out of ".part-<subtask>-...inprogress"; -1 when not such a name.
int64_t InProgressSubtask(const std::string& name) {
  static const std::string kPrefix = ".part-";
  static const std::string kSuffix = ".inprogress";
  if (name.size() <= kPrefix.size() + kSuffix.size() ||
      name.compare(0, kPrefix.size(), kPrefix) != 0 ||
      name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
    return -1;
  }
  int64_t subtask = -1;
  const char* begin = name.data() + kPrefix.size();
  auto [ptr, ec] = std::from_chars(begin, name.data() + name.size(), subtask);
  if (ec != std::errc() || ptr == begin || *ptr != '-') return -1;
  return subtask;
}

}  // namespace

TwoPhaseCommitFileSink::TwoPhaseCommitFileSink(std::string output_dir, std::string name)
    : output_dir_(std::move(output_dir)), name_(std::move(name)) {}

TwoPhaseCommitFileSink::~TwoPhaseCommitFileSink() {
  if (file_ != nullptr) std::fclose(file_);
}

std::string TwoPhaseCommitFileSink::Encode(const Pending& p) {
  return StrCat(p.checkpoint, " ", p.subtask, " ", p.file);
}

Result<TwoPhaseCommitFileSink::Pending> TwoPhaseCommitFileSink::Decode(const std::string& entry) {
  Pending p;
  const char* cur = entry.data();
  const char* end = entry.data() + entry.size();
  auto [a, ec1] = std::from_chars(cur, end, p.checkpoint);
  if (ec1 == std::errc() && a < end && *a == ' ') {
    auto [b, ec2] = std::from_chars(a + 1, end, p.subtask);
    if (ec2 == std::errc() && b < end && *b == ' ' && b + 1 < end) {
      p.file.assign(b + 1, end);
      if (p.file.find('/') == std::string::npos) return p;
    }
  }
  return Status::Invalid("malformed pending file entry in sink state: '", entry, "'");
}

Status TwoPhaseCommitFileSink::InitializeState(StateInitializationContext& ctx) {
  if (ctx.operator_state_backend() == nullptr) {
    return Status::Invalid("TwoPhaseCommitFileSink ", name_, " needs an operator state backend");
  }
  std::error_code ec;
  fs::create_directories(output_dir_, ec);
  if (ec) {
    return Status::IOError("cannot create sink output directory: ", ec.message(), ": ",
                           output_dir_);
  }
  WEIR_ASSIGN_OR_RAISE(pending_state_, ctx.operator_state_backend()->GetUnionListState(
                                           ListStateDescriptor<std::string>(kPendingState)));
  // Every subtask restores every pending entry (union state): commit them all (idempotent).
  for (const std::string& entry : pending_state_->Get()) {
    WEIR_ASSIGN_OR_RAISE(Pending p, Decode(entry));
    WEIR_RETURN_NOT_OK(Commit(p));
  }
  pending_.clear();
  SyncState();
  return DeleteStrayFiles();
}

Status TwoPhaseCommitFileSink::DeleteStrayFiles() {
  const int64_t subtask = context_ != nullptr ? context_->subtask_index : 0;
  const int64_t parallelism = context_ != nullptr ? context_->parallelism : 1;
  std::error_code ec;
  std::vector<fs::path> stray;
  for (fs::directory_iterator it(output_dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const int64_t owner = InProgressSubtask(name);
    if (owner >= 0 && owner % parallelism == subtask) stray.push_back(it->path());
  }
  if (ec) return Status::IOError("cannot list sink directory: ", ec.message(), ": ", output_dir_);
  // Restored pending files were committed (renamed) above, so what is left is stray.
  for (const fs::path& path : stray) {
    fs::remove(path, ec);
    if (ec) return Status::IOError("cannot delete stray file: ", ec.message(), ": ", path.string());
  }
  return Status::OK();
}

Status TwoPhaseCommitFileSink::ProcessBatch(int /*input*/, const RecordBatchPtr& batch) {
  if (batch->num_rows() == 0) return Status::OK();
  if (file_ == nullptr) {
    const int32_t subtask = context_ != nullptr ? context_->subtask_index : 0;
    const int32_t attempt = context_ != nullptr ? context_->attempt : 0;
    file_name_ = StrCat(".part-", subtask, "-", attempt, "-", seq_++, ".inprogress");
    const std::string path = (fs::path(output_dir_) / file_name_).string();
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) {
      return Status::IOError("cannot create in-progress file: ", std::strerror(errno), ": ", path);
    }
    std::setvbuf(file_, nullptr, _IOFBF, kWriteBufferBytes);
  }
  for (int64_t i = 0; i < batch->num_rows(); ++i) {
    line_.clear();
    line_ += batch->RowToString(i);
    line_ += '\n';
    if (std::fwrite(line_.data(), 1, line_.size(), file_) != line_.size()) {
      return Status::IOError("write to in-progress file failed: ", file_name_, " in ", output_dir_);
    }
  }
  return Status::OK();
}

Status TwoPhaseCommitFileSink::CloseCurrentFile() {
  if (file_ == nullptr) return Status::OK();
  std::FILE* f = file_;
  file_ = nullptr;
  const bool flushed = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  const int err = errno;
  const bool closed = std::fclose(f) == 0;
  if (!flushed || !closed) {
    return Status::IOError("cannot flush in-progress file: ", std::strerror(err), ": ", file_name_,
                           " in ", output_dir_);
  }
  return Status::OK();
}

Status TwoPhaseCommitFileSink::SnapshotState(StateSnapshotContext& ctx) {
  if (pending_state_ == nullptr) {
    return Status::Internal("TwoPhaseCommitFileSink ", name_, " snapshot without InitializeState");
  }
  if (file_ != nullptr) {
    WEIR_RETURN_NOT_OK(CloseCurrentFile());
    const int32_t subtask = context_ != nullptr ? context_->subtask_index : 0;
    pending_.push_back(Pending{ctx.checkpoint_id().value(), subtask, file_name_});
  }
  SyncState();
  return Status::OK();
}

void TwoPhaseCommitFileSink::SyncState() {
  std::vector<std::string> entries;
  entries.reserve(pending_.size());
  for (const Pending& p : pending_) entries.push_back(Encode(p));
  pending_state_->Update(std::move(entries));
}

Status TwoPhaseCommitFileSink::NotifyCheckpointComplete(CheckpointId id) {
  return CommitUpTo(id.value());
}

Status TwoPhaseCommitFileSink::CommitUpTo(int64_t checkpoint) {
  std::vector<Pending> keep;
  for (const Pending& p : pending_) {
    if (p.checkpoint <= checkpoint) {
      WEIR_RETURN_NOT_OK(Commit(p));
    } else {
      keep.push_back(p);
    }
  }
  pending_ = std::move(keep);
  return Status::OK();
}

Status TwoPhaseCommitFileSink::Commit(const Pending& p) {
  const fs::path dir(output_dir_);
  const fs::path src = dir / p.file;
  const fs::path dst = dir / CommittedName(p.subtask, p.checkpoint);
  std::error_code ec;
  if (!fs::exists(src, ec)) {
    if (fs::exists(dst, ec)) return Status::OK();  // committed before (e.g. before a restore)
    return Status::IOError("pending file of checkpoint ", p.checkpoint, " is lost: ", src.string());
  }
  fs::rename(src, dst, ec);
  if (ec) {
    std::error_code ec2;
    if (!fs::exists(src, ec2) && fs::exists(dst, ec2)) return Status::OK();  // another subtask won
    return Status::IOError("cannot commit pending file: ", ec.message(), ": ", src.string());
  }
  ++files_committed_;
  return SyncDirectory(output_dir_);
}

Status TwoPhaseCommitFileSink::Close() {
  // An in-progress file left here is stray: a restore deletes it.
  if (file_ != nullptr) {
    std::fclose(file_);
    file_ = nullptr;
  }
  return Status::OK();
}

Result<std::vector<std::string>> ReadCommittedOutput(const std::string& dir) {
  std::vector<std::string> lines;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind("part-", 0) != 0) continue;
    std::ifstream in(it->path(), std::ios::binary);
    if (!in) return Status::IOError("cannot read committed file: ", it->path().string());
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
  }
  if (ec) return Status::IOError("cannot list sink directory: ", ec.message(), ": ", dir);
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace weir::runtime::testkit
