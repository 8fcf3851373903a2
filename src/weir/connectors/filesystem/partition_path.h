// Partition directories of the filesystem connector: listing `k=v/...` directories and the
// filter that keeps a source to the partitions the planner selected.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "weir/common/result.h"
#include "weir/connectors/base/table_factory.h"

namespace weir::connectors {

/// Lists the partitions under the directory `root` of a table partitioned by `keys` (Flink's
/// layout: one `key=value` directory level per key, in PARTITIONED BY order; keys and values
/// unescaped as the sink escapes them, so a NULL value appears as the table's
/// partition.default-name). Hidden directories and files ('.' or '_' names) are skipped, and so
/// are files above the partition level; a directory at a partition level that is not
/// `<expected key>=<value>` fails with an error naming it. A missing `root` has no partitions.
/// The result is sorted by the directory names.
Result<std::vector<PartitionSpec>> ListPartitionDirectories(const std::string& root,
                                                            const std::vector<std::string>& keys);

/// Which files of a partitioned table's directory belong to a chosen set of partitions.
/// Thread: immutable after Make; used from one thread at a time.
class PartitionFilter {
 public:
  /// Makes the filter of `partitions` (each with the `keys`, in order) of a table partitioned
  /// by `keys`; a spec with other keys fails.
  static Result<PartitionFilter> Make(const std::vector<std::string>& keys,
                                      const std::vector<PartitionSpec>& partitions);

  /// Returns whether the directory at `relative_dir` (relative to the table path, '/'
  /// separated, no trailing '/') may hold files of a chosen partition.
  bool AdmitsDirectory(std::string_view relative_dir) const;
  /// Returns whether the file at `relative_path` lies in a chosen partition.
  bool AdmitsFile(std::string_view relative_path) const;

 private:
  explicit PartitionFilter(std::vector<std::string> keys) : keys_(std::move(keys)) {}
  // Appends the values of the leading `key=value` components of `dirs` (at most one per key)
  // to `values`; false when a component is not the expected key's.
  bool LeadingValues(const std::vector<std::string_view>& dirs,
                     std::vector<std::string>* values) const;

  std::vector<std::string> keys_;
  // The values of every chosen partition and of each of its leading parts.
  std::set<std::vector<std::string>> prefixes_;
};

}  // namespace weir::connectors
