// Tests for the _metadata encoding: round trip, checksum, header, version and validation errors.
#include "weir/runtime/checkpoint/checkpoint_metadata.h"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <cstdio>

namespace weir::runtime {
namespace {

CheckpointMetadata SampleMetadata() {
  CheckpointMetadata m;
  m.checkpoint_id = CheckpointId(7);
  m.job_id = JobId(0x0123456789abcdefULL, 0xfedcba9876543210ULL);
  m.kind = SnapshotKind::kSavepointTerminate;
  m.timestamp_ms = 1700000000000;
  m.completion_timestamp_ms = 1700000000123;

  OperatorStateMetadata keyed;
  keyed.uid = "counter";
  keyed.parallelism = 2;
  keyed.max_parallelism = 4;
  keyed.subtasks.resize(2);
  keyed.subtasks[0].keyed.push_back(KeyGroupsStateHandle{
      StreamStateHandle{"counter-0-keyed-ab", 0, 30}, KeyGroupRange{0, 1}, {0, 10}});
  keyed.subtasks[0].watermark = 42;
  keyed.subtasks[1].keyed.push_back(KeyGroupsStateHandle{
      StreamStateHandle{"counter-1-keyed-cd", 5, 20}, KeyGroupRange{2, 3}, {0, 20}});
  keyed.subtasks[1].watermark = kMinWatermark;

  OperatorStateMetadata source;
  source.uid = "source";
  source.parallelism = 1;
  source.max_parallelism = 128;
  source.subtasks.resize(1);
  source.subtasks[0].operator_state.push_back(OperatorStateHandle{
      StreamStateHandle{"dir/source-0-op", 0, 100},
      {OperatorStateEntry{"splits", OperatorStateMode::kSplitDistribute, {0, 40, 80}},
       OperatorStateEntry{"union", OperatorStateMode::kUnion, {}},
       OperatorStateEntry{"bc", OperatorStateMode::kBroadcast, {90}}}});
  source.subtasks[0].finished = true;
  source.subtasks[0].watermark = kMaxWatermark;
  m.operators = {keyed, source};
  return m;
}

TEST(CheckpointMetadataTest, RoundTripKeepsEverything) {
  CheckpointMetadata m = SampleMetadata();
  std::string bytes = EncodeCheckpointMetadata(m);
  EXPECT_EQ(bytes.rfind("WEIR-CHECKPOINT-METADATA 1 ", 0), 0u) << bytes.substr(0, 80);
  Result<CheckpointMetadata> decoded = DecodeCheckpointMetadata(bytes, "test");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, m);
  EXPECT_EQ(decoded->FindOperator("source")->subtasks[0].watermark, kMaxWatermark);
  EXPECT_EQ(decoded->FindOperator("counter")->subtasks[1].watermark, kMinWatermark);
  EXPECT_EQ(decoded->StateSize(), 150);
  EXPECT_TRUE(decoded->FindOperator("source")->FullyFinished());
  EXPECT_FALSE(decoded->FindOperator("counter")->FullyFinished());
  EXPECT_EQ(decoded->FindOperator("nope"), nullptr);
}

TEST(CheckpointMetadataTest, EveryKindRoundTrips) {
  for (SnapshotKind kind : {SnapshotKind::kCheckpoint, SnapshotKind::kSavepoint,
                            SnapshotKind::kSavepointSuspend, SnapshotKind::kSavepointTerminate}) {
    CheckpointMetadata m = SampleMetadata();
    m.kind = kind;
    Result<CheckpointMetadata> d = DecodeCheckpointMetadata(EncodeCheckpointMetadata(m), "t");
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    EXPECT_EQ(d->kind, kind);
  }
}

TEST(CheckpointMetadataTest, FlippedByteIsAChecksumError) {
  std::string bytes = EncodeCheckpointMetadata(SampleMetadata());
  size_t pos = bytes.find("counter");
  ASSERT_NE(pos, std::string::npos);
  bytes[pos] = 'C';
  Result<CheckpointMetadata> d = DecodeCheckpointMetadata(bytes, "/x/chk-7/_metadata");
  ASSERT_FALSE(d.ok());
  EXPECT_TRUE(d.status().IsSerializationError());
  EXPECT_NE(d.status().message().find("checksum mismatch"), std::string::npos);
  EXPECT_NE(d.status().message().find("/x/chk-7/_metadata"), std::string::npos);
}

TEST(CheckpointMetadataTest, TruncatedAndAppendedFilesAreErrors) {
  std::string bytes = EncodeCheckpointMetadata(SampleMetadata());
  Result<CheckpointMetadata> truncated =
      DecodeCheckpointMetadata(std::string_view(bytes).substr(0, bytes.size() - 10), "t");
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("truncated"), std::string::npos);
  Result<CheckpointMetadata> appended = DecodeCheckpointMetadata(bytes + "x", "t");
  ASSERT_FALSE(appended.ok());
  EXPECT_TRUE(appended.status().IsSerializationError());
}

TEST(CheckpointMetadataTest, BadHeadersAreErrors) {
  for (std::string bad :
       {std::string(""), std::string("no newline"),
        std::string("SOMETHING-ELSE 1 2 0000000000000000\n{}"),
        std::string("WEIR-CHECKPOINT-METADATA x 2 0000000000000000\n{}"),
        std::string("WEIR-CHECKPOINT-METADATA 1 2 00\n{}"),
        std::string("WEIR-CHECKPOINT-METADATA 1 2\n{}"), std::string("\x89PNG\r\n")}) {
    Result<CheckpointMetadata> d = DecodeCheckpointMetadata(bad, "t");
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_TRUE(d.status().IsSerializationError()) << d.status().ToString();
  }
}

TEST(CheckpointMetadataTest, NewerVersionIsNotSupported) {
  std::string bytes = EncodeCheckpointMetadata(SampleMetadata());
  bytes.replace(0, std::string("WEIR-CHECKPOINT-METADATA 1").size(), "WEIR-CHECKPOINT-METADATA 9");
  Result<CheckpointMetadata> d = DecodeCheckpointMetadata(bytes, "t");
  ASSERT_FALSE(d.ok());
  EXPECT_TRUE(d.status().IsNotSupported()) << d.status().ToString();
  EXPECT_NE(d.status().message().find("version 9"), std::string::npos);
}

// Frames `json` with a correct header, so that only the content can be wrong.
std::string Frame(const std::string& json) {
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(json.data(), json.size())));
  return StrCat("WEIR-CHECKPOINT-METADATA 1 ", json.size(), " ", hex, "\n", json);
}

TEST(CheckpointMetadataTest, MalformedJsonContentIsAnErrorNotACrash) {
  const std::string valid_op =
      R"({"uid":"a","parallelism":1,"max_parallelism":4,"subtasks":[{"index":0,)"
      R"("finished":false,"watermark":0,"keyed":[],"operator":[]}]})";
  auto doc = [](const std::string& ops, const std::string& id = "1") {
    return StrCat(R"({"version":1,"checkpoint_id":)", id,
                  R"(,"job_id":"0123456789abcdef0123456789abcdef","kind":"CHECKPOINT",)",
                  R"("timestamp":1,"completion_timestamp":2,"operators":[)", ops, "]}");
  };
  Result<CheckpointMetadata> ok = DecodeCheckpointMetadata(Frame(doc(valid_op)), "t");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->operators.size(), 1u);

  std::string bad_type = valid_op;
  bad_type.replace(bad_type.find("\"parallelism\":1"), 15, "\"parallelism\":\"1\"");
  for (const std::string& content :
       {std::string("not json"), std::string("[1,2]"), doc(valid_op, "0"), doc(valid_op, "\"7\""),
        doc(valid_op, "99999999999999999999"), doc(bad_type), doc(R"({"uid":"a"})"), doc(R"(5)"),
        StrCat(R"({"version":1,"checkpoint_id":1,"job_id":"xyz","kind":"CHECKPOINT",)",
               R"("timestamp":1,"completion_timestamp":2,"operators":[]})"),
        StrCat(R"({"version":1,"checkpoint_id":1,"job_id":"0123456789abcdef0123456789abcdef",)",
               R"("kind":"FULL","timestamp":1,"completion_timestamp":2,"operators":[]})")}) {
    Result<CheckpointMetadata> d = DecodeCheckpointMetadata(Frame(content), "file");
    ASSERT_FALSE(d.ok()) << content;
    EXPECT_TRUE(d.status().IsSerializationError()) << d.status().ToString();
    EXPECT_NE(d.status().message().find("file"), std::string::npos) << d.status().ToString();
  }
}

TEST(CheckpointMetadataTest, InvalidContentIsRejectedAfterChecksum) {
  // Metadata that encodes fine but is inconsistent must be rejected by validation.
  CheckpointMetadata m = SampleMetadata();
  m.operators[0].subtasks[0].keyed[0].offsets = {0};  // 1 offset for 2 key groups
  Result<CheckpointMetadata> d = DecodeCheckpointMetadata(EncodeCheckpointMetadata(m), "t");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("key-group offsets"), std::string::npos)
      << d.status().ToString();

  m = SampleMetadata();
  m.operators[1].subtasks[0].operator_state[0].stream.relative_path = "../../etc/passwd";
  d = DecodeCheckpointMetadata(EncodeCheckpointMetadata(m), "t");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("unsafe file path"), std::string::npos);

  m = SampleMetadata();
  m.operators[0].parallelism = 3;  // but 2 subtask entries
  d = DecodeCheckpointMetadata(EncodeCheckpointMetadata(m), "t");
  ASSERT_FALSE(d.ok());

  m = SampleMetadata();
  m.operators[1].uid = "counter";
  d = DecodeCheckpointMetadata(EncodeCheckpointMetadata(m), "t");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("duplicate operator uid"), std::string::npos);

  m = SampleMetadata();
  m.operators[0].subtasks[1].keyed[0].range = KeyGroupRange{2, 4};  // beyond max parallelism 4
  m.operators[0].subtasks[1].keyed[0].offsets = {0, 1, 2};
  d = DecodeCheckpointMetadata(EncodeCheckpointMetadata(m), "t");
  ASSERT_FALSE(d.ok());

  m = SampleMetadata();
  m.operators[1].subtasks[0].operator_state[0].states[0].offsets = {0, 101};
  d = DecodeCheckpointMetadata(EncodeCheckpointMetadata(m), "t");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("outside the handle"), std::string::npos);
}

TEST(CheckpointMetadataTest, SafeRelativePaths) {
  EXPECT_TRUE(IsSafeRelativePath("a"));
  EXPECT_TRUE(IsSafeRelativePath("a/b-1.x"));
  EXPECT_FALSE(IsSafeRelativePath(""));
  EXPECT_FALSE(IsSafeRelativePath("/abs"));
  EXPECT_FALSE(IsSafeRelativePath("a/../b"));
  EXPECT_FALSE(IsSafeRelativePath(".."));
  EXPECT_FALSE(IsSafeRelativePath("./a"));
  EXPECT_FALSE(IsSafeRelativePath("a//b"));
  EXPECT_FALSE(IsSafeRelativePath("a/"));
  EXPECT_FALSE(IsSafeRelativePath("a\\b"));
}

TEST(CheckpointMetadataTest, NamesOfKindsAndModes) {
  SnapshotKind kind;
  EXPECT_TRUE(ParseSnapshotKind("SAVEPOINT_SUSPEND", &kind));
  EXPECT_EQ(kind, SnapshotKind::kSavepointSuspend);
  EXPECT_FALSE(ParseSnapshotKind("savepoint", &kind));
  EXPECT_STREQ(OperatorStateModeName(OperatorStateMode::kUnion), "UNION");
  std::string json = CheckpointMetadataToJson(SampleMetadata());
  EXPECT_NE(json.find("\"key_group_offsets\""), std::string::npos);
  EXPECT_NE(json.find("\"SPLIT_DISTRIBUTE\""), std::string::npos);
}

}  // namespace
}  // namespace weir::runtime
