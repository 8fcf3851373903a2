// Hash functions: MD5, SHA1, SHA224, SHA256, SHA384, SHA512 and SHA2(s, bits), as lower-case
// hex strings of the digest of the string's UTF-8 bytes (or of the bytes of a binary).
#include "weir/sql/functions/builtin_functions.h"
#include "weir/sql/functions/digest.h"
#include "weir/sql/functions/string_loops.h"

namespace weir::sql {
namespace {

bool HashableInput(const LogicalType& t) {
  return t.is_string() || t.is_binary() || t.id() == TypeId::kNull;
}

LogicalType InputType(const LogicalType& t) {
  return t.id() == TypeId::kNull ? LogicalType::String() : t;
}

BindFn DigestFunction(const char* name, DigestKind kind) {
  return [=](const BindInput& in) -> Result<BoundFunction> {
    WEIR_RETURN_NOT_OK(CheckArity(name, in, 1));
    if (!HashableInput(in.types[0])) return NoMatchingSignature(name, in.types);
    BoundFunction f;
    f.return_type = LogicalType::String(in.types[0].nullable());
    f.operand_types = {InputType(in.types[0])};
    LogicalType rt = f.return_type;
    f.kernel = [rt, kind](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
      return StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
        AppendHexDigest(kind, StrAt(a[0], i), out);
        return true;
      });
    };
    return f;
  };
}

// SHA2(s, bits) with bits 224, 256, 384 or 512; another length is an error.
Result<BoundFunction> BindSha2(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("SHA2", in, 2));
  if (!HashableInput(in.types[0]) ||
      (!in.types[1].is_integer() && in.types[1].id() != TypeId::kNull)) {
    return NoMatchingSignature("SHA2", in.types);
  }
  auto kind_of = [](int64_t bits) -> std::optional<DigestKind> {
    switch (bits) {
      case 224:
        return DigestKind::kSha224;
      case 256:
        return DigestKind::kSha256;
      case 384:
        return DigestKind::kSha384;
      case 512:
        return DigestKind::kSha512;
      default:
        return std::nullopt;
    }
  };
  if (const Value* v = in.constant(1); v != nullptr && !v->is_null() && !kind_of(v->int_value())) {
    return Status::Invalid("SHA2: the hash length must be 224, 256, 384 or 512, got ",
                           v->int_value());
  }
  BoundFunction f;
  f.return_type = LogicalType::String(in.types[0].nullable() || in.types[1].nullable());
  f.operand_types = {InputType(in.types[0]), LogicalType::Int(in.types[1].nullable())};
  LogicalType rt = f.return_type;
  f.kernel = [rt, kind_of](const EvalContext& c, const std::vector<Datum>& a,
                           int64_t n) -> Result<ColumnPtr> {
    int64_t bad = 0;
    auto out = StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
      auto kind = kind_of(IntAt(a[1], i));
      if (!kind) {
        bad = IntAt(a[1], i);
        return false;
      }
      AppendHexDigest(*kind, StrAt(a[0], i), out);
      return true;
    });
    if (bad != 0) {
      out.status().IgnoreError();
      return Status::Invalid("SHA2: the hash length must be 224, 256, 384 or 512, got ", bad);
    }
    return out;
  };
  return f;
}

}  // namespace

void RegisterHashFunctions(FunctionRegistry* r) {
  r->Register({"MD5", "hashfunctions", DigestFunction("MD5", DigestKind::kMd5)});
  r->Register({"SHA1", "hashfunctions", DigestFunction("SHA1", DigestKind::kSha1)});
  r->Register({"SHA224", "hashfunctions", DigestFunction("SHA224", DigestKind::kSha224)});
  r->Register({"SHA256", "hashfunctions", DigestFunction("SHA256", DigestKind::kSha256)});
  r->Register({"SHA384", "hashfunctions", DigestFunction("SHA384", DigestKind::kSha384)});
  r->Register({"SHA512", "hashfunctions", DigestFunction("SHA512", DigestKind::kSha512)});
  r->Register({"SHA2", "hashfunctions", BindSha2});
}

}  // namespace weir::sql
