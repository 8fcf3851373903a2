// TwoPhaseCommitFileSink: an exactly-once test sink committing one file per subtask per checkpoint.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "weir/common/result.h"
#include "weir/runtime/operators/operator.h"
#include "weir/runtime/state/operator_state_backend.h"

namespace weir::runtime::testkit {

/// A sink writing every row it receives, as a Row.toString line ("+I[1, x]"), with two-phase
/// commit over files in `output_dir`:
///   - rows go (buffered) into an in-progress file ".part-<subtask>-<attempt>-<seq>.inprogress";
///   - SnapshotState(n) flushes, fsyncs and closes it as pending for checkpoint n, recorded in
///     (union) operator list state;
///   - NotifyCheckpointComplete(n) commits every pending file of checkpoint <= n by an atomic
///     rename to "part-<subtask>-<checkpoint>" and fsyncs the directory;
///   - a commit is idempotent: a pending file whose target exists and whose source is gone
///     was committed already and is skipped;
///   - on restore, the pending files in state are committed (every new subtask sees them all
///     through union state, so rescaling is fine); then, at every initialisation (fresh or
///     restored), the remaining in-progress files of this subtask's old indices (index ≡
///     subtask mod parallelism) are deleted as stray: their rows come again from the
///     replayed input.
/// A reader sees only committed files (names without the leading dot), see
/// ReadCommittedOutput. End of input + a final checkpoint commits the rest.
///
/// File I/O runs on the task thread: acceptable for this test sink only (a production sink
/// would hand it to I/O threads). Writes are buffered through stdio.
/// Thread: the owning task thread.
class TwoPhaseCommitFileSink final : public Operator {
 public:
  explicit TwoPhaseCommitFileSink(std::string output_dir, std::string name = "2pc-file-sink");
  ~TwoPhaseCommitFileSink() override;

  std::string name() const override { return name_; }
  Status InitializeState(StateInitializationContext& ctx) override;
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override;
  Status SnapshotState(StateSnapshotContext& ctx) override;
  Status NotifyCheckpointComplete(CheckpointId id) override;
  Status Close() override;

  /// Returns the number of files this instance committed (renames done, skips not counted).
  int64_t files_committed() const { return files_committed_; }
  /// Returns the number of pending (snapshotted, not committed) files.
  int64_t num_pending() const { return static_cast<int64_t>(pending_.size()); }

 private:
  struct Pending {
    int64_t checkpoint = 0;
    int32_t subtask = 0;
    std::string file;  // in-progress file name inside output_dir_
  };
  static std::string Encode(const Pending& p);
  static Result<Pending> Decode(const std::string& entry);
  Status CommitUpTo(int64_t checkpoint);
  Status Commit(const Pending& p);
  Status CloseCurrentFile();
  Status DeleteStrayFiles();
  void SyncState();

  const std::string output_dir_;
  const std::string name_;
  OperatorListState<std::string>* pending_state_ = nullptr;
  std::vector<Pending> pending_;
  std::FILE* file_ = nullptr;  // the open in-progress file, or null
  std::string file_name_;
  int64_t seq_ = 0;
  std::string line_;
  int64_t files_committed_ = 0;
};

/// Returns every line of the committed files ("part-*") of `dir`, sorted.
Result<std::vector<std::string>> ReadCommittedOutput(const std::string& dir);

}  // namespace weir::runtime::testkit
