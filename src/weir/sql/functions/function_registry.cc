// FunctionRegistry: lookup, binding and native UDF classes.
#include "weir/sql/functions/function_registry.h"

#include "weir/common/str_cat.h"
#include "weir/sql/functions/builtin_functions.h"
#include "weir/sql/functions/json_functions.h"

namespace weir::sql {

std::string UpperName(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

Status NoMatchingSignature(std::string_view name, const std::vector<LogicalType>& types) {
  std::string sig;
  for (size_t i = 0; i < types.size(); ++i) {
    if (i > 0) sig += ", ";
    sig += types[i].ToString();
  }
  return Status::TypeError("No matching signature for function ", name, "(", sig, ")");
}

Status CheckArity(std::string_view name, const BindInput& in, size_t n) {
  if (in.types.size() != n) {
    return Status::TypeError("Function ", name, " takes ", n, " argument(s), got ",
                             in.types.size());
  }
  return Status::OK();
}

const FunctionRegistry& FunctionRegistry::Builtins() {
  static const FunctionRegistry* registry = [] {
    auto* r = new FunctionRegistry();
    RegisterArithmeticFunctions(r);
    RegisterMathFunctions(r);
    RegisterComparisonFunctions(r);
    RegisterLogicalFunctions(r);
    RegisterConditionalFunctions(r);
    RegisterStringFunctions(r);
    RegisterRegexFunctions(r);
    RegisterTemporalFunctions(r);
    RegisterNativeUdfs(r);
    RegisterJsonFunctions(r);
    RegisterCollectionFunctions(r);
    RegisterMiscFunctions(r);
    RegisterHashFunctions(r);
    RegisterTimeAttributeFunctions(r);
    return r;
  }();
  return *registry;
}

void FunctionRegistry::Register(FunctionInfo info, const std::vector<std::string>& aliases) {
  info.name = UpperName(info.name);
  auto shared = std::make_shared<const FunctionInfo>(std::move(info));
  functions_[shared->name] = shared;
  for (const auto& a : aliases) functions_[UpperName(a)] = shared;
}

void FunctionRegistry::RegisterClass(std::string class_name, FunctionInfo info) {
  classes_[std::move(class_name)] = std::make_shared<const FunctionInfo>(std::move(info));
}

Status FunctionRegistry::CreateFunction(std::string_view function_name,
                                        std::string_view class_name) {
  auto it = classes_.find(std::string(class_name));
  if (it == classes_.end()) {
    return Status::NotSupported("No native implementation of function class: ", class_name);
  }
  functions_[UpperName(function_name)] = it->second;
  return Status::OK();
}

const FunctionInfo* FunctionRegistry::Find(std::string_view name) const {
  auto it = functions_.find(UpperName(name));
  return it == functions_.end() ? nullptr : it->second.get();
}

const FunctionInfo* FunctionRegistry::FindClass(std::string_view class_name) const {
  auto it = classes_.find(std::string(class_name));
  return it == classes_.end() ? nullptr : it->second.get();
}

Result<BoundFunction> FunctionRegistry::Bind(std::string_view name, const BindInput& input) const {
  const FunctionInfo* info = Find(name);
  if (info == nullptr) return Status::NotFound("No such function: ", name);
  BindInput in = input;
  in.constants.resize(in.types.size(), nullptr);
  WEIR_ASSIGN_OR_RAISE(BoundFunction bound, info->bind(in));
  if (bound.operand_types.size() != in.types.size()) {
    return Status::Internal("function ", name, " bound a wrong number of operand types");
  }
  return bound;
}

Result<LogicalType> FunctionRegistry::InferType(std::string_view name,
                                                const std::vector<LogicalType>& types) const {
  BindInput in;
  in.types = types;
  WEIR_ASSIGN_OR_RAISE(BoundFunction bound, Bind(name, in));
  return bound.return_type;
}

Result<ExprPtr> FunctionRegistry::MakeCall(std::string_view name, std::vector<ExprPtr> args) const {
  args = MarkRawJsonArguments(name, std::move(args));
  BindInput in;
  for (const auto& a : args) {
    in.types.push_back(a->type());
    in.constants.push_back(a->kind() == ExprKind::kLiteral ? &a->literal() : nullptr);
  }
  WEIR_ASSIGN_OR_RAISE(BoundFunction bound, Bind(name, in));
  const FunctionInfo* info = Find(name);
  // Aliases print under the name given (MOD and % differ in Flink's plans only by spelling).
  std::string printed = UpperName(name);
  if (info != nullptr && printed == "%") printed = "MOD";
  return Expr::Call(printed, std::move(args), bound.return_type);
}

bool FunctionRegistry::IsDeterministic(std::string_view name) const {
  const FunctionInfo* info = Find(name);
  return info == nullptr || info->deterministic;
}

std::vector<std::string> FunctionRegistry::Names() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : functions_) out.push_back(k);
  return out;
}

}  // namespace weir::sql
