// Tests for file-system checkpoint storage: streams, atomic _metadata, savepoints, errors.
#include "weir/runtime/checkpoint/fs_checkpoint_storage.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "weir/runtime/checkpoint/completed_checkpoint_store.h"

namespace weir::runtime {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the test temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = StrCat(testing::TempDir(), "/weir_ckpt_", ::getpid(), "_", counter++, "_",
                   std::random_device{}());
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

const JobId kJob(0xaabbccddeeff0011ULL, 0x2233445566778899ULL);

std::shared_ptr<FsCheckpointStorage> MakeStorage(const std::string& base,
                                                 const std::string& savepoints = "") {
  FsCheckpointStorageOptions options;
  options.checkpoints_dir = base;
  options.savepoints_dir = savepoints;
  options.buffer_size = 64;  // small, so that tests cross buffer boundaries
  Result<std::shared_ptr<FsCheckpointStorage>> storage =
      FsCheckpointStorage::Make(kJob, std::move(options));
  WEIR_CHECK_OK(storage.status());
  return *storage;
}

StreamStateHandle WriteStream(CheckpointStreamFactory& factory, const std::string& hint,
                              const std::string& content) {
  Result<std::unique_ptr<CheckpointOutputStream>> out = factory.CreateOutputStream(hint);
  WEIR_CHECK_OK(out.status());
  // Write in uneven pieces: small ones that are buffered, and one larger than the buffer.
  size_t pos = 0;
  size_t piece = 1;
  while (pos < content.size()) {
    size_t n = std::min(piece, content.size() - pos);
    WEIR_CHECK_OK((*out)->Write(std::string_view(content).substr(pos, n)));
    pos += n;
    piece = piece * 3 + 1;
  }
  EXPECT_EQ((*out)->position(), static_cast<int64_t>(content.size()));
  Result<StreamStateHandle> handle = (*out)->CloseAndGetHandle();
  WEIR_CHECK_OK(handle.status());
  return *handle;
}

std::string ReadHandle(CheckpointStreamOpener& opener, const StreamStateHandle& handle) {
  Result<std::unique_ptr<CheckpointInputStream>> in = opener.Open(handle);
  WEIR_CHECK_OK(in.status());
  std::string out(static_cast<size_t>(handle.size), '\0');
  size_t pos = 0;
  size_t piece = 2;
  while (pos < out.size()) {
    size_t n = std::min(piece, out.size() - pos);
    WEIR_CHECK_OK((*in)->ReadFully(out.data() + pos, static_cast<int64_t>(n)));
    pos += n;
    piece = piece * 2 + 1;
  }
  return out;
}

std::string Pattern(size_t n, int seed) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + seed) % 26);
  return s;
}

CheckpointMetadata MetadataFor(CheckpointId id, const std::vector<StreamStateHandle>& handles) {
  CheckpointMetadata m;
  m.checkpoint_id = id;
  m.job_id = kJob;
  m.timestamp_ms = 1000 * id.value();
  m.completion_timestamp_ms = m.timestamp_ms + 5;
  OperatorStateMetadata op;
  op.uid = "op";
  op.parallelism = static_cast<int32_t>(handles.size());
  op.max_parallelism = 128;
  for (const StreamStateHandle& h : handles) {
    OperatorSubtaskState st;
    st.operator_state.push_back(
        OperatorStateHandle{h, {OperatorStateEntry{"s", OperatorStateMode::kUnion, {0}}}});
    op.subtasks.push_back(st);
  }
  m.operators.push_back(op);
  return m;
}

TEST(FsCheckpointStorageTest, WriteAndReadBackStreams) {
  TempDir tmp;
  auto storage = MakeStorage(tmp.path());
  EXPECT_EQ(storage->job_directory(),
            StrCat(fs::absolute(tmp.path()).lexically_normal().string(), "/", kJob.ToString()));
  Result<std::shared_ptr<CheckpointStorageLocation>> loc =
      storage->InitializeCheckpoint(CheckpointId(1));
  ASSERT_TRUE(loc.ok()) << loc.status().ToString();
  EXPECT_EQ((*loc)->directory(), StrCat(storage->job_directory(), "/chk-1"));
  EXPECT_EQ((*loc)->reference(), "");

  // Tasks get their factory through the storage, by checkpoint id.
  Result<std::unique_ptr<CheckpointStreamFactory>> factory =
      storage->CreateStreamFactory(CheckpointId(1));
  ASSERT_TRUE(factory.ok());
  std::vector<std::string> contents = {
      "", "x", Pattern(63, 1), Pattern(64, 2), Pattern(1000, 3), Pattern(200000, 4)};
  std::vector<StreamStateHandle> handles;
  for (size_t i = 0; i < contents.size(); ++i) {
    handles.push_back(WriteStream(**factory, StrCat("op/", i, " keyed"), contents[i]));
    EXPECT_EQ(handles.back().offset, 0);
    EXPECT_EQ(handles.back().size, static_cast<int64_t>(contents[i].size()));
    EXPECT_TRUE(IsSafeRelativePath(handles.back().relative_path)) << handles.back().relative_path;
    EXPECT_EQ(handles.back().relative_path.find('/'), std::string::npos);
  }
  FsCheckpointStreamOpener opener((*loc)->directory(), 64);
  for (size_t i = 0; i < contents.size(); ++i) {
    EXPECT_EQ(ReadHandle(opener, handles[i]), contents[i]) << i;
  }
  // A sub-range of a file, with seeks.
  StreamStateHandle sub{handles[4].relative_path, 100, 50};
  Result<std::unique_ptr<CheckpointInputStream>> in = opener.Open(sub);
  ASSERT_TRUE(in.ok());
  char buf[10];
  ASSERT_TRUE((*in)->Seek(40).ok());
  ASSERT_TRUE((*in)->ReadFully(buf, 10).ok());
  EXPECT_EQ(std::string(buf, 10), contents[4].substr(140, 10));
  EXPECT_EQ((*in)->position(), 50);
  Status past_end = (*in)->ReadFully(buf, 1);
  EXPECT_TRUE(past_end.IsSerializationError()) << past_end.ToString();
  ASSERT_TRUE((*in)->Seek(0).ok());
  ASSERT_TRUE((*in)->ReadFully(buf, 3).ok());
  EXPECT_EQ(std::string(buf, 3), contents[4].substr(100, 3));
  EXPECT_TRUE((*in)->Seek(51).IsInvalid());
  EXPECT_TRUE((*in)->Seek(-1).IsInvalid());
}

TEST(FsCheckpointStorageTest, UnclosedStreamDeletesItsFileAndClosedStreamRejectsWrites) {
  TempDir tmp;
  FsCheckpointStreamFactory factory(tmp.path(), 16, nullptr);
  {
    Result<std::unique_ptr<CheckpointOutputStream>> out = factory.CreateOutputStream("abandoned");
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE((*out)->Write(Pattern(100, 0)).ok());
    EXPECT_EQ(std::distance(fs::directory_iterator(tmp.path()), fs::directory_iterator()), 1);
  }
  EXPECT_EQ(std::distance(fs::directory_iterator(tmp.path()), fs::directory_iterator()), 0);

  Result<std::unique_ptr<CheckpointOutputStream>> out = factory.CreateOutputStream("x");
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE((*out)->CloseAndGetHandle().ok());
  EXPECT_TRUE((*out)->Write("late").IsInvalid());
  EXPECT_FALSE((*out)->CloseAndGetHandle().ok());
}

TEST(FsCheckpointStorageTest, StreamBuffersAreAccountedInTheMemoryPool) {
  TempDir tmp;
  auto pool = MemoryPool::MakeRoot("checkpoint", 100);
  FsCheckpointStreamFactory factory(tmp.path(), 64, pool);
  {
    Result<std::unique_ptr<CheckpointOutputStream>> a = factory.CreateOutputStream("a");
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(pool->used(), 64);
    Result<std::unique_ptr<CheckpointOutputStream>> b = factory.CreateOutputStream("b");
    ASSERT_FALSE(b.ok());
    EXPECT_TRUE(b.status().IsOutOfMemory());
  }
  EXPECT_EQ(pool->used(), 0);
  // The file of the refused stream is not left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(tmp.path()), fs::directory_iterator()), 0);
}

TEST(FsCheckpointStorageTest, MetadataIsWrittenAtomicallyAndOnlyOnce) {
  TempDir tmp;
  auto storage = MakeStorage(tmp.path());
  auto loc = *storage->InitializeCheckpoint(CheckpointId(3));
  auto factory = loc->CreateStreamFactory();
  StreamStateHandle h = WriteStream(*factory, "op-0", "state bytes");
  CheckpointMetadata m = MetadataFor(CheckpointId(3), {h});
  Result<std::string> path = loc->WriteMetadata(m);
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  EXPECT_EQ(*path, StrCat(loc->directory(), "/_metadata"));
  EXPECT_FALSE(fs::exists(StrCat(loc->directory(), "/_metadata.inprogress")));
  Result<std::string> again = loc->WriteMetadata(m);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);

  Result<LoadedCheckpoint> loaded = LoadCheckpoint(loc->directory());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->metadata, m);
  EXPECT_EQ(ReadHandle(*loaded->opener, h), "state bytes");
  // The _metadata file itself is accepted as the path too.
  Result<LoadedCheckpoint> by_file = LoadCheckpoint(*path);
  ASSERT_TRUE(by_file.ok());
  EXPECT_EQ(by_file->directory, loc->directory());
}

TEST(FsCheckpointStorageTest, CrashBeforeMetadataLeavesNoCompletedCheckpoint) {
  TempDir tmp;
  auto storage = MakeStorage(tmp.path());
  // Checkpoint 1 completes.
  auto loc1 = *storage->InitializeCheckpoint(CheckpointId(1));
  StreamStateHandle h1 = WriteStream(*loc1->CreateStreamFactory(), "op", "one");
  ASSERT_TRUE(loc1->WriteMetadata(MetadataFor(CheckpointId(1), {h1})).ok());
  // Checkpoint 2: all stream files are written, then the process "crashes" before _metadata.
  auto loc2 = *storage->InitializeCheckpoint(CheckpointId(2));
  WriteStream(*loc2->CreateStreamFactory(), "op", "two");
  // Checkpoint 3: crashed in the middle of writing _metadata (the temp file exists).
  auto loc3 = *storage->InitializeCheckpoint(CheckpointId(3));
  WriteStream(*loc3->CreateStreamFactory(), "op", "three");
  std::string bytes = EncodeCheckpointMetadata(MetadataFor(CheckpointId(3), {}));
  std::ofstream(StrCat(loc3->directory(), "/_metadata.inprogress"))
      << bytes.substr(0, bytes.size() / 2);

  Result<std::vector<CheckpointId>> ids = storage->ListCompletedCheckpointIds();
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(*ids, std::vector<CheckpointId>{CheckpointId(1)});
  Result<std::optional<LoadedCheckpoint>> latest = FindLatestCompletedCheckpoint(tmp.path(), kJob);
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->metadata.checkpoint_id, CheckpointId(1));
  EXPECT_EQ(ReadHandle(*(*latest)->opener, h1), "one");

  Result<LoadedCheckpoint> incomplete = LoadCheckpoint(loc2->directory());
  ASSERT_FALSE(incomplete.ok());
  EXPECT_TRUE(incomplete.status().IsNotFound());
  EXPECT_NE(incomplete.status().message().find("incomplete"), std::string::npos);

  // On start-up the incomplete directories are removed; the completed one stays.
  Result<int> discarded = storage->DiscardIncompleteCheckpoints();
  ASSERT_TRUE(discarded.ok());
  EXPECT_EQ(*discarded, 2);
  EXPECT_TRUE(fs::exists(loc1->directory()));
  EXPECT_FALSE(fs::exists(loc2->directory()));
  EXPECT_FALSE(fs::exists(loc3->directory()));
  // A re-used id replaces a leftover directory, but never a completed one.
  auto again2 = storage->InitializeCheckpoint(CheckpointId(2));
  ASSERT_TRUE(again2.ok());
  Result<std::shared_ptr<CheckpointStorageLocation>> again1 =
      storage->InitializeCheckpoint(CheckpointId(1));
  ASSERT_FALSE(again1.ok());
  EXPECT_EQ(again1.status().code(), StatusCode::kAlreadyExists);
}

TEST(FsCheckpointStorageTest, NoCheckpointsYieldsNullopt) {
  TempDir tmp;
  Result<std::optional<LoadedCheckpoint>> none = FindLatestCompletedCheckpoint(tmp.path(), kJob);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto storage = MakeStorage(tmp.path());
  none = FindLatestCompletedCheckpoint(tmp.path(), kJob);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(FsCheckpointStorageTest, CorruptedLatestMetadataIsAClearError) {
  TempDir tmp;
  auto storage = MakeStorage(tmp.path());
  auto loc = *storage->InitializeCheckpoint(CheckpointId(4));
  StreamStateHandle h = WriteStream(*loc->CreateStreamFactory(), "op", "four");
  ASSERT_TRUE(loc->WriteMetadata(MetadataFor(CheckpointId(4), {h})).ok());
  {
    std::fstream f(loc->metadata_path(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-5, std::ios::end);
    f.put('#');
  }
  Result<LoadedCheckpoint> loaded = LoadCheckpoint(loc->directory());
  ASSERT_FALSE(loaded.ok());
  EXPECT_TRUE(loaded.status().IsSerializationError());
  EXPECT_NE(loaded.status().message().find("checksum mismatch"), std::string::npos);
  EXPECT_NE(loaded.status().message().find(loc->metadata_path()), std::string::npos);
  Result<std::optional<LoadedCheckpoint>> latest = FindLatestCompletedCheckpoint(tmp.path(), kJob);
  ASSERT_FALSE(latest.ok());
  EXPECT_NE(latest.status().message().find("chk-4"), std::string::npos)
      << latest.status().ToString();

  Result<LoadedCheckpoint> missing = LoadCheckpoint(StrCat(tmp.path(), "/nope"));
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.status().IsNotFound());
  std::ofstream(StrCat(tmp.path(), "/plain.txt")) << "x";
  Result<LoadedCheckpoint> not_ckpt = LoadCheckpoint(StrCat(tmp.path(), "/plain.txt"));
  ASSERT_FALSE(not_ckpt.ok());
  EXPECT_TRUE(not_ckpt.status().IsInvalid());
}

TEST(FsCheckpointStorageTest, SavepointIsSelfContainedAndCanBeMoved) {
  TempDir tmp;
  auto storage = MakeStorage(StrCat(tmp.path(), "/checkpoints"));
  const std::string target = StrCat(tmp.path(), "/savepoints");
  Result<std::shared_ptr<CheckpointStorageLocation>> loc =
      storage->InitializeSavepoint(CheckpointId(9), SnapshotKind::kSavepoint, target);
  ASSERT_TRUE(loc.ok()) << loc.status().ToString();
  std::string name = fs::path((*loc)->directory()).filename().string();
  EXPECT_EQ(name.rfind(StrCat("savepoint-", kJob.ToString().substr(0, 6), "-"), 0), 0u) << name;
  EXPECT_EQ(name.size(), std::string("savepoint-aabbcc-").size() + 12);
  EXPECT_EQ((*loc)->reference(), (*loc)->directory());

  // Tasks find the savepoint directory by checkpoint id (in-process) or by reference.
  auto by_id = *storage->CreateStreamFactory(CheckpointId(9));
  auto by_ref = *storage->CreateStreamFactory(CheckpointId(9), (*loc)->reference());
  StreamStateHandle a = WriteStream(*by_id, "keyed", Pattern(500, 5));
  StreamStateHandle b = WriteStream(*by_ref, "operator", Pattern(70, 6));
  CheckpointMetadata m = MetadataFor(CheckpointId(9), {a, b});
  m.kind = SnapshotKind::kSavepoint;
  ASSERT_TRUE((*loc)->WriteMetadata(m).ok());
  storage->ReleaseLocation(CheckpointId(9));
  EXPECT_FALSE(fs::exists(StrCat(storage->job_directory(), "/chk-9")));

  // Move the whole directory somewhere else and restore from there.
  const std::string moved = StrCat(tmp.path(), "/elsewhere/renamed-savepoint");
  fs::create_directories(fs::path(moved).parent_path());
  fs::rename((*loc)->directory(), moved);
  Result<LoadedCheckpoint> loaded = LoadCheckpoint(moved);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->metadata, m);
  EXPECT_TRUE(loaded->metadata.is_savepoint());
  EXPECT_EQ(ReadHandle(*loaded->opener, a), Pattern(500, 5));
  EXPECT_EQ(ReadHandle(*loaded->opener, b), Pattern(70, 6));
  CompletedCheckpointPtr completed = ToCompletedCheckpoint(*loaded);
  EXPECT_EQ(completed->id(), CheckpointId(9));
  EXPECT_TRUE(completed->is_savepoint());
  EXPECT_EQ(completed->directory, loaded->directory);

  // A completed savepoint is never deleted through its location.
  CheckpointStorageLocation moved_loc(CheckpointId(9), SnapshotKind::kSavepoint, moved, false, 64,
                                      nullptr);
  EXPECT_TRUE(moved_loc.Discard().IsInvalid());
  EXPECT_TRUE(fs::exists(moved));
}

TEST(FsCheckpointStorageTest, SavepointNeedsATarget) {
  TempDir tmp;
  auto storage = MakeStorage(tmp.path());
  Result<std::shared_ptr<CheckpointStorageLocation>> loc =
      storage->InitializeSavepoint(CheckpointId(1), SnapshotKind::kSavepoint, "");
  ASSERT_FALSE(loc.ok());
  EXPECT_NE(loc.status().message().find("execution.checkpointing.savepoint-dir"),
            std::string::npos);
  auto with_default = MakeStorage(tmp.path(), StrCat(tmp.path(), "/sp"));
  loc = with_default->InitializeSavepoint(CheckpointId(1), SnapshotKind::kSavepoint, "");
  ASSERT_TRUE(loc.ok()) << loc.status().ToString();
  EXPECT_EQ(fs::path((*loc)->directory()).parent_path().string(),
            fs::absolute(StrCat(tmp.path(), "/sp")).lexically_normal().string());
}

TEST(FsCheckpointStorageTest, OpenerRejectsBadHandles) {
  TempDir tmp;
  auto storage = MakeStorage(tmp.path());
  auto loc = *storage->InitializeCheckpoint(CheckpointId(1));
  StreamStateHandle h = WriteStream(*loc->CreateStreamFactory(), "op", "0123456789");
  FsCheckpointStreamOpener opener(loc->directory());
  EXPECT_FALSE(opener.Open(StreamStateHandle{"../chk-1/" + h.relative_path, 0, 1}).ok());
  EXPECT_FALSE(opener.Open(StreamStateHandle{"/etc/passwd", 0, 1}).ok());
  EXPECT_TRUE(opener.Open(StreamStateHandle{"missing", 0, 1}).status().IsNotFound());
  Result<std::unique_ptr<CheckpointInputStream>> too_long =
      opener.Open(StreamStateHandle{h.relative_path, 5, 6});
  ASSERT_FALSE(too_long.ok());
  EXPECT_TRUE(too_long.status().IsSerializationError());
  EXPECT_FALSE(opener.Open(StreamStateHandle{h.relative_path, -1, 2}).ok());
  EXPECT_TRUE(opener.Open(StreamStateHandle{h.relative_path, 5, 5}).ok());
}

TEST(FsCheckpointStorageTest, TaskOfAnAbortedCheckpointCannotRecreateItsDirectory) {
  TempDir tmp;
  auto storage = MakeStorage(tmp.path());
  auto loc = *storage->InitializeCheckpoint(CheckpointId(5));
  ASSERT_TRUE(loc->Discard().ok());
  storage->ReleaseLocation(CheckpointId(5));
  EXPECT_FALSE(fs::exists(loc->directory()));
  auto factory = *storage->CreateStreamFactory(CheckpointId(5));
  Result<std::unique_ptr<CheckpointOutputStream>> out = factory->CreateOutputStream("late");
  ASSERT_FALSE(out.ok());
  EXPECT_TRUE(out.status().IsIOError());
  EXPECT_FALSE(fs::exists(loc->directory()));
}

TEST(FsCheckpointStorageTest, RetentionKeepsTheNewestAndDiscardDeletesOnlyChkDirs) {
  TempDir tmp;
  auto storage = MakeStorage(tmp.path());
  CompletedCheckpointStore store(2);
  for (int64_t i = 1; i <= 4; ++i) {
    auto loc = *storage->InitializeCheckpoint(CheckpointId(i));
    StreamStateHandle h = WriteStream(*loc->CreateStreamFactory(), "op", StrCat("v", i));
    auto cp = std::make_shared<CompletedCheckpoint>();
    cp->metadata = MetadataFor(CheckpointId(i), {h});
    cp->directory = loc->directory();
    cp->metadata_path = *loc->WriteMetadata(cp->metadata);
    for (const CompletedCheckpointPtr& dropped : store.Add(cp)) {
      ASSERT_TRUE(storage->DiscardCheckpoint(dropped->id()).ok());
    }
  }
  EXPECT_EQ(store.size(), 2u);
  EXPECT_EQ(store.Latest()->id(), CheckpointId(4));
  EXPECT_EQ(*storage->ListCompletedCheckpointIds(),
            (std::vector<CheckpointId>{CheckpointId(3), CheckpointId(4)}));
  // Savepoints and stale ids are never retained.
  auto sp = std::make_shared<CompletedCheckpoint>();
  sp->metadata.checkpoint_id = CheckpointId(10);
  sp->metadata.kind = SnapshotKind::kSavepoint;
  EXPECT_TRUE(store.Add(sp).empty());
  auto stale = std::make_shared<CompletedCheckpoint>();
  stale->metadata.checkpoint_id = CheckpointId(2);
  EXPECT_EQ(store.Add(stale).size(), 1u);
  EXPECT_EQ(store.Latest()->id(), CheckpointId(4));
  EXPECT_EQ(store.All().front()->id(), CheckpointId(3));
}

TEST(FsCheckpointStorageTest, StorageWithoutCheckpointDirectory) {
  FsCheckpointStorageOptions options;
  Result<std::shared_ptr<FsCheckpointStorage>> storage = FsCheckpointStorage::Make(kJob, options);
  ASSERT_TRUE(storage.ok());
  EXPECT_FALSE((*storage)->has_checkpoints_dir());
  Result<std::shared_ptr<CheckpointStorageLocation>> loc =
      (*storage)->InitializeCheckpoint(CheckpointId(1));
  ASSERT_FALSE(loc.ok());
  EXPECT_NE(loc.status().message().find("execution.checkpointing.dir"), std::string::npos);
  EXPECT_TRUE((*storage)->ListCompletedCheckpointIds()->empty());
}

}  // namespace
}  // namespace weir::runtime
