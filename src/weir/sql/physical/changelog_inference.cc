// ChangelogInference: pass-through and union rules, and Flink's sink check.
#include "weir/sql/physical/changelog_inference.h"

#include "weir/common/str_cat.h"

namespace weir::sql {

namespace {

constexpr RowKind kAllKinds[] = {RowKind::kInsert, RowKind::kUpdateBefore, RowKind::kUpdateAfter,
                                 RowKind::kDelete};

// Returns whether `mode` holds a kind `accepted` does not.
bool Rejected(const ChangelogMode& accepted, const ChangelogMode& mode) {
  return !accepted.Accepts(mode);
}

// Returns the node below `node` (or `node` itself) that first emits changes `accepted`
// rejects: the lowest node on a path of nodes emitting such changes.
const PhysicalNode* Producer(const PhysicalNode& node, const ChangelogMode& accepted) {
  for (const PhysicalPtr& in : node.inputs()) {
    if (Rejected(accepted, in->changelog_mode())) return Producer(*in, accepted);
  }
  return &node;
}

}  // namespace

ChangelogMode InferChangelogMode(PhysicalKind kind, const std::vector<PhysicalPtr>& inputs,
                                 const ChangelogMode& declared) {
  switch (kind) {
    case PhysicalKind::kTableSourceScan:
    case PhysicalKind::kValues:
      return declared;
    case PhysicalKind::kCalc:
    case PhysicalKind::kWatermarkAssigner:
      return inputs.empty() ? declared : inputs.front()->changelog_mode();
    case PhysicalKind::kUnion: {
      if (inputs.empty()) return ChangelogMode::None();
      const ChangelogMode& first = inputs.front()->changelog_mode();
      bool same = true;
      for (const PhysicalPtr& in : inputs) same = same && in->changelog_mode() == first;
      if (same) return first;
      ChangelogMode out = ChangelogMode::None();
      for (const PhysicalPtr& in : inputs) {
        for (RowKind k : kAllKinds) {
          if (in->changelog_mode().Contains(k)) out = out.With(k);
        }
      }
      return out;
    }
    case PhysicalKind::kSink:
      return ChangelogMode::None();
  }
  return declared;
}

ChangelogMode InferCalcChangelogMode(const ChangelogMode& input,
                                     const std::vector<ExprPtr>& projections) {
  if (!input.upsert_key()) return input;
  std::vector<int32_t> key;
  for (int32_t column : *input.upsert_key()) {
    int32_t found = -1;
    for (size_t j = 0; j < projections.size() && found < 0; ++j) {
      const Expr& e = *projections[j];
      if (e.kind() == ExprKind::kColumnRef && e.column_index() == column) {
        found = static_cast<int32_t>(j);
      }
    }
    if (found < 0) {
      ChangelogMode keyless = ChangelogMode::None();
      for (RowKind k : kAllKinds) {
        if (input.Contains(k)) keyless = keyless.With(k);
      }
      return keyless;
    }
    key.push_back(found);
  }
  return ChangelogMode::Upsert(std::move(key));
}

Status CheckSinkChangelog(const SinkNode& sink) {
  const ChangelogMode& produced = sink.input(0)->changelog_mode();
  const ChangelogMode& accepted = sink.accepted_mode();
  if (!Rejected(accepted, produced)) return Status::OK();
  const bool updates =
      (produced.Contains(RowKind::kUpdateAfter) && !accepted.Contains(RowKind::kUpdateAfter)) ||
      (produced.Contains(RowKind::kUpdateBefore) && !accepted.Contains(RowKind::kUpdateBefore));
  const bool deletes = produced.Contains(RowKind::kDelete) && !accepted.Contains(RowKind::kDelete);
  const char* what = updates && deletes ? "update and delete changes"
                     : updates          ? "update changes"
                     : deletes          ? "delete changes"
                                        : "insert changes";
  const PhysicalNode* producer = Producer(*sink.input(0), accepted);
  return Status::Invalid("Table sink '", sink.table().ToSummaryString(),
                         "' doesn't support consuming ", what, " which is produced by node ",
                         producer->Describe(ExprForm::kPrefix));
}

Status CheckSinkChangelogs(const std::vector<PhysicalPtr>& roots) {
  for (const PhysicalPtr& root : roots) {
    if (root->kind() == PhysicalKind::kSink) {
      WEIR_RETURN_NOT_OK(CheckSinkChangelog(root->As<SinkNode>()));
    }
  }
  return Status::OK();
}

}  // namespace weir::sql
