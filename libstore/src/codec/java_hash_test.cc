#include "codec/java_hash.h"

#include <catch2/catch.hpp>
#include <string>

namespace spool::store::internal {
namespace {

// Expected values are Java's String.hashCode (computed independently over UTF-16 code units).
TEST_CASE("JavaStringHashCode over ASCII", "[codec][java_hash]") {
  CHECK(JavaStringHashCode("") == 0);
  CHECK(JavaStringHashCode("d") == 100);  // the transaction op tag (spec §2.7)
  CHECK(JavaStringHashCode("TagA") == 2598919);
  CHECK(JavaStringHashCode("TagB") == 2598920);
  CHECK(JavaStringHashCode("TagC") == 2598921);
  CHECK(JavaStringHashCode("hello") == 99162322);
  CHECK(JavaStringHashCode("Delay") == 65915235);
  // Wrap-around of the int arithmetic.
  CHECK(JavaStringHashCode("Hello World") == -862545276);
  CHECK(JavaStringHashCode("GenTopicA#key-0") == 648357057);
  CHECK(JavaStringHashCode("GenTopicA#FD00000000000000000000000000000245BC5FFD2B276F8211C90000") == 1279744615);
}

TEST_CASE("JavaStringHashCode over non-ASCII UTF-8", "[codec][java_hash]") {
  CHECK(JavaStringHashCode("\xC3\xA9") == 233);                 // é, U+00E9
  CHECK(JavaStringHashCode("\xE4\xB8\xAD\xE6\x96\x87") == 646394);  // 中文
  // U+1F600 is outside the BMP: Java hashes its surrogate pair D83D DE00.
  CHECK(JavaStringHashCode("\xF0\x9F\x98\x80") == 0xD83D * 31 + 0xDE00);
  CHECK(JavaStringHashCode("\xF0\x9F\x98\x80") == 1772899);
  CHECK(JavaStringHashCode("a\xF0\x9F\x98\x80" "b") == 57849694);
}

TEST_CASE("JavaStringHashCode replaces invalid UTF-8 with U+FFFD", "[codec][java_hash]") {
  CHECK(JavaStringHashCode("\xFF") == 0xFFFD);
  CHECK(JavaStringHashCode("\x80") == 0xFFFD);
  // A lead byte cut short by an ASCII byte: one U+FFFD, then the ASCII byte.
  CHECK(JavaStringHashCode("a\xE4" "b") == 2124838);
  // A sequence cut off by the end of the string: one U+FFFD for the whole prefix.
  CHECK(JavaStringHashCode("a\xE4\xB8") == 68540);
  CHECK(JavaStringHashCode("\xF0\x9F\x98") == 0xFFFD);
}

TEST_CASE("TagsCode", "[codec][java_hash]") {
  CHECK(TagsCode("") == 0);
  CHECK(TagsCode("TagA") == 2598919);
  // Sign-extended to long, as the ConsumeQueue stores it.
  CHECK(TagsCode("Hello World") == int64_t{-862545276});
}

TEST_CASE("JavaStringLength counts UTF-16 code units", "[codec][java_hash]") {
  CHECK(JavaStringLength("") == 0);
  CHECK(JavaStringLength("TagA") == 4);
  CHECK(JavaStringLength("\xC3\xA9") == 1);
  CHECK(JavaStringLength("\xE4\xB8\xAD\xE6\x96\x87") == 2);
  CHECK(JavaStringLength("\xF0\x9F\x98\x80") == 2);
  CHECK(JavaStringLength("a\xF0\x9F\x98\x80" "b") == 4);
  CHECK(JavaStringLength("\xFF\xFE") == 2);
  CHECK(JavaStringLength(std::string(127, 'x')) == 127);
}

}  // namespace
}  // namespace spool::store::internal
