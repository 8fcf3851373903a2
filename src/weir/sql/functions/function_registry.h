// FunctionRegistry: built-in scalar functions by Flink name, with overload resolution, type
// inference and native implementations of Java UDF class names.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/batch/value.h"
#include "weir/common/result.h"
#include "weir/common/types/logical_type.h"
#include "weir/sql/expr/expr.h"
#include "weir/sql/functions/kernel.h"

namespace weir::sql {

/// How the expression compiler evaluates a bound function.
enum class FunctionForm : uint8_t {
  kKernel,    // call `kernel` once per batch on the (cast) arguments
  kCoalesce,  // lazily: each argument only on rows where all earlier ones were NULL
  kIf,        // IF(c, a, b): a on rows where c is TRUE, b on the others
  kNullIf,    // NULLIF(a, b): CASE WHEN a = b THEN NULL ELSE a
  kIfNull,    // IFNULL(a, b): COALESCE(a, b)
  kCase,      // CASE (only for type inference; Case nodes are compiled directly)
};

/// The result of resolving a function for argument types.
struct BoundFunction {
  LogicalType return_type;
  /// The types the arguments are converted to (implicit casts) before the kernel runs.
  std::vector<LogicalType> operand_types;
  FunctionForm form = FunctionForm::kKernel;
  KernelFn kernel;
  /// False for functions whose value changes between calls (RAND, UUID, CURRENT_TIMESTAMP):
  /// the compiler neither folds them nor evaluates them once for a batch of scalars.
  bool deterministic = true;
};

/// Argument types, plus the values of arguments that are literals (nullptr otherwise), so
/// functions can prepare patterns and sets once.
struct BindInput {
  std::vector<LogicalType> types;
  std::vector<const Value*> constants;
  /// Returns the literal value of argument i, or nullptr.
  const Value* constant(size_t i) const { return i < constants.size() ? constants[i] : nullptr; }
};

using BindFn = std::function<Result<BoundFunction>(const BindInput&)>;

/// A function's registry entry.
struct FunctionInfo {
  std::string name;      // canonical upper-case name as Flink prints it in plans
  std::string category;  // the section of Flink's function list ("arithmetic", "string", ...)
  BindFn bind;
  /// False for non-deterministic functions, which an optimiser must never constant-fold.
  bool deterministic = true;
};

// Calls the binder emits for syntax that is not a plain function call (besides TRIM, EXTRACT
// and FLOOR/CEIL ... TO, whose modes are trailing string literals):
//   ARRAY[a, b]        -> ARRAY(a, b)           MAP[k1, v1, ...] -> MAP(k1, v1, ...)
//   ROW(a, b), (a, b)  -> ROW(a, b)             fields EXPR$0, EXPR$1, ...
//   arr[i], map[key]   -> ITEM(arr, i)          1-based (a literal i < 1 fails to bind); out of
//                                               range or a missing key is NULL
//   row.field          -> DOT(row, 'field')     a string literal (or 0-based INT literal)
//   x IS [NOT] JSON .. -> `IS JSON VALUE`(x) ... and the JSON_* calls: see json_functions.h
// Niladic CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_DATE, CURRENT_TIME and LOCALTIME are
// calls without arguments. RAND, RAND_INTEGER, UUID, NOW, PROCTIME and the CURRENT_* family
// (CURRENT_WATERMARK included) are non-deterministic (FunctionInfo::deterministic,
// IsDeterministic): never fold them. The binder checks that CURRENT_WATERMARK's argument is a
// rowtime attribute; its value comes from EvalContext::current_watermark.

/// Maps names (case-insensitive) to functions. Builtins() is immutable after startup; a
/// session copies it to add CREATE FUNCTION entries. Thread: const methods are thread-safe.
class FunctionRegistry {
 public:
  /// Returns the registry of built-in functions and native UDF classes.
  static const FunctionRegistry& Builtins();

  /// Adds a function under its name and `aliases` (replacing earlier entries).
  void Register(FunctionInfo info, const std::vector<std::string>& aliases = {});
  /// Adds a native implementation for a Java UDF class name
  /// (`CREATE FUNCTION f AS 'com.example.Udf'`).
  void RegisterClass(std::string class_name, FunctionInfo info);
  /// Registers `function_name` as a function backed by the native class `class_name`, as
  /// CREATE FUNCTION does; fails when no native implementation exists.
  Status CreateFunction(std::string_view function_name, std::string_view class_name);

  /// Returns the entry for a name (case-insensitive), or nullptr.
  const FunctionInfo* Find(std::string_view name) const;
  /// Returns the native implementation of a UDF class, or nullptr.
  const FunctionInfo* FindClass(std::string_view class_name) const;
  /// Resolves `name` for the argument types (and literal values).
  Result<BoundFunction> Bind(std::string_view name, const BindInput& input) const;
  /// Returns the result type of `name` applied to `types`.
  Result<LogicalType> InferType(std::string_view name, const std::vector<LogicalType>& types) const;
  /// Builds a typed call node, inferring its result type (literal arguments are passed to
  /// Bind so pattern errors surface here).
  Result<ExprPtr> MakeCall(std::string_view name, std::vector<ExprPtr> args) const;

  /// Returns false for functions an optimiser must not constant-fold (RAND, UUID, NOW, ...);
  /// true for deterministic and unknown names.
  bool IsDeterministic(std::string_view name) const;

  /// Returns every registered name and alias (upper-case, sorted).
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, std::shared_ptr<const FunctionInfo>> functions_;
  std::map<std::string, std::shared_ptr<const FunctionInfo>> classes_;
};

/// Returns the upper-case form of an ASCII name.
std::string UpperName(std::string_view name);

}  // namespace weir::sql
