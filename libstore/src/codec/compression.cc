#include "codec/compression.h"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstdint>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "spool/store/message.h"

namespace spool::store::internal {
namespace {

// Neither format is trusted to say how big its output is (zlib never does; a zstd frame may lie), so output
// grows by doubling up to a cap.
constexpr size_t kInitialChunk = 16 << 10;

absl::Status TooLarge(const char* what, size_t max_output) {
  return absl::ResourceExhaustedError(
      absl::StrCat(what, ": decompressed body exceeds the limit of ", max_output, " bytes"));
}

// Next output size: doubles, bounded by the cap + 1 (one byte past the cap tells "exactly the cap" from "more").
size_t Grow(size_t current, size_t max_output) {
  return std::min(std::max(current * 2, kInitialChunk), max_output + 1);
}

}  // namespace

absl::StatusOr<std::string> ZlibCompress(std::string_view data, int level) {
  if (data.size() > std::numeric_limits<uLong>::max() / 2) {
    return absl::InvalidArgumentError(absl::StrCat("zlib: input of ", data.size(), " bytes is too large"));
  }
  uLongf bound = compressBound(static_cast<uLong>(data.size()));
  std::string out(bound, '\0');
  int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &bound, reinterpret_cast<const Bytef*>(data.data()),
                     static_cast<uLong>(data.size()), level);
  if (rc != Z_OK) return absl::InternalError(absl::StrCat("zlib compress2 failed: ", zError(rc)));
  out.resize(bound);
  return out;
}

absl::StatusOr<std::string> ZlibDecompress(std::string_view data) {
  return ZlibDecompress(data, kMaxDecompressedBodySize);
}

absl::StatusOr<std::string> ZlibDecompress(std::string_view data, size_t max_output) {
  z_stream zs{};
  if (int rc = inflateInit(&zs); rc != Z_OK) {
    return absl::InternalError(absl::StrCat("zlib inflateInit failed: ", zError(rc)));
  }
  std::string out;
  // Compressible bodies typically inflate 3-10x; start there and double.
  out.resize(std::min(std::max(data.size() * 4, kInitialChunk), max_output + 1));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  // uInt is 32 bits; bodies are far below that (a record is at most a segment), but feed in pieces to be exact.
  size_t in_left = data.size();
  size_t produced = 0;
  absl::Status status;
  for (;;) {
    if (zs.avail_in == 0 && in_left > 0) {
      zs.avail_in = static_cast<uInt>(std::min<size_t>(in_left, std::numeric_limits<uInt>::max()));
      in_left -= zs.avail_in;
    }
    if (produced == out.size()) {
      if (out.size() > max_output) {
        status = TooLarge("zlib", max_output);
        break;
      }
      out.resize(Grow(out.size(), max_output));
    }
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    zs.avail_out = static_cast<uInt>(std::min<size_t>(out.size() - produced, std::numeric_limits<uInt>::max()));
    const uInt before = zs.avail_out;
    int rc = inflate(&zs, Z_NO_FLUSH);
    produced += before - zs.avail_out;
    if (rc == Z_STREAM_END) {
      // Like java.util.zip.InflaterInputStream, bytes after the end of the stream are ignored.
      if (produced > max_output) status = TooLarge("zlib", max_output);
      break;
    }
    if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR) {
      status = absl::DataLossError(absl::StrCat("zlib: corrupt compressed body: ", zs.msg ? zs.msg : zError(rc)));
      break;
    }
    if (rc == Z_MEM_ERROR) {
      status = absl::ResourceExhaustedError("zlib: out of memory");
      break;
    }
    if (rc == Z_BUF_ERROR && zs.avail_out > 0) {
      // No progress with room to write: the input ended before the stream did.
      status = absl::DataLossError(
          absl::StrCat("zlib: compressed body is truncated (", data.size(), " bytes, no end of stream)"));
      break;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      status = absl::InternalError(absl::StrCat("zlib inflate failed: ", zError(rc)));
      break;
    }
  }
  inflateEnd(&zs);
  if (!status.ok()) return status;
  out.resize(produced);
  return out;
}

absl::StatusOr<std::string> ZstdCompress(std::string_view data, int level) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), level);
  if (ZSTD_isError(n)) return absl::InternalError(absl::StrCat("zstd compress failed: ", ZSTD_getErrorName(n)));
  out.resize(n);
  return out;
}

absl::StatusOr<std::string> ZstdDecompress(std::string_view data) {
  return ZstdDecompress(data, kMaxDecompressedBodySize);
}

absl::StatusOr<std::string> ZstdDecompress(std::string_view data, size_t max_output) {
  // The frame header usually carries the content size; use it as a first guess only.
  size_t guess = kInitialChunk;
  unsigned long long declared = ZSTD_getFrameContentSize(data.data(), data.size());
  if (declared == ZSTD_CONTENTSIZE_ERROR) {
    return absl::DataLossError("zstd: corrupt compressed body (not a zstd frame)");
  }
  if (declared != ZSTD_CONTENTSIZE_UNKNOWN) {
    if (declared > max_output) return TooLarge("zstd", max_output);
    guess = std::max<size_t>(static_cast<size_t>(declared), 1);
  }
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  if (dctx == nullptr) return absl::ResourceExhaustedError("zstd: cannot create a decompression context");
  std::string out(guess, '\0');
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  size_t produced = 0;
  size_t last = 1;  // ZSTD_decompressStream's hint; 0 = a frame just ended
  absl::Status status;
  for (;;) {
    if (produced == out.size()) {
      if (out.size() > max_output) {
        status = TooLarge("zstd", max_output);
        break;
      }
      out.resize(Grow(out.size(), max_output));
    }
    ZSTD_outBuffer o{out.data(), out.size(), produced};
    last = ZSTD_decompressStream(dctx, &o, &in);
    produced = o.pos;
    if (ZSTD_isError(last)) {
      status = absl::DataLossError(absl::StrCat("zstd: corrupt compressed body: ", ZSTD_getErrorName(last)));
      break;
    }
    if (in.pos == in.size && (last == 0 || produced < out.size())) {
      // All input consumed: done if the frame ended, truncated if it still wants input.
      if (last != 0) {
        status = absl::DataLossError(
            absl::StrCat("zstd: compressed body is truncated (", data.size(), " bytes, frame not finished)"));
      } else if (produced > max_output) {
        status = TooLarge("zstd", max_output);
      }
      break;
    }
  }
  ZSTD_freeDCtx(dctx);
  if (!status.ok()) return status;
  out.resize(produced);
  return out;
}

absl::StatusOr<std::string> DecompressBody(std::string_view body, int32_t sys_flag) {
  if ((sys_flag & kSysFlagCompressed) == 0) return std::string(body);
  const int32_t type = (sys_flag & kSysFlagCompressionTypeMask) >> 8;
  switch (type) {
    case 0:  // RocketMQ 4.x clients set only bit 0 in older versions: zlib
    case 3:
      return ZlibDecompress(body);
    case 2:
      return ZstdDecompress(body);
    case 1:
      return absl::UnimplementedError("LZ4-compressed bodies (sysFlag type 1) are not supported");
    default:
      return absl::UnimplementedError(
          absl::StrCat("unknown body compression type ", type, " in sysFlag 0x", absl::Hex(sys_flag)));
  }
}

absl::StatusOr<std::string> CompressBody(std::string_view body, CompressionType type, int32_t* sys_flag_bits) {
  *sys_flag_bits = 0;
  switch (type) {
    case CompressionType::kNone:
      return std::string(body);
    case CompressionType::kZlib: {
      // Level 5: what the RocketMQ client uses (DefaultMQProducer.compressLevel).
      auto out = ZlibCompress(body, 5);
      if (out.ok()) *sys_flag_bits = kSysFlagCompressed | kSysFlagCompressionZlib;
      return out;
    }
    case CompressionType::kZstd: {
      auto out = ZstdCompress(body, 3);
      if (out.ok()) *sys_flag_bits = kSysFlagCompressed | kSysFlagCompressionZstd;
      return out;
    }
  }
  return absl::InvalidArgumentError("unknown compression type");
}

}  // namespace spool::store::internal
