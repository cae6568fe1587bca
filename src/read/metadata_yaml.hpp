// Helpers of parse_metadata_yaml (declared in read/plain_text.hpp), public for tests and for
// other readers that meet dates and language tags.
#pragma once

#include <optional>
#include <string>

namespace galley {

// A date as ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD), from the forms people write in front
// matter: 2016-07-11, 2016-07-11T10:00:00+02:00, 2016/07/11, 11.07.2016, July 11, 2016,
// Jul. 11th 2016, Monday, 11 July 2016, July 2016, 2016. English month names only.
// nullopt when the text is not one of these or names an impossible day (2015-02-29).
std::optional<std::string> normalize_date(const std::string& text);

// A BCP 47 language tag in its usual case ("EN_us" → "en-US"), or nullopt if `text` is not
// shaped like one.
std::optional<std::string> normalize_language_tag(const std::string& text);

}  // namespace galley
