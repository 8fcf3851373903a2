// Partition directories: listing `k=v/...` levels and matching paths against chosen partitions.
#include "weir/connectors/filesystem/partition_path.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include "weir/common/str_cat.h"
#include "weir/connectors/filesystem/filesystem_options.h"

namespace weir::connectors {

namespace fs = std::filesystem;

namespace {

// Returns the non-empty '/'-separated components of `path`.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

// Splits a `key=value` directory name into its unescaped parts; false without '='.
bool SplitPartitionName(std::string_view name, std::string* key, std::string* value) {
  const size_t eq = name.find('=');
  if (eq == std::string_view::npos) return false;
  *key = UnescapePartitionValue(name.substr(0, eq));
  *value = UnescapePartitionValue(name.substr(eq + 1));
  return true;
}

std::string KeyList(const std::vector<std::string>& keys) {
  std::string out = "(";
  for (size_t i = 0; i < keys.size(); ++i) out += StrCat(i > 0 ? ", " : "", keys[i]);
  return out + ")";
}

// Appends the partitions under `dir`, which is at partition level `level` (`current` holds the
// levels above it).
Status ListLevel(const fs::path& dir, const std::vector<std::string>& keys, size_t level,
                 PartitionSpec& current, std::vector<PartitionSpec>* out) {
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    entries.push_back(*it);
  }
  if (ec) {
    return Status::IOError("cannot list partition directory: ", ec.message(), ": ", dir.string());
  }
  std::sort(entries.begin(), entries.end(),
            [](const fs::directory_entry& a, const fs::directory_entry& b) {
              return a.path().filename() < b.path().filename();
            });
  for (const fs::directory_entry& entry : entries) {
    const std::string name = entry.path().filename().string();
    std::error_code dec;
    if (IsHiddenFileName(name) || !entry.is_directory(dec)) continue;
    std::string key;
    std::string value;
    if (!SplitPartitionName(name, &key, &value)) {
      return Status::Invalid("Directory is not a partition directory '", keys[level],
                             "=<value>' of a table partitioned by ", KeyList(keys), ": ",
                             entry.path().string());
    }
    if (key != keys[level]) {
      return Status::Invalid("Partition directory has key '", key, "' where PARTITIONED BY ",
                             KeyList(keys), " expects '", keys[level],
                             "': ", entry.path().string());
    }
    current.emplace_back(std::move(key), std::move(value));
    if (level + 1 == keys.size()) {
      out->push_back(current);
    } else {
      WEIR_RETURN_NOT_OK(ListLevel(entry.path(), keys, level + 1, current, out));
    }
    current.pop_back();
  }
  return Status::OK();
}

}  // namespace

Result<std::vector<PartitionSpec>> ListPartitionDirectories(const std::string& root,
                                                            const std::vector<std::string>& keys) {
  std::vector<PartitionSpec> out;
  if (keys.empty()) return out;
  std::error_code ec;
  const fs::file_status status = fs::status(root, ec);
  if (ec || !fs::exists(status) || !fs::is_directory(status)) return out;
  PartitionSpec current;
  WEIR_RETURN_NOT_OK(ListLevel(fs::path(root), keys, 0, current, &out));
  return out;
}

Result<PartitionFilter> PartitionFilter::Make(const std::vector<std::string>& keys,
                                              const std::vector<PartitionSpec>& partitions) {
  PartitionFilter filter(keys);
  for (const PartitionSpec& spec : partitions) {
    bool matches = spec.size() == keys.size();
    for (size_t i = 0; matches && i < spec.size(); ++i) matches = spec[i].first == keys[i];
    if (!matches) {
      std::string text;
      for (const auto& [k, v] : spec) text += StrCat(text.empty() ? "" : ", ", k, "=", v);
      return Status::Invalid("Partition {", text, "} does not match PARTITIONED BY ",
                             KeyList(keys));
    }
    std::vector<std::string> values;
    filter.prefixes_.insert(values);
    for (const auto& kv : spec) {
      values.push_back(kv.second);
      filter.prefixes_.insert(values);
    }
  }
  return filter;
}

bool PartitionFilter::LeadingValues(const std::vector<std::string_view>& dirs,
                                    std::vector<std::string>* values) const {
  const size_t n = std::min(dirs.size(), keys_.size());
  std::string key;
  std::string value;
  for (size_t i = 0; i < n; ++i) {
    if (!SplitPartitionName(dirs[i], &key, &value) || key != keys_[i]) return false;
    values->push_back(std::move(value));
  }
  return true;
}

bool PartitionFilter::AdmitsDirectory(std::string_view relative_dir) const {
  std::vector<std::string> values;
  return LeadingValues(SplitPath(relative_dir), &values) && prefixes_.contains(values);
}

bool PartitionFilter::AdmitsFile(std::string_view relative_path) const {
  std::vector<std::string_view> dirs = SplitPath(relative_path);
  if (dirs.empty()) return false;
  dirs.pop_back();  // the file name
  if (dirs.size() < keys_.size()) return false;
  std::vector<std::string> values;
  return LeadingValues(dirs, &values) && prefixes_.contains(values);
}

}  // namespace weir::connectors
