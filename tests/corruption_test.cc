// Crash test (c): damaged store files. A closed store (written by Spool through the public API, or one of the
// RocketMQ 4.9.7 testdata stores) is copied, damaged at a seeded random point, and opened, once without and once
// with the abort file (normal and abnormal recovery). Damage: bit flips, zeroed ranges, garbage ranges, a zeroed
// tail, a deleted last segment, in the commit log; the same (and a deleted file) in a ConsumeQueue; and files cut
// to a shorter length.
//
// What recovery must give, as decided here (RocketMQ 4.9.7's rules, shared/spec/store.md §11):
//  - A file of the wrong length (a segment or ConsumeQueue file truncated by the file system) is refused: Open
//    fails with kFailedPrecondition naming the file, as RocketMQ's load fails. Nothing is guessed.
//  - Commit log, damage the format can detect: any change to a record's TOTALSIZE, MAGIC, BODYCRC (when the body
//    is not empty), PHYSICALOFFSET, BODYLENGTH, body, TOPICLENGTH, PROPERTIESLENGTH or host-v6 sysFlag bits, to a
//    BLANK's magic, or a deleted last segment, in a segment that recovery walks. Recovery then truncates the log at
//    the first damaged record: everything before it is present and byte-identical, served through its queue at
//    its queue offset, and found by key through the index; nothing at or after it is served (not through the queues, not through the
//    index); only zeros follow the new end; the store takes new puts at the next queue offsets. Normal recovery
//    walks the last three segments; abnormal recovery walks from the newest segment whose first record is older
//    than the checkpoint (§11.3, §11.4): damage before that is not looked for.
//  - Commit log, damage the format cannot detect (only fields outside the checks above changed: flag, queue id,
//    queue offset, timestamps, hosts, topic or property bytes), or damage before the walked segments: Open
//    still succeeds, everything before the damaged record is present and intact, and reading every queue does
//    not crash. What the damaged record becomes is not specified: v1 records carry no checksum over those fields.
//  - ConsumeQueue damage (the commit log intact): Open succeeds, the commit log keeps every record, every other
//    queue is whole, and the damaged queue is a consistent prefix: its units [0, max) are dense, each serving its
//    own record, with every unit before the damaged one present; abnormal recovery rebuilds the queue to the end
//    from the commit log.
// The commit-log cases check the undamaged store the same way first, so a failure is about the damage, not the
// model.
//
// Seeds are printed on failure; `store_integration_tests "[corruption]"` with SPOOL_CORRUPTION_SEED=<seed> runs
// one seed of every case.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "spool/store/message.h"
#include "spool/store/message_store.h"
#include "spool/store/options.h"
#include "testing/manual_clock.h"

namespace spool::store {
namespace {

namespace fs = std::filesystem;
using QueueKey = std::pair<std::string, int32_t>;

constexpr int32_t kMessageMagic = static_cast<int32_t>(0xDAA320A7);
constexpr int32_t kBlankMagic = static_cast<int32_t>(0xCBD43194);
constexpr int kCqUnit = 20;

int64_t BE(const std::string& s, int64_t pos, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(s[static_cast<size_t>(pos + i)]);
  if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
  REQUIRE(out.good());
}

std::vector<std::string> SortedNames(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string Describe(const QueueKey& q) { return q.first + "-" + std::to_string(q.second); }

// A fresh directory, removed with its contents. In memory (/dev/shm) when there is one: the test opens stores
// hundreds of times and recovery logic does not depend on the medium, while each open's and close's syncs on a
// real disk would make the suite take minutes. Elsewhere under $TMPDIR (or /tmp), like tests/support's TempDir.
class ScratchDir {
 public:
  ScratchDir() {
    std::string base = "/dev/shm";
    if (::access(base.c_str(), W_OK) != 0) {
      const char* tmp = std::getenv("TMPDIR");
      base = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
    }
    std::string tmpl = base + "/spool-corruption-XXXXXX";
    const char* made = ::mkdtemp(tmpl.data());
    REQUIRE(made != nullptr);
    path_ = made;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

  // Copies a directory tree (the testdata is read-only: the copies are made writable).
  std::string CopyFrom(const std::string& source, const std::string& name) const {
    const std::string dest = Sub(name);
    fs::copy(source, dest, fs::copy_options::recursive);
    fs::permissions(dest, fs::perms::owner_all, fs::perm_options::add);
    for (const auto& e : fs::recursive_directory_iterator(dest)) {
      fs::permissions(e.path(), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
      if (e.is_directory()) fs::permissions(e.path(), fs::perms::owner_exec, fs::perm_options::add);
    }
    return dest;
  }

 private:
  std::string path_;
};

// ---------------------------------------------------------------------------------------------------------------
// The reference: what the undamaged store holds, read from its files by this test (not by Spool).

struct Element {
  bool blank = false;
  int64_t offset = 0;  // global commit-log offset
  int32_t size = 0;    // TOTALSIZE; for a BLANK, the bytes left in the segment
  std::string topic;
  int32_t queue_id = 0;
  int64_t queue_offset = 0;
  int32_t body_length = 0;
  int32_t topic_length = 0;
  int32_t body_length_pos = 0;  // position of BODYLENGTH in the record
  bool dispatched = false;      // in a ConsumeQueue: transaction type NOT_TYPE or COMMIT
  std::string raw;
  std::string keys;
  int64_t end() const { return offset + (blank ? 8 : size); }
};

struct Reference {
  std::string source;    // the undamaged store (never modified)
  StoreOptions options;  // everything but the root directory
  int64_t segment_size = 0;
  std::vector<std::string> segments;  // file names under commitlog/, sorted
  std::vector<std::string> original;  // their bytes
  std::vector<Element> elements;      // log order
  int64_t end = 0;                    // first byte after the last record
  std::map<QueueKey, std::vector<const Element*>> queues;  // index = queue offset
  int64_t min_timestamp = 0;          // the checkpoint's, for abnormal recovery's start
};

void WalkSegment(const std::string& data, int64_t start, Reference* ref, bool* ended) {
  int64_t pos = 0;
  while (pos + 8 <= static_cast<int64_t>(data.size())) {
    const int32_t size = static_cast<int32_t>(BE(data, pos, 4));
    const int32_t magic = static_cast<int32_t>(BE(data, pos + 4, 4));
    Element e;
    e.offset = start + pos;
    if (magic == kBlankMagic) {
      e.blank = true;
      e.size = size;
      ref->elements.push_back(e);
      ref->end = start + static_cast<int64_t>(data.size());
      return;
    }
    if (magic == 0 && size == 0) break;
    INFO("reference record at " << e.offset);
    REQUIRE(magic == kMessageMagic);
    auto rec = DecodeMessageRecord(std::string_view(data).substr(static_cast<size_t>(pos)), /*check_crc=*/true);
    REQUIRE(rec.ok());
    e.size = size;
    e.topic = rec->topic;
    e.queue_id = rec->queue_id;
    e.queue_offset = rec->queue_offset;
    e.body_length = static_cast<int32_t>(rec->body.size());
    e.topic_length = static_cast<int32_t>(rec->topic.size());
    e.body_length_pos = 68 + ((rec->sys_flag & kSysFlagBornHostV6) ? 20 : 8) +
                        ((rec->sys_flag & kSysFlagStoreHostV6) ? 20 : 8);
    const int32_t type = rec->sys_flag & kSysFlagTransactionMask;
    e.dispatched = type == kSysFlagTransactionNotType || type == kSysFlagTransactionCommit;
    e.raw = data.substr(static_cast<size_t>(pos), static_cast<size_t>(size));
    e.keys = rec->Keys();
    ref->elements.push_back(std::move(e));
    pos += size;
    ref->end = start + pos;
  }
  *ended = true;
}

Reference BuildReference(const std::string& source, const StoreOptions& options) {
  Reference ref;
  ref.source = source;
  ref.options = options;
  ref.segment_size = options.mapped_file_size_commit_log;
  ref.segments = SortedNames(source + "/commitlog");
  REQUIRE(!ref.segments.empty());
  bool ended = false;
  for (size_t i = 0; i < ref.segments.size(); ++i) {
    const int64_t start = static_cast<int64_t>(i) * ref.segment_size;
    REQUIRE(std::stoll(ref.segments[i]) == start);
    ref.original.push_back(ReadFile(source + "/commitlog/" + ref.segments[i]));
    if (!ended) WalkSegment(ref.original.back(), start, &ref, &ended);
  }
  for (const Element& e : ref.elements) {
    if (!e.blank && e.dispatched) ref.queues[{e.topic, e.queue_id}].push_back(&e);
  }
  for (auto& [queue, list] : ref.queues) {
    std::sort(list.begin(), list.end(),
              [](const Element* a, const Element* b) { return a->queue_offset < b->queue_offset; });
    for (size_t i = 0; i < list.size(); ++i) REQUIRE(list[i]->queue_offset == static_cast<int64_t>(i));
  }
  const std::string checkpoint = ReadFile(source + "/checkpoint");
  REQUIRE(checkpoint.size() >= 16);
  ref.min_timestamp = std::max<int64_t>(0, std::min(BE(checkpoint, 0, 8), BE(checkpoint, 8, 8)) - 3000);
  return ref;
}

// ---------------------------------------------------------------------------------------------------------------
// Damage.

enum class Kind {
  kBitFlips,
  kZeroRange,
  kGarbageRange,
  kZeroTail,           // zeros from a random point of the last written segment to its end
  kDeleteLastSegment,  // the last segment holding records is gone (and any after it)
  kCqBitFlips,
  kCqZeroRange,
  kCqGarbageRange,
  kCqZeroTail,         // zeros from a random unit to the end of a queue's file, its later files deleted
  kCqDeleteFile,
  kShortenSegment,
  kShortenCqFile,
};

const Kind kLogKinds[] = {Kind::kBitFlips, Kind::kZeroRange, Kind::kGarbageRange, Kind::kZeroTail,
                          Kind::kDeleteLastSegment};
const Kind kCqKinds[] = {Kind::kCqBitFlips, Kind::kCqZeroRange, Kind::kCqGarbageRange, Kind::kCqZeroTail,
                         Kind::kCqDeleteFile};
const Kind kShortenKinds[] = {Kind::kShortenSegment, Kind::kShortenCqFile};

struct Damage {
  std::string description;
  bool wrong_length = false;
  std::string wrong_length_file;  // the shortened file's name, which the error must mention
  // ConsumeQueue damage: the queue and the first unit (queue offset) whose bytes changed or vanished.
  std::optional<QueueKey> queue;
  int64_t first_unit = 0;
};

int64_t Uniform(std::mt19937_64& rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

// Changes [pos, pos+len) of `data` per `kind`; flips touch a few bits from pos on.
void Scramble(Kind kind, int64_t pos, int64_t len, std::mt19937_64& rng, std::string* data) {
  const int64_t size = static_cast<int64_t>(data->size());
  len = std::max<int64_t>(1, std::min(len, size - pos));
  if (kind == Kind::kBitFlips || kind == Kind::kCqBitFlips) {
    const int flips = static_cast<int>(Uniform(rng, 1, 3));
    for (int i = 0; i < flips; ++i) {
      const int64_t at = i == 0 ? pos : std::min(size - 1, pos + Uniform(rng, 0, len - 1));
      (*data)[static_cast<size_t>(at)] ^= static_cast<char>(1 << Uniform(rng, 0, 7));
    }
  } else if (kind == Kind::kZeroRange || kind == Kind::kCqZeroRange) {
    std::fill(data->begin() + pos, data->begin() + pos + len, '\0');
  } else {
    for (int64_t i = pos; i < pos + len; ++i) (*data)[static_cast<size_t>(i)] = static_cast<char>(Uniform(rng, 0, 255));
  }
}

std::string SegmentPath(const std::string& dir, const Reference& ref, size_t index) {
  return dir + "/commitlog/" + ref.segments[index];
}

Damage DamageCommitLog(Kind kind, const Reference& ref, const std::string& dir, std::mt19937_64& rng) {
  Damage d;
  std::ostringstream what;
  const size_t last_written = static_cast<size_t>((std::max<int64_t>(ref.end, 1) - 1) / ref.segment_size);
  if (kind == Kind::kDeleteLastSegment) {
    // Only a log with more than one written segment can lose its last one and keep something.
    const size_t from = last_written > 0 ? last_written : ref.segments.size();
    for (size_t i = from; i < ref.segments.size(); ++i) fs::remove(SegmentPath(dir, ref, i));
    what << "deleted segments from " << (from < ref.segments.size() ? ref.segments[from] : "(none)");
    d.description = what.str();
    return d;
  }
  if (kind == Kind::kShortenSegment) {
    const std::string path = SegmentPath(dir, ref, last_written);
    const int64_t to = Uniform(rng, 0, ref.segment_size - 1);
    fs::resize_file(path, static_cast<uintmax_t>(to));
    d.wrong_length = true;
    d.wrong_length_file = ref.segments[last_written];
    what << "segment " << ref.segments[last_written] << " cut to " << to << " bytes";
    d.description = what.str();
    return d;
  }
  int64_t global;
  if (kind == Kind::kZeroTail) {
    const int64_t start = static_cast<int64_t>(last_written) * ref.segment_size;
    global = Uniform(rng, start, std::max(start, ref.end - 1));
  } else {
    global = Uniform(rng, 0, std::max<int64_t>(0, ref.end - 1));
  }
  const size_t index = static_cast<size_t>(global / ref.segment_size);
  const int64_t pos = global % ref.segment_size;
  const std::string path = SegmentPath(dir, ref, index);
  std::string data = ReadFile(path);
  int64_t len = 0;
  if (kind == Kind::kZeroTail) {
    len = ref.segment_size - pos;
    std::fill(data.begin() + pos, data.end(), '\0');
  } else {
    len = kind == Kind::kBitFlips ? Uniform(rng, 1, 300) : Uniform(rng, 1, 1500);
    Scramble(kind, pos, len, rng, &data);
  }
  WriteFile(path, data);
  what << "commit log offset " << global << " (" << ref.segments[index] << " at " << pos << "), length " << len;
  d.description = what.str();
  return d;
}

// The written part of each ConsumeQueue file of the reference store: (queue, file name, units in it).
struct CqFile {
  QueueKey queue;
  std::string name;
  int64_t first_unit = 0;
  int64_t units = 0;
};

std::vector<CqFile> ListCqFiles(const Reference& ref) {
  std::vector<CqFile> files;
  const int64_t file_units = ref.options.mapped_file_size_consume_queue / kCqUnit;
  for (const auto& [queue, list] : ref.queues) {
    const std::string dir = ref.source + "/consumequeue/" + queue.first + "/" + std::to_string(queue.second);
    for (const std::string& name : SortedNames(dir)) {
      CqFile f;
      f.queue = queue;
      f.name = name;
      f.first_unit = std::stoll(name) / kCqUnit;
      f.units = std::clamp<int64_t>(static_cast<int64_t>(list.size()) - f.first_unit, 0, file_units);
      if (f.units > 0) files.push_back(f);
    }
  }
  return files;
}

Damage DamageConsumeQueue(Kind kind, const Reference& ref, const std::string& dir, std::mt19937_64& rng) {
  const std::vector<CqFile> files = ListCqFiles(ref);
  REQUIRE(!files.empty());
  const CqFile& f = files[static_cast<size_t>(Uniform(rng, 0, static_cast<int64_t>(files.size()) - 1))];
  const std::string queue_dir = dir + "/consumequeue/" + f.queue.first + "/" + std::to_string(f.queue.second);
  const std::string path = queue_dir + "/" + f.name;
  Damage d;
  d.queue = f.queue;
  std::ostringstream what;
  what << "consume queue " << Describe(f.queue) << " file " << f.name << ": ";
  if (kind == Kind::kCqDeleteFile) {
    fs::remove(path);
    d.first_unit = f.first_unit;
    what << "deleted";
  } else if (kind == Kind::kShortenCqFile) {
    const int64_t size = static_cast<int64_t>(fs::file_size(path));
    const int64_t to = Uniform(rng, 0, size - 1);
    fs::resize_file(path, static_cast<uintmax_t>(to));
    d.wrong_length = true;
    d.wrong_length_file = f.name;
    what << "cut to " << to << " bytes";
  } else {
    std::string data = ReadFile(path);
    const std::string before = data;
    const int64_t unit = Uniform(rng, 0, f.units - 1);
    const int64_t pos = unit * kCqUnit + (kind == Kind::kCqZeroTail ? 0 : Uniform(rng, 0, kCqUnit - 1));
    if (kind == Kind::kCqZeroTail) {
      std::fill(data.begin() + pos, data.end(), '\0');
      for (const std::string& later : SortedNames(queue_dir)) {
        if (later > f.name) fs::remove(queue_dir + "/" + later);
      }
      what << "zeros from unit " << unit << ", later files deleted";
    } else {
      const int64_t len = Uniform(rng, 1, kind == Kind::kCqBitFlips ? 20 : 120);
      Scramble(kind, pos, len, rng, &data);
      what << "byte " << pos << ", length " << len;
    }
    WriteFile(path, data);
    size_t first = 0;
    while (first < data.size() && data[first] == before[first]) ++first;
    d.first_unit = f.first_unit + static_cast<int64_t>(first) / kCqUnit;
    if (first == data.size()) d.queue.reset();  // nothing actually changed (zeros over zeros)
  }
  d.description = what.str();
  return d;
}

Damage Apply(Kind kind, const Reference& ref, const std::string& dir, uint64_t seed) {
  std::mt19937_64 rng(seed);
  switch (kind) {
    case Kind::kCqBitFlips:
    case Kind::kCqZeroRange:
    case Kind::kCqGarbageRange:
    case Kind::kCqZeroTail:
    case Kind::kCqDeleteFile:
    case Kind::kShortenCqFile:
      return DamageConsumeQueue(kind, ref, dir, rng);
    default:
      return DamageCommitLog(kind, ref, dir, rng);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// What recovery must do with a damaged commit log.

struct Expectation {
  bool detectable = true;  // the strong rule applies; else the weak one
  int64_t cut = 0;         // detectable: the expected end of the log
  int64_t intact_before = 0;  // everything ending at or before this offset is untouched
  std::string why;
};

// The first segment recovery walks (store.md §11.3, §11.4), from the damaged files.
size_t WalkedFrom(const Reference& ref, const std::vector<std::optional<std::string>>& segments, bool abnormal) {
  size_t present = 0;
  while (present < segments.size() && segments[present].has_value()) ++present;
  if (present == 0) return 0;
  if (!abnormal) return present >= 3 ? present - 3 : 0;
  for (size_t i = present; i-- > 0;) {
    const std::string& data = *segments[i];
    if (static_cast<int32_t>(BE(data, 4, 4)) != kMessageMagic) continue;
    const int32_t sys_flag = static_cast<int32_t>(BE(data, 36, 4));
    const int64_t ts = BE(data, (sys_flag & kSysFlagBornHostV6) ? 68 : 56, 8);
    if (ts != 0 && ts <= ref.min_timestamp) return i;
  }
  return 0;
}

// Whether changing the byte at `rel` of record `e` from `was` to `now` is sure to fail the record's checks.
bool Checked(const Element& e, int64_t rel, char was, char now) {
  if (rel < 8) return true;                                  // TOTALSIZE, MAGIC
  if (rel < 12) return e.body_length > 0;                    // BODYCRC, checked for a non-empty body
  if (rel >= 28 && rel < 36) return true;                    // PHYSICALOFFSET (recovery compares it)
  if (rel == 39) return ((was ^ now) & 0x30) != 0;           // the host-v6 bits change the layout
  const int64_t body_end = e.body_length_pos + 4 + e.body_length;
  if (rel >= e.body_length_pos && rel < body_end) return true;  // BODYLENGTH, body (CRC)
  if (rel == body_end) return true;                             // TOPICLENGTH
  const int64_t props_length = body_end + 1 + e.topic_length;
  return rel >= props_length && rel < props_length + 2;         // PROPERTIESLENGTH
}

Expectation Classify(const Reference& ref, const std::string& dir, bool abnormal) {
  std::vector<std::optional<std::string>> segments;
  for (size_t i = 0; i < ref.segments.size(); ++i) {
    const std::string path = SegmentPath(dir, ref, i);
    if (fs::exists(path)) {
      segments.push_back(ReadFile(path));
    } else {
      segments.push_back(std::nullopt);
    }
  }
  const size_t walked_from = WalkedFrom(ref, segments, abnormal);

  Expectation x;
  x.cut = ref.end;
  x.intact_before = ref.end;
  for (const Element& e : ref.elements) {
    const size_t index = static_cast<size_t>(e.offset / ref.segment_size);
    const int64_t pos = e.offset % ref.segment_size;
    if (!segments[index]) {
      x.cut = x.intact_before = e.offset;
      x.why = "its segment is gone";
      return x;
    }
    const std::string& now = *segments[index];
    const std::string& was = ref.original[index];
    const int64_t len = e.blank ? 8 : e.size;
    bool changed = false;
    bool detected = false;
    for (int64_t rel = 0; rel < len; ++rel) {
      const size_t at = static_cast<size_t>(pos + rel);
      if (now[at] == was[at]) continue;
      if (e.blank) {
        if (rel < 4) continue;  // a BLANK's TOTALSIZE is not read: recovery jumps to the next segment
        changed = detected = true;
        break;
      }
      changed = true;
      if (Checked(e, rel, was[at], now[at])) {
        detected = true;
        break;
      }
    }
    if (!changed) continue;
    x.intact_before = e.offset;
    std::ostringstream why;
    why << (e.blank ? "BLANK" : "record") << " at " << e.offset;
    if (index < walked_from) {
      x.detectable = false;
      why << " is in a segment recovery does not walk (walk starts at segment " << walked_from << ")";
    } else if (!detected) {
      x.detectable = false;
      why << " changed only where v1 records have no check";
    } else {
      x.cut = e.offset;
      why << " is damaged where the checks look";
    }
    x.why = why.str();
    return x;
  }
  x.why = "no record or BLANK header changed";
  return x;
}

// ---------------------------------------------------------------------------------------------------------------
// Checks on the recovered store.

std::unique_ptr<MessageStore> OpenCopy(const Reference& ref, const std::string& dir) {
  StoreOptions options = ref.options;
  options.store_path_root_dir = dir;
  options.store_path_commit_log.clear();
  auto opened = MessageStore::Open(options);
  INFO("open: " << opened.status().ToString());
  REQUIRE(opened.ok());
  return *std::move(opened);
}

// Reads units [min, max) of a queue; each must serve the reference record of its queue offset, byte for byte.
// Returns the queue's [min, max).
std::pair<int64_t, int64_t> CheckQueueServes(MessageStore* store, const Reference& ref, const QueueKey& queue) {
  INFO("queue " << Describe(queue));
  const int64_t min = store->GetMinOffsetInQueue(queue.first, queue.second);
  const int64_t max = store->GetMaxOffsetInQueue(queue.first, queue.second);
  auto it = ref.queues.find(queue);
  const int64_t known = it == ref.queues.end() ? 0 : static_cast<int64_t>(it->second.size());
  REQUIRE(max <= known);  // never a unit the log did not have
  int64_t next = min;
  while (next < max) {
    GetResult got = store->GetMessages(
        {.topic = queue.first, .queue_id = queue.second, .offset = next, .max_messages = 32});
    INFO("get from " << next << " (min " << min << ", max " << max << "): status " << static_cast<int>(got.status));
    REQUIRE(got.status == GetMessageStatus::kFound);
    for (size_t i = 0; i < got.raw.size(); ++i) {
      REQUIRE(got.queue_offsets[i] == next);  // dense: no unit skipped as unreadable
      INFO("queue offset " << next);
      CHECK(got.raw[i] == it->second[static_cast<size_t>(next)]->raw);
      ++next;
    }
  }
  return {min, max};
}

// Keys of records the store must not serve (dropped) and, with `find_kept`, must find (kept), a few of each.
void CheckIndex(MessageStore* store, const Reference& ref, int64_t cut, bool find_kept) {
  int kept = 0;
  int dropped = 0;
  for (const Element& e : ref.elements) {
    if (e.blank || !e.dispatched || e.keys.empty()) continue;
    const std::string key = e.keys.substr(0, e.keys.find(' '));
    const bool is_kept = e.end() <= cut;
    if (is_kept ? kept >= 6 : dropped >= 6) continue;
    (is_kept ? kept : dropped)++;
    QueryResult found = store->QueryMessages(e.topic, key, 64, 0, std::numeric_limits<int64_t>::max());
    bool hit = false;
    for (const MessageRecord& m : found.messages) {
      INFO("key " << key << " found at " << m.commit_log_offset);
      CHECK(m.commit_log_offset < cut);  // nothing after the cut is served through the index either
      hit = hit || m.commit_log_offset == e.offset;
    }
    if (is_kept && find_kept) {
      INFO("key " << key << " of the record at " << e.offset);
      CHECK(hit);
    }
  }
}

// After Close: the kept records are byte-identical, only zeros follow the end, nothing is left past it.
void CheckFilesAfterCut(const Reference& ref, const std::string& dir, int64_t cut) {
  std::map<size_t, std::string> files;
  for (const Element& e : ref.elements) {
    if (e.end() > cut) break;
    if (e.blank) continue;
    const size_t index = static_cast<size_t>(e.offset / ref.segment_size);
    if (files.count(index) == 0) files[index] = ReadFile(SegmentPath(dir, ref, index));
    const std::string& data = files[index];
    INFO("record at " << e.offset);
    CHECK(data.compare(static_cast<size_t>(e.offset % ref.segment_size), e.raw.size(), e.raw) == 0);
  }
  for (size_t i = 0; i < ref.segments.size(); ++i) {
    const int64_t start = static_cast<int64_t>(i) * ref.segment_size;
    if (start + ref.segment_size <= cut) continue;
    const std::string path = SegmentPath(dir, ref, i);
    if (!fs::exists(path)) continue;
    const std::string data = ReadFile(path);
    const size_t from = static_cast<size_t>(std::max<int64_t>(0, cut - start));
    INFO("segment " << ref.segments[i] << " after offset " << cut);
    CHECK(data.find_first_not_of('\0', from) == std::string::npos);
  }
}

// `find_kept_keys`: the index must still find the kept records by key.
void CheckDetectable(const Reference& ref, const std::string& dir, const Expectation& x, bool find_kept_keys) {
  auto store = OpenCopy(ref, dir);
  REQUIRE(store->Stats().commit_log_max_offset == x.cut);
  for (const auto& [queue, list] : ref.queues) {
    int64_t kept = 0;
    while (kept < static_cast<int64_t>(list.size()) && list[static_cast<size_t>(kept)]->end() <= x.cut) ++kept;
    auto [min, max] = CheckQueueServes(store.get(), ref, queue);
    INFO("queue " << Describe(queue));
    CHECK(min == 0);
    CHECK(max == kept);
  }
  for (const auto& queue : store->ListQueues()) {
    if (ref.queues.count(queue) == 0) CHECK(store->GetMaxOffsetInQueue(queue.first, queue.second) == 0);
  }
  CheckIndex(store.get(), ref, x.cut, find_kept_keys);
  REQUIRE(store->Close().ok());
  store.reset();
  CheckFilesAfterCut(ref, dir, x.cut);

  // The store carries on from the cut: a put takes the next queue offset, and a clean reopen keeps it.
  store = OpenCopy(ref, dir);
  CHECK(store->Stats().commit_log_max_offset == x.cut);
  const QueueKey& queue = ref.queues.begin()->first;
  const int64_t next = store->GetMaxOffsetInQueue(queue.first, queue.second);
  Message m;
  m.topic = queue.first;
  m.queue_id = queue.second;
  m.body = "after the damage";
  PutResult r = store->PutMessage(m);
  REQUIRE(r.stored());
  CHECK(r.queue_offset == next);
  CHECK(r.commit_log_offset >= x.cut);
  REQUIRE(store->Close().ok());
  store = OpenCopy(ref, dir);
  CHECK(store->GetMaxOffsetInQueue(queue.first, queue.second) == next + 1);
  REQUIRE(store->Close().ok());
}

void CheckUndetectable(const Reference& ref, const std::string& dir, const Expectation& x) {
  auto store = OpenCopy(ref, dir);
  const int64_t end = store->Stats().commit_log_max_offset;
  CHECK(end >= x.intact_before);
  CHECK(end <= ref.end);
  for (const auto& [queue, list] : ref.queues) {
    INFO("queue " << Describe(queue));
    for (const Element* e : list) {
      if (e->end() > x.intact_before) break;
      GetResult got = store->GetMessages(
          {.topic = queue.first, .queue_id = queue.second, .offset = e->queue_offset, .max_messages = 1});
      INFO("queue offset " << e->queue_offset << " at " << e->offset);
      REQUIRE(got.raw.size() == 1);
      CHECK(got.queue_offsets[0] == e->queue_offset);
      CHECK(got.raw[0] == e->raw);
    }
  }
  // Whatever the damaged records became, reading everything must not crash.
  for (const auto& [topic, queue_id] : store->ListQueues()) {
    int64_t next = store->GetMinOffsetInQueue(topic, queue_id);
    const int64_t max = store->GetMaxOffsetInQueue(topic, queue_id);
    while (next < max) {
      GetResult got = store->GetMessages({.topic = topic, .queue_id = queue_id, .offset = next, .max_messages = 32});
      if (got.next_begin_offset <= next) break;
      next = got.next_begin_offset;
    }
  }
  CHECK(store->Close().ok());
}

void CheckConsumeQueueDamage(const Reference& ref, const std::string& dir, const Damage& d, bool abnormal) {
  auto store = OpenCopy(ref, dir);
  REQUIRE(store->Stats().commit_log_max_offset == ref.end);  // the log was not touched
  for (const auto& [queue, list] : ref.queues) {
    const int64_t count = static_cast<int64_t>(list.size());
    auto [min, max] = CheckQueueServes(store.get(), ref, queue);
    INFO("queue " << Describe(queue));
    if (!d.queue || queue != *d.queue) {
      CHECK(min == 0);
      CHECK(max == count);
      continue;
    }
    INFO("damaged queue; first damaged unit " << d.first_unit);
    if (d.first_unit > 0) CHECK(min == 0);  // everything before the damage is still there
    CHECK(max >= d.first_unit);
    if (abnormal) CHECK(max == count);  // rebuilt from the commit log
  }
  CheckIndex(store.get(), ref, ref.end, /*find_kept=*/true);
  REQUIRE(store->Close().ok());
}

void SetAbort(const std::string& dir, bool present) {
  const std::string path = dir + "/abort";
  if (present) {
    WriteFile(path, "");
  } else {
    fs::remove(path);
  }
}

bool IsConsumeQueueKind(Kind kind) {
  return kind == Kind::kCqBitFlips || kind == Kind::kCqZeroRange || kind == Kind::kCqGarbageRange ||
         kind == Kind::kCqZeroTail || kind == Kind::kCqDeleteFile;
}

// How the commit-log cases fell, so a run can show it tested what it claims.
struct Tally {
  int truncated = 0;     // detectable damage: the log was cut
  int undamaged = 0;     // nothing that recovery reads changed
  int undetectable = 0;  // the weak rule applied
};

// One seed of one kind of damage, with the abort file absent then present.
void RunOne(const Reference& ref, Kind kind, uint64_t seed, Tally* tally) {
  for (bool abnormal : {false, true}) {
    ScratchDir scratch;
    const std::string dir = scratch.CopyFrom(ref.source, "store");
    SetAbort(dir, abnormal);
    const Damage d = Apply(kind, ref, dir, seed);
    INFO("seed " << seed << ", " << (abnormal ? "abort file present" : "no abort file") << ": " << d.description);
    if (d.wrong_length) {
      StoreOptions options = ref.options;
      options.store_path_root_dir = dir;
      auto opened = MessageStore::Open(options);
      INFO("open: " << opened.status().ToString());
      REQUIRE_FALSE(opened.ok());
      CHECK(opened.status().code() == absl::StatusCode::kFailedPrecondition);
      CHECK(std::string(opened.status().message()).find(d.wrong_length_file) != std::string::npos);
      continue;
    }
    if (IsConsumeQueueKind(kind)) {
      CheckConsumeQueueDamage(ref, dir, d, abnormal);
      continue;
    }
    const Expectation x = Classify(ref, dir, abnormal);
    INFO(x.why << (x.detectable ? ": the log must end at " : ": undetectable, intact before ")
               << (x.detectable ? x.cut : x.intact_before));
    if (x.detectable) {
      ++(x.cut < ref.end ? tally->truncated : tally->undamaged);
      CheckDetectable(ref, dir, x, /*find_kept_keys=*/true);
    } else {
      ++tally->undetectable;
      CheckUndetectable(ref, dir, x);
    }
  }
}

// The undamaged copy must pass the strict checks: the model and the store agree before any damage.
void CheckUndamaged(const Reference& ref, bool find_kept_keys_after_abnormal = false) {
  for (bool abnormal : {false, true}) {
    ScratchDir scratch;
    const std::string dir = scratch.CopyFrom(ref.source, "store");
    SetAbort(dir, abnormal);
    INFO("undamaged, " << (abnormal ? "abort file present" : "no abort file"));
    Expectation x;
    x.cut = ref.end;
    CheckDetectable(ref, dir, x, !abnormal || find_kept_keys_after_abnormal);
  }
}

// Seeds first_seed .. first_seed + seeds - 1, each with the kind `seed % N` picks; SPOOL_CORRUPTION_SEED=<seed>
// runs that one seed instead.
template <size_t N>
Tally RunSeeds(const Reference& ref, const Kind (&kinds)[N], uint64_t first_seed, int seeds) {
  Tally tally;
  const char* env = std::getenv("SPOOL_CORRUPTION_SEED");
  if (env != nullptr && *env != '\0') {
    first_seed = std::stoull(env);
    seeds = 1;
  }
  for (int i = 0; i < seeds; ++i) {
    const uint64_t seed = first_seed + static_cast<uint64_t>(i);
    RunOne(ref, kinds[seed % N], seed, &tally);
  }
  return tally;
}

// Most damage to the commit log must land where recovery can see it, or the strict rule was hardly tested.
void CheckMostlyDetectable(const Tally& t) {
  INFO("commit-log cases: " << t.truncated << " truncated, " << t.undamaged << " with nothing read changed, "
                            << t.undetectable << " undetectable");
  if (std::getenv("SPOOL_CORRUPTION_SEED") == nullptr) CHECK(t.truncated >= 2 * t.undetectable);
}

// ---------------------------------------------------------------------------------------------------------------
// The stores.

// A store written by Spool: three topics, six queues, about five 64 KiB segments, ConsumeQueue files of 30 units.
// A manual clock moves 8 ms per message, so the checkpoint lets abnormal recovery start past the first segments.
class SpoolStore {
 public:
  SpoolStore() {
    StoreOptions o;
    o.mapped_file_size_commit_log = 64 * 1024;
    o.mapped_file_size_consume_queue = 30 * kCqUnit;
    o.max_hash_slot_num = 128;
    o.max_index_num = 1024;
    o.flush_disk_type = FlushDiskType::kAsyncFlush;
    StoreOptions write = o;
    write.store_path_root_dir = dir_.Sub("store");
    write.clock = &clock_;
    {
      auto opened = MessageStore::Open(write);
      REQUIRE(opened.ok());
      std::unique_ptr<MessageStore> store = *std::move(opened);
      std::mt19937_64 rng(20261124);
      const QueueKey queues[] = {{"CorruptA", 0}, {"CorruptA", 1}, {"CorruptA", 2},
                                 {"CorruptB", 0}, {"CorruptB", 1}, {"CorruptC", 0}};
      for (int i = 0; i < 700; ++i) {
        const QueueKey& q = queues[static_cast<size_t>(Uniform(rng, 0, 5))];
        Message m;
        m.topic = q.first;
        m.queue_id = q.second;
        m.body.resize(static_cast<size_t>(Uniform(rng, 0, 9) == 0 ? 0 : Uniform(rng, 1, 700)));
        for (char& c : m.body) c = static_cast<char>(Uniform(rng, 0, 255));
        m.properties.Set(kPropertyKeys, "k" + std::to_string(i));
        if (i % 3 == 0) m.properties.Set(kPropertyTags, "Tag" + std::to_string(i % 4));
        REQUIRE(store->PutMessage(m).ok());
        clock_.AdvanceMillis(8);
      }
      REQUIRE(store->Close().ok());
    }
    ref_ = BuildReference(dir_.Sub("store"), o);
    REQUIRE(ref_.end > 4 * o.mapped_file_size_commit_log);
  }
  const Reference& ref() const { return ref_; }

 private:
  ScratchDir dir_;
  internal::ManualClock clock_;
  Reference ref_;
};

Reference TestdataStore(const std::string& name) {
  const std::string root = std::string(SPOOL_TESTDATA_DIR) + "/rocketmq-4.9.7";
  absl::StatusOr<StoreOptions> options = LoadStoreOptions(root + "/broker.conf");
  INFO(options.status().ToString());
  REQUIRE(options.ok());
  options->store_path_commit_log.clear();
  options->flush_disk_type = FlushDiskType::kAsyncFlush;  // the checks need no syncs
  return BuildReference(root + "/" + name, *options);
}

}  // namespace

TEST_CASE("damaged commit log: recovery keeps exactly the records before the first bad one", "[corruption]") {
  SpoolStore store;
  CheckUndamaged(store.ref());
  CheckMostlyDetectable(RunSeeds(store.ref(), kLogKinds, 1, 40));
}

TEST_CASE("a segment or ConsumeQueue file of the wrong length is refused with a clear error", "[corruption]") {
  SpoolStore store;
  RunSeeds(store.ref(), kShortenKinds, 1, 4);
}

TEST_CASE("damaged commit logs of RocketMQ 4.9.7 stores recover like Spool's own", "[corruption][compat]") {
  for (const char* name : {"clean-shutdown", "after-crash"}) {
    INFO(name);
    const Reference ref = TestdataStore(name);
    CheckUndamaged(ref);
    CheckMostlyDetectable(RunSeeds(ref, kLogKinds, 1, 15));
    RunSeeds(ref, kShortenKinds, 1, 2);
  }
}

TEST_CASE("damaged commit logs, many seeds", "[corruption][long]") {
  SpoolStore store;
  CheckMostlyDetectable(RunSeeds(store.ref(), kLogKinds, 1000, 400));
  RunSeeds(store.ref(), kShortenKinds, 1000, 20);
  for (const char* name : {"clean-shutdown", "after-crash"}) {
    INFO(name);
    CheckMostlyDetectable(RunSeeds(TestdataStore(name), kLogKinds, 1000, 150));
  }
}

// With messageIndexSafe, abnormal recovery starts where the index checkpoint says (store.md §11.4), so the index
// is rebuilt for every record it lost.
TEST_CASE("abnormal recovery with messageIndexSafe keeps every record findable by key", "[corruption][index]") {
  SpoolStore store;
  Reference ref = store.ref();
  ref.options.message_index_safe = true;
  CheckUndamaged(ref, /*find_kept_keys_after_abnormal=*/true);
}

// ---------------------------------------------------------------------------------------------------------------
// Formerly known library bugs, kept as regression tests. Abnormal recovery used to lose index entries (the index
// files past the checkpoint were deleted but re-dispatch began at the checkpoint's segment), and ConsumeQueue
// damage was not contained (units taken as valid when offset >= 0 and size > 0, only the last three files
// scanned, a deleted middle file served as OFFSET_FOUND_NULL, re-dispatch appending a unit at the wrong queue
// offset, TruncateDirty claiming an emptied queue dispatched up to the log end). Recovery now checks every unit
// against the record it names (MessageStoreImpl::RecoverQueues), rebuilds damaged queues from the log, and
// ConsumeQueue::PutUnit never writes a unit at a position other than its queue offset.
TEST_CASE("abnormal recovery keeps every record findable by key", "[corruption][index]") {
  SpoolStore store;
  CheckUndamaged(store.ref(), /*find_kept_keys_after_abnormal=*/true);
}

TEST_CASE("damaged ConsumeQueue: every queue recovers to a consistent prefix", "[corruption]") {
  SpoolStore store;
  RunSeeds(store.ref(), kCqKinds, 1, 30);
}

TEST_CASE("damaged ConsumeQueues of RocketMQ 4.9.7 stores recover to a consistent prefix",
          "[corruption][compat]") {
  for (const char* name : {"clean-shutdown", "after-crash"}) {
    INFO(name);
    RunSeeds(TestdataStore(name), kCqKinds, 1, 10);
  }
}

TEST_CASE("damaged ConsumeQueues, many seeds", "[corruption][long]") {
  SpoolStore store;
  RunSeeds(store.ref(), kCqKinds, 1000, 200);
  for (const char* name : {"clean-shutdown", "after-crash"}) {
    INFO(name);
    RunSeeds(TestdataStore(name), kCqKinds, 1000, 100);
  }
}

}  // namespace spool::store
