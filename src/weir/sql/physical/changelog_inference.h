// ChangelogInference: which changes each physical node emits, and whether sinks can take them.
#pragma once

#include <vector>

#include "weir/common/batch/changelog_mode.h"
#include "weir/common/status.h"
#include "weir/sql/physical/physical_node.h"

namespace weir::sql {

/// Returns the mode a node of `kind` emits given its inputs (bottom-up inference): sources
/// emit `declared` (a scan: its connector's mode; VALUES: inserts), Calc and
/// WatermarkAssigner pass their input's mode through (a Calc's upsert key follows its
/// projections: InferCalcChangelogMode), a Union emits every kind any input
/// emits (upsert keys survive only when all inputs agree), a Sink emits nothing.
ChangelogMode InferChangelogMode(PhysicalKind kind, const std::vector<PhysicalPtr>& inputs,
                                 const ChangelogMode& declared = ChangelogMode::InsertOnly());

/// Returns the mode of a Calc over an input emitting `input`: the same kinds, with an upsert
/// key mapped to the output positions that pass its columns through (dropped when a key
/// column is not passed through unchanged).
ChangelogMode InferCalcChangelogMode(const ChangelogMode& input,
                                     const std::vector<ExprPtr>& projections);

/// Checks that `sink` accepts the changes of its input. Fails as Flink does, naming the sink
/// and the node that first produces the rejected changes: "Table sink 'c.d.t' doesn't
/// support consuming update changes which is produced by node TableSourceScan(...)"
/// ("update and delete changes", "delete changes" likewise).
Status CheckSinkChangelog(const SinkNode& sink);

/// Checks every sink among `roots` (roots that are not sinks, e.g. an explained query,
/// need no check).
Status CheckSinkChangelogs(const std::vector<PhysicalPtr>& roots);

}  // namespace weir::sql
