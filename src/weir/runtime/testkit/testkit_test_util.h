// Helpers for the testkit's own tests: status assertions and temporary directories.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "weir/common/check.h"

/// Asserts that a Status (or the status of a Result) is OK.
#define TESTKIT_ASSERT_OK(expr)                              \
  do {                                                       \
    const ::weir::Status _testkit_st = (expr);               \
    ASSERT_TRUE(_testkit_st.ok()) << _testkit_st.ToString(); \
  } while (false)

namespace weir::runtime::testkit {

/// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "weir-testkit-XXXXXX").string();
    char* made = ::mkdtemp(pattern.data());
    WEIR_CHECK_MSG(made != nullptr, "mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace weir::runtime::testkit
