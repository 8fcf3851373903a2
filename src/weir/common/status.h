// Status: the outcome of a fallible operation, with a code, an error domain and a retry hint.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "weir/common/str_cat.h"

namespace weir {

/// What kind of failure a Status reports.
enum class StatusCode : int8_t {
  kOk = 0,
  kInvalid,           // bad input: SQL, options, records, arguments
  kTypeError,         // a type mismatch the user can fix
  kNotFound,          // a named thing does not exist
  kAlreadyExists,     // a named thing exists already
  kNotSupported,      // a feature Weir does not support (yet)
  kOutOfMemory,       // a memory budget is exhausted
  kIOError,           // a file, socket or external system failed
  kTimeout,           // a deadline passed
  kCancelled,         // the operation was cancelled
  kSerialization,     // bytes could not be decoded
  kInternal,          // a bug in Weir
};

/// Who is responsible for a failure; restart strategies and the gateway use it.
enum class ErrorDomain : int8_t {
  kUserInput = 0,  // fix the query, the data or the configuration
  kExternal,       // an outside system (file system, network, database) failed
  kInternal,       // Weir itself is at fault
};

const char* StatusCodeName(StatusCode code);
const char* ErrorDomainName(ErrorDomain domain);

/// The outcome of a fallible operation. OK statuses cost one null pointer.
///
/// In builds with WEIR_DCHECK_ENABLED a Status that is destroyed without having
/// been inspected (ok(), code(), message(), ...) aborts the process, so a
/// dropped error cannot go unnoticed.
template <typename T>
class Result;

class [[nodiscard]] Status {
 public:
  Status() noexcept = default;
  Status(StatusCode code, std::string message);
  Status(StatusCode code, ErrorDomain domain, bool retryable, std::string message);
  ~Status() { CheckOnDestroy(); }

  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&& other) noexcept;
  Status& operator=(Status&& other) noexcept;

  /// Returns an OK status that (in checked builds) must be inspected like any other.
  static Status OK() {
    Status st;
#ifdef WEIR_DCHECK_ENABLED
    st.checked_ = false;
#endif
    return st;
  }

  template <typename... Args>
  static Status Invalid(const Args&... args) {
    return Status(StatusCode::kInvalid, StrCat(args...));
  }
  template <typename... Args>
  static Status TypeError(const Args&... args) {
    return Status(StatusCode::kTypeError, StrCat(args...));
  }
  template <typename... Args>
  static Status NotFound(const Args&... args) {
    return Status(StatusCode::kNotFound, StrCat(args...));
  }
  template <typename... Args>
  static Status AlreadyExists(const Args&... args) {
    return Status(StatusCode::kAlreadyExists, StrCat(args...));
  }
  template <typename... Args>
  static Status NotSupported(const Args&... args) {
    return Status(StatusCode::kNotSupported, StrCat(args...));
  }
  template <typename... Args>
  static Status OutOfMemory(const Args&... args) {
    return Status(StatusCode::kOutOfMemory, StrCat(args...));
  }
  template <typename... Args>
  static Status IOError(const Args&... args) {
    return Status(StatusCode::kIOError, StrCat(args...));
  }
  template <typename... Args>
  static Status Timeout(const Args&... args) {
    return Status(StatusCode::kTimeout, StrCat(args...));
  }
  template <typename... Args>
  static Status Cancelled(const Args&... args) {
    return Status(StatusCode::kCancelled, StrCat(args...));
  }
  template <typename... Args>
  static Status SerializationError(const Args&... args) {
    return Status(StatusCode::kSerialization, StrCat(args...));
  }
  template <typename... Args>
  static Status Internal(const Args&... args) {
    return Status(StatusCode::kInternal, StrCat(args...));
  }

  bool ok() const {
    MarkChecked();
    return state_ == nullptr;
  }
  StatusCode code() const {
    MarkChecked();
    return state_ == nullptr ? StatusCode::kOk : state_->code;
  }
  ErrorDomain domain() const;
  bool retryable() const;
  /// Returns the message, empty for OK.
  const std::string& message() const;

  bool IsInvalid() const { return code() == StatusCode::kInvalid; }
  bool IsNotFound() const { return code() == StatusCode::kNotFound; }
  bool IsNotSupported() const { return code() == StatusCode::kNotSupported; }
  bool IsOutOfMemory() const { return code() == StatusCode::kOutOfMemory; }
  bool IsIOError() const { return code() == StatusCode::kIOError; }
  bool IsSerializationError() const { return code() == StatusCode::kSerialization; }

  /// Returns a copy with `context` prepended to the message ("context: message").
  Status WithContext(std::string_view context) const;
  /// Returns a copy with a different domain or retry hint.
  Status WithDomain(ErrorDomain domain) const;
  Status WithRetryable(bool retryable) const;

  /// Returns "OK" or "<Code>: <message>".
  std::string ToString() const;

  /// Marks this status as inspected without looking at it (for deliberate drops).
  void IgnoreError() const { MarkChecked(); }

  /// Returns the default domain and retry hint of a code.
  static ErrorDomain DefaultDomain(StatusCode code);
  static bool DefaultRetryable(StatusCode code);

 private:
  template <typename T>
  friend class Result;
  // Tests for OK without marking the status as inspected.
  bool IsOkUnchecked() const { return state_ == nullptr; }

  struct State {
    StatusCode code;
    ErrorDomain domain;
    bool retryable;
    std::string message;
  };

#ifdef WEIR_DCHECK_ENABLED
  void MarkChecked() const { checked_ = true; }
  void CheckOnDestroy() const {
    if (!checked_) AbortUnchecked();
  }
  [[noreturn]] void AbortUnchecked() const;
  mutable bool checked_ = true;  // a default-constructed Status is storage, not a result
#else
  void MarkChecked() const {}
  void CheckOnDestroy() const {}
#endif

  std::unique_ptr<State> state_;
};

}  // namespace weir

/// Returns from the enclosing function if `expr` yields a non-OK Status.
#define WEIR_RETURN_NOT_OK(expr)                \
  do {                                          \
    ::weir::Status _weir_st = (expr);           \
    if (__builtin_expect(!_weir_st.ok(), 0)) {  \
      return _weir_st;                          \
    }                                           \
  } while (false)

/// Returns `status` from the enclosing function if `cond` is false.
#define WEIR_RETURN_IF_FALSE(cond, status) \
  do {                                     \
    if (__builtin_expect(!(cond), 0)) {    \
      return (status);                     \
    }                                      \
  } while (false)
