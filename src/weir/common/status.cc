// Status: names, copying, context and the unchecked-status abort.
#include "weir/common/status.h"

#include <cstdio>
#include <cstdlib>

namespace weir {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalid: return "Invalid";
    case StatusCode::kTypeError: return "Type error";
    case StatusCode::kNotFound: return "Not found";
    case StatusCode::kAlreadyExists: return "Already exists";
    case StatusCode::kNotSupported: return "Not supported";
    case StatusCode::kOutOfMemory: return "Out of memory";
    case StatusCode::kIOError: return "IO error";
    case StatusCode::kTimeout: return "Timeout";
    case StatusCode::kCancelled: return "Cancelled";
    case StatusCode::kSerialization: return "Serialization error";
    case StatusCode::kInternal: return "Internal error";
  }
  return "Unknown";
}

const char* ErrorDomainName(ErrorDomain domain) {
  switch (domain) {
    case ErrorDomain::kUserInput: return "user input";
    case ErrorDomain::kExternal: return "external system";
    case ErrorDomain::kInternal: return "internal";
  }
  return "unknown";
}

ErrorDomain Status::DefaultDomain(StatusCode code) {
  switch (code) {
    case StatusCode::kIOError:
    case StatusCode::kTimeout:
      return ErrorDomain::kExternal;
    case StatusCode::kInternal:
    case StatusCode::kOutOfMemory:
    case StatusCode::kCancelled:
      return ErrorDomain::kInternal;
    default:
      return ErrorDomain::kUserInput;
  }
}

bool Status::DefaultRetryable(StatusCode code) {
  switch (code) {
    case StatusCode::kIOError:
    case StatusCode::kTimeout:
    case StatusCode::kOutOfMemory:
      return true;
    default:
      return false;
  }
}

Status::Status(StatusCode code, std::string message)
    : Status(code, DefaultDomain(code), DefaultRetryable(code), std::move(message)) {}

Status::Status(StatusCode code, ErrorDomain domain, bool retryable, std::string message) {
  if (code != StatusCode::kOk) {
    state_ = std::make_unique<State>(State{code, domain, retryable, std::move(message)});
  }
#ifdef WEIR_DCHECK_ENABLED
  checked_ = false;
#endif
}

// Copying hands responsibility to the copy: the source counts as inspected, and a copy of
// an error must be inspected again (a copy of an OK status inherits the source's state).
Status::Status(const Status& other)
    : state_(other.state_ ? std::make_unique<State>(*other.state_) : nullptr) {
#ifdef WEIR_DCHECK_ENABLED
  checked_ = other.state_ == nullptr && other.checked_;
  other.checked_ = true;
#endif
}

Status& Status::operator=(const Status& other) {
  if (this != &other) {
    CheckOnDestroy();
    state_ = other.state_ ? std::make_unique<State>(*other.state_) : nullptr;
#ifdef WEIR_DCHECK_ENABLED
    checked_ = other.state_ == nullptr && other.checked_;
    other.checked_ = true;
#endif
  }
  return *this;
}

Status::Status(Status&& other) noexcept : state_(std::move(other.state_)) {
#ifdef WEIR_DCHECK_ENABLED
  checked_ = other.checked_;
  other.checked_ = true;
#endif
}

Status& Status::operator=(Status&& other) noexcept {
  if (this != &other) {
    CheckOnDestroy();
    state_ = std::move(other.state_);
#ifdef WEIR_DCHECK_ENABLED
    checked_ = other.checked_;
    other.checked_ = true;
#endif
  }
  return *this;
}

ErrorDomain Status::domain() const {
  MarkChecked();
  return state_ == nullptr ? ErrorDomain::kUserInput : state_->domain;
}

bool Status::retryable() const {
  MarkChecked();
  return state_ != nullptr && state_->retryable;
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  MarkChecked();
  return state_ == nullptr ? kEmpty : state_->message;
}

Status Status::WithContext(std::string_view context) const {
  MarkChecked();
  if (state_ == nullptr) return OK();
  return Status(state_->code, state_->domain, state_->retryable,
                StrCat(context, ": ", state_->message));
}

Status Status::WithDomain(ErrorDomain domain) const {
  MarkChecked();
  if (state_ == nullptr) return OK();
  return Status(state_->code, domain, state_->retryable, state_->message);
}

Status Status::WithRetryable(bool retryable) const {
  MarkChecked();
  if (state_ == nullptr) return OK();
  return Status(state_->code, state_->domain, retryable, state_->message);
}

std::string Status::ToString() const {
  MarkChecked();
  if (state_ == nullptr) return "OK";
  return StrCat(StatusCodeName(state_->code), ": ", state_->message);
}

#ifdef WEIR_DCHECK_ENABLED
void Status::AbortUnchecked() const {
  std::fprintf(stderr, "Weir: a Status was destroyed without being checked: %s\n",
               state_ == nullptr ? "OK" : state_->message.c_str());
  std::abort();
}
#endif

}  // namespace weir
