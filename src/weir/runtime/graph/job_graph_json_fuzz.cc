// libFuzzer target: ParseJobGraphJson never crashes on any input, and what it accepts prints
// and parses back to the same description.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "weir/runtime/graph/job_graph_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  weir::Result<weir::runtime::JobGraphDescription> parsed = weir::runtime::ParseJobGraphJson(text);
  if (!parsed.ok()) return 0;
  std::string printed = weir::runtime::JobGraphToJson(parsed.ValueOrDie());
  weir::Result<weir::runtime::JobGraphDescription> again =
      weir::runtime::ParseJobGraphJson(printed);
  if (!again.ok() || !(again.ValueOrDie() == parsed.ValueOrDie())) std::abort();
  return 0;
}
