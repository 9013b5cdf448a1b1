#include "codec/properties_codec.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace spool::store::internal {
namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

TEST_CASE("EncodeProperties: name \\1 value \\2 ..., no final \\2, insertion order", "[codec][properties]") {
  MessageProperties p;
  CHECK(EncodeProperties(p).empty());
  p.Set("KEYS", "k1 k2");
  CHECK(EncodeProperties(p) == "KEYS\x01k1 k2");
  p.Set("TAGS", "TagA");
  p.Set("a", "b");
  CHECK(EncodeProperties(p) == "KEYS\x01k1 k2\x02TAGS\x01TagA\x02" "a\x01" "b");
  // Replacing keeps the position.
  p.Set("KEYS", "k3");
  CHECK(EncodeProperties(p) == "KEYS\x01k3\x02TAGS\x01TagA\x02" "a\x01" "b");
}

TEST_CASE("DecodeProperties reads the first RocketMQ record's string", "[codec][properties]") {
  const std::string s =
      "color\x01red\x02KEYS\x01key-0\x02idx\x01" "0\x02UNIQ_KEY\x01"
      "FD00000000000000000000000000000245BC5FFD2B276F8211C90000\x02"
      "CLUSTER\x01TestCluster\x02TAGS\x01TagA";
  MessageProperties p = DecodeProperties(s);
  CHECK(p.entries() == Entries{{"color", "red"},
                               {"KEYS", "key-0"},
                               {"idx", "0"},
                               {"UNIQ_KEY", "FD00000000000000000000000000000245BC5FFD2B276F8211C90000"},
                               {"CLUSTER", "TestCluster"},
                               {"TAGS", "TagA"}});
  CHECK(EncodeProperties(p) == s);
}

TEST_CASE("DecodeProperties follows RocketMQ's lenient parse", "[codec][properties]") {
  CHECK(DecodeProperties("").empty());
  CHECK(DecodeProperties("\x02\x02\x02").empty());
  // A trailing \2 (RocketMQ 4.x before the fix, or a batch's inner part) is harmless.
  CHECK(DecodeProperties("a\x01" "b\x02").entries() == Entries{{"a", "b"}});
  // Empty pieces between separators are skipped.
  CHECK(DecodeProperties("\x02\x02" "a\x01" "b\x02\x02" "c\x01" "d").entries() == Entries{{"a", "b"}, {"c", "d"}});
  // Pieces without \1, with \1 first or last, or shorter than 3 characters are skipped.
  CHECK(DecodeProperties("abc\x02" "x\x01" "y").entries() == Entries{{"x", "y"}});
  CHECK(DecodeProperties("\x01" "abc\x02" "x\x01" "y").entries() == Entries{{"x", "y"}});
  CHECK(DecodeProperties("abc\x01\x02" "x\x01" "y").entries() == Entries{{"x", "y"}});
  CHECK(DecodeProperties("a\x01\x02\x01" "b").empty());
  CHECK(DecodeProperties("\x01\x01\x01").empty());
  // A piece without \1 does not borrow the \1 of the next piece.
  CHECK(DecodeProperties("ab\x02\x01" "cd").empty());
  // Only the first \1 separates: the value keeps later ones.
  CHECK(DecodeProperties("a\x01" "b\x01" "c").entries() == Entries{{"a", "b\x01" "c"}});
  // Later duplicates overwrite earlier ones, at the first one's position (RocketMQ's HashMap has no order).
  CHECK(DecodeProperties("a\x01x\x02" "b\x01y\x02" "a\x01z").entries() == Entries{{"a", "z"}, {"b", "y"}});
  // Bytes are kept as they are, including non-ASCII and invalid UTF-8.
  CHECK(DecodeProperties("k\x01\xE4\xB8\xAD\xFF").entries() == Entries{{"k", "\xE4\xB8\xAD\xFF"}});
}

TEST_CASE("FindProperty and ForEachProperty agree with DecodeProperties", "[codec][properties]") {
  const std::string batch =
      "KEYS\x01" "batch-0\x02UNIQ_KEY\x01U0\x02WAIT\x01true\x02TAGS\x01" "Batch\x02"
      "CLUSTER\x01TestCluster\x02WAIT\x01" "false";
  CHECK(FindProperty(batch, "WAIT") == std::optional<std::string_view>("false"));
  CHECK(FindProperty(batch, "TAGS") == std::optional<std::string_view>("Batch"));
  CHECK(FindProperty(batch, "DELAY") == std::nullopt);
  CHECK(FindProperty("", "TAGS") == std::nullopt);
  CHECK(FindProperty("TAGS\x01\x02", "TAGS") == std::nullopt);  // an empty value cannot be parsed back

  std::vector<std::pair<std::string, std::string>> seen;
  ForEachProperty(batch, [&](std::string_view n, std::string_view v) { seen.emplace_back(n, v); });
  REQUIRE(seen.size() == 6);  // duplicates included
  CHECK(seen[2] == std::pair<std::string, std::string>("WAIT", "true"));
  CHECK(seen[5] == std::pair<std::string, std::string>("WAIT", "false"));
  CHECK(DecodeProperties(batch).size() == 5);
  CHECK(DecodeProperties(batch).Get("WAIT") == "false");
}

TEST_CASE("random properties round-trip", "[codec][properties]") {
  const uint64_t seed = GENERATE(3ULL, 4ULL, 5ULL);
  CAPTURE(seed);
  std::mt19937_64 rng(seed);
  auto random_text = [&rng](size_t min_len) {
    std::string s(min_len + rng() % 20, '\0');
    // Any byte but the two separators.
    for (auto& c : s) {
      do c = static_cast<char>(rng()); while (c == '\x01' || c == '\x02');
    }
    return s;
  };
  for (int round = 0; round < 100; ++round) {
    MessageProperties p;
    const int n = static_cast<int>(rng() % 10);
    for (int i = 0; i < n; ++i) p.Set(random_text(1), random_text(1));
    const std::string encoded = EncodeProperties(p);
    CHECK((encoded.empty() || encoded.back() != kPropertySeparator));
    CHECK(DecodeProperties(encoded) == p);
  }
}

TEST_CASE("MessageProperties keeps insertion order and replaces in place", "[codec][properties]") {
  MessageProperties p;
  CHECK(p.empty());
  CHECK(p.Find("a") == nullptr);
  CHECK(p.Get("a").empty());
  p.Set("a", "1");
  p.Set("b", "2");
  p["c"].append("3");  // (not `= "3"`: GCC 12 -O2 reports a false -Wrestrict on that, bug 105329)
  p.Set("a", "4");
  CHECK(p.entries() == Entries{{"a", "4"}, {"b", "2"}, {"c", "3"}});
  REQUIRE(p.Find("b") != nullptr);
  CHECK(*p.Find("b") == "2");
  CHECK(p["b"] == "2");
  CHECK(p.size() == 3);
  p.Erase("b");
  p.Erase("missing");
  CHECK(p.entries() == Entries{{"a", "4"}, {"c", "3"}});
  MessageProperties q;
  q.Set("a", "4");
  q.Set("c", "3");
  CHECK(p == q);
  q.Set("c", "x");
  CHECK(!(p == q));
}

}  // namespace
}  // namespace spool::store::internal
