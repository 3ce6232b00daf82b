#pragma once
// A RapidJSON document whose memory pool starts in a buffer inside this object, i.e. on the
// caller's stack. RapidJSON's default pool mallocs a 64 KiB chunk for every document and frees
// it again; at thousands of small documents a second that churn (and the heap trimming and page
// faults behind it) was the largest single cost of decoding bus frames and gateway events
// (perf of cordgate-xmpp: a quarter of its CPU under a Discord -> XMPP flood). A document
// bigger than the buffer takes further chunks from the heap, as before.

#include <rapidjson/document.h>

#include <cstddef>

namespace cordgate::core {

class StackJson {
  public:
    StackJson() : pool_(buffer_, sizeof buffer_, kChunkBytes), doc_(&pool_) {}
    StackJson(const StackJson&) = delete;
    StackJson& operator=(const StackJson&) = delete;

    rapidjson::Document& doc() { return doc_; }

  private:
    static constexpr std::size_t kBufferBytes = 16 * 1024;  // every event and effect we send fits
    static constexpr std::size_t kChunkBytes = 64 * 1024;   // further chunks, as RapidJSON's default
    alignas(16) char buffer_[kBufferBytes];
    rapidjson::MemoryPoolAllocator<> pool_;
    rapidjson::Document doc_;
};

}  // namespace cordgate::core
