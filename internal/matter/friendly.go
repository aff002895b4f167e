package matter

import (
	"strings"
)

// The parsers' messages are for programmers ("mapping values are not
// allowed in this context"). A recruiter gets what to do instead, from
// the message and the line it points at; a message not known here keeps
// the parser's words, after a plain sentence.

// yamlWords says in a recruiter's words what a YAML error at line means.
func yamlWords(msg, line string) string {
	trimmed := strings.TrimLeft(line, " ")
	switch {
	case strings.Contains(msg, "tab character") || strings.HasPrefix(line, "\t") || strings.HasPrefix(trimmed, "\t") && strings.Contains(msg, "cannot start any token"):
		return "this line is indented with a tab: indent with spaces instead"
	case strings.HasPrefix(trimmed, "* ") || strings.HasPrefix(trimmed, "• "):
		return "start each point with '- ' (a dash and a space), not '" + trimmed[:strings.Index(trimmed, " ")] + " '"
	case strings.HasPrefix(trimmed, "-") && len(trimmed) > 1 && trimmed[1] != ' ' && trimmed[1] != '-':
		return "start each point with '- ' (a dash and a space): this line has no space after its dash"
	case strings.Contains(msg, "mapping values are not allowed"):
		return "this text holds ': ', which reads as a second key: put the whole text in double quotes, like next_steps: \"Next: a call with the team\""
	case strings.Contains(msg, "could not find expected ':'") && strings.Contains(trimmed, ":") && !strings.Contains(trimmed, ": "):
		return "write a space after the ':' (like status: advancing)"
	case strings.Contains(msg, "could not find expected ':'"):
		return "every line of the front matter needs a key, a ':' and a space before its value (like role: Backend Engineer); a point of a list starts with '- '"
	case strings.Contains(msg, "found unexpected end of stream") || strings.Contains(msg, "found unexpected end of"):
		return "a quote opened on this line is never closed: close it, or leave the quotes out"
	case strings.Contains(msg, "did not find expected ',' or ']'"):
		return "a list in brackets is never closed, or its items lack commas between them: write [first, second] and close it with ']'"
	case strings.Contains(msg, "did not find expected ',' or '}'"):
		return "a set of keys in braces is never closed, or its keys lack commas between them: write {name: ..., date: ...} and close it with '}'"
	case strings.Contains(msg, "did not find expected key") && strings.Count(trimmed, "'") >= 3:
		return "a text in single quotes holds an apostrophe, which ends it early: put the text in double quotes instead, like \"We'll call you\""
	case strings.Contains(msg, "did not find expected key") || strings.Contains(msg, "did not find expected '-' indicator"):
		return "this line is indented differently from the lines above it: line it up with them (the points of a list start with '  - ')"
	case strings.Contains(msg, "block sequence entries are not allowed"):
		return "a list starts on the line after its key: write the key and ':' alone, then each point on a line of its own starting with '- '"
	case strings.Contains(msg, "did not find expected alphabetic or numeric character"):
		return "this line starts with a character that has a meaning in the front matter ('*', '&', '!'): put the text in double quotes"
	case strings.Contains(msg, "found unknown escape character"):
		return "a backslash inside double quotes starts a special character: write two backslashes, or use single quotes"
	case strings.Contains(msg, "control characters are not allowed"):
		return "this line holds an invisible control character: retype it"
	case strings.Contains(msg, "did not find expected node content"):
		return "a value is missing or begins with a character that needs quotes: put the text in double quotes"
	case strings.Contains(msg, "found character that cannot start any token"):
		return "this line starts with a character that cannot begin a value ('@', '`' or '%'): put the text in double quotes"
	}
	return "the front matter cannot be read here (YAML says: " + msg + ")"
}

// jsonWords says in a recruiter's words what a JSON error means.
func jsonWords(msg string) string {
	switch {
	case strings.Contains(msg, "looking for beginning of object key string") && strings.Contains(msg, "'}'"):
		return "remove the comma before '}': JSON allows none after the last value"
	case strings.Contains(msg, "looking for beginning of value") && strings.Contains(msg, "']'"):
		return "remove the comma before ']': JSON allows none after the last item"
	case strings.Contains(msg, "looking for beginning of value") && strings.Contains(msg, "'}'"):
		return "a value is missing after the last ':'"
	case strings.Contains(msg, `invalid character '\''`):
		return "JSON puts text in double quotes (\"...\"), not single ones"
	case strings.Contains(msg, "after object key:value pair") || strings.Contains(msg, "after array element"):
		return "a comma is missing at the end of the line before"
	case strings.Contains(msg, "after object key"):
		return "a ':' is missing between a key and its value"
	case strings.Contains(msg, "looking for beginning of value"):
		return "text needs double quotes around it (\"...\"); numbers, true and false do not"
	case strings.Contains(msg, "ends too soon"):
		return "the front matter ends too soon: a '}', ']' or '\"' is missing"
	}
	return "the front matter cannot be read here (JSON says: " + msg + ")"
}

// tomlWords says in a recruiter's words what a TOML error means.
func tomlWords(msg string) string {
	switch {
	case strings.HasPrefix(msg, "expected value but found"):
		return "a value here is not one TOML knows: put text in double quotes, like role = \"Backend Engineer\""
	case strings.Contains(msg, "expected '.' or '='"):
		return "every line needs a key, '=' and a value, like role = \"Backend Engineer\""
	case strings.Contains(msg, "to end table name") || strings.Contains(msg, "to end table array name"):
		return "a table name is never closed: end it with ']' (or ']]' for [[stages]])"
	case strings.Contains(msg, "unexpected EOF") || strings.Contains(msg, "unexpected end"):
		return "a quote or bracket opened on this line is never closed"
	case strings.HasPrefix(msg, "invalid datetime"):
		return "a date here is not a real day: write it YYYY-MM-DD, like 2026-03-02"
	case strings.Contains(msg, "has already been defined") || strings.Contains(msg, "already defined"):
		return "this key is set twice: keep one"
	}
	return "the front matter cannot be read here (TOML says: " + tomlMessage(msg) + ")"
}
