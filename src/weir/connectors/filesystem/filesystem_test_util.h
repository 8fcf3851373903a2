// Helpers for the filesystem connector's tests: a scratch directory under the test temp dir,
// writing and listing files, and parsing options for a schema.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "weir/common/check.h"
#include "weir/connectors/filesystem/filesystem_options.h"

#define FS_ASSERT_OK(expr)                         \
  do {                                             \
    const ::weir::Status _fs_st = (expr);          \
    ASSERT_TRUE(_fs_st.ok()) << _fs_st.ToString(); \
  } while (false)

namespace weir::connectors::fs_test {

/// A fresh directory under ::testing::TempDir(), removed with its contents on destruction.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::path(::testing::TempDir()) / "weir-fs-XXXXXX").string();
    char* made = ::mkdtemp(pattern.data());
    WEIR_CHECK_MSG(made != nullptr, "mkdtemp failed");
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  /// Returns path() / rel.
  std::string operator/(const std::string& rel) const {
    return (std::filesystem::path(path_) / rel).string();
  }

 private:
  std::string path_;
};

/// Writes `text` to `path`, creating its directories.
inline void WriteFile(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

/// Returns the contents of `path`.
inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Returns the regular files under `root`, relative, sorted; hidden ones ('.' or '_' names)
/// only when `include_hidden`.
inline std::vector<std::string> ListFiles(const std::string& root, bool include_hidden) {
  std::vector<std::string> out;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(root, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const std::string name = it->path().filename().string();
    if (!include_hidden && IsHiddenFileName(name)) continue;
    out.push_back(it->path().lexically_relative(root).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Returns every line of the visible files under `root` (success files hold none), sorted.
inline std::vector<std::string> VisibleLines(const std::string& root) {
  std::vector<std::string> lines;
  for (const std::string& rel : ListFiles(root, false)) {
    std::istringstream in(ReadFile((std::filesystem::path(root) / rel).string()));
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace weir::connectors::fs_test
