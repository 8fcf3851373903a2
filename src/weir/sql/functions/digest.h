// Message digests of the hash functions: MD5, SHA-1 and SHA-2 (224/256/384/512).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace weir::sql {

enum class DigestKind : uint8_t { kMd5, kSha1, kSha224, kSha256, kSha384, kSha512 };

/// Appends the digest of `data` as lower-case hex (32 to 128 characters).
void AppendHexDigest(DigestKind kind, std::string_view data, std::string& out);

}  // namespace weir::sql
