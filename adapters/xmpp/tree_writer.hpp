#pragma once
// XmlWriter's calls, building an Element instead of text: one description of a stanza gives
// both the tree that tests and callers read and the text the component sends.

#include <adapters/xmpp/element.hpp>

#include <string_view>
#include <vector>

namespace cordgate::adapters::xmpp {

class TreeWriter {
  public:
    TreeWriter& open(std::string_view name, std::string_view ns) {
        Element e{std::string(name), std::string(ns)};
        path_.push_back(path_.empty() ? &(root_ = std::move(e)) : &path_.back()->add(std::move(e)));
        return *this;
    }
    TreeWriter& attr(std::string_view key, std::string_view value) {
        path_.back()->set(std::string(key), std::string(value));
        return *this;
    }
    TreeWriter& text(std::string_view text) {
        path_.back()->text.append(text);
        return *this;
    }
    // Children are only added to the innermost open element, so the pointers to the open
    // ones never move while they are in path_.
    TreeWriter& close() {
        path_.pop_back();
        return *this;
    }
    Element take() { return std::move(root_); }

  private:
    Element root_;
    std::vector<Element*> path_;
};

}  // namespace cordgate::adapters::xmpp
