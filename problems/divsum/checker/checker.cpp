// Checker of "divsum":  checker <input> <expected_output> <contestant_output>
//
// Writes the test's score (0 or 1) on stdout and a verdict line plus a message on stderr, as CMS
// expects: "Output is correct", "Output isn't correct" or "Protocol Violation". Exit status 0 means
// a verdict was given; 3 ("Judge Failure") means the expected output or the arguments are unusable.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

const char kOutputSecret[] = "tn1iEcffExwPeIPHIqp7MCDU9cpPeaFu";

[[noreturn]] void finish(const char* score, const char* verdict, const std::string& message) {
  std::printf("%s\n", score);
  std::fprintf(stderr, "%s\n%s\n", verdict, message.c_str());
  std::exit(0);
}
[[noreturn]] void accept(const std::string& m) { finish("1", "Output is correct", m); }
[[noreturn]] void reject(const std::string& m) { finish("0", "Output isn't correct", m); }
[[noreturn]] void violation(const std::string& m) { finish("0", "Protocol Violation", m); }
[[noreturn]] void judge_failure(const std::string& message) {
  std::printf("0\n");
  std::fprintf(stderr, "Judge Failure; Contact staff!\n%s\n", message.c_str());
  std::exit(3);
}

bool read_file(const char* path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = buffer.str();
  return true;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> split_tokens(const std::string& text) {
  std::vector<std::string> tokens;
  std::istringstream in(text);
  std::string token;
  while (in >> token) tokens.push_back(token);
  return tokens;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

int main(int argc, char* argv[]) {
  if (argc < 4) judge_failure("usage: checker <input> <expected_output> <contestant_output>");
  std::string expected_text, contestant_text;
  if (!read_file(argv[2], expected_text)) judge_failure("cannot read the expected output");
  if (!read_file(argv[3], contestant_text)) judge_failure("cannot read the contestant output");

  std::vector<std::string> expected = split_tokens(expected_text);
  if (expected.size() < 2 || expected[0] != kOutputSecret || expected[1] != "OK")
    judge_failure("expected output lacks the secret or the OK line");

  std::vector<std::string> lines = split_lines(contestant_text);
  size_t first = 0;
  while (first < lines.size() && trim(lines[first]).empty()) ++first;
  if (first == lines.size()) violation("Early termination of the solution (possibly calling exit)");
  if (trim(lines[first]) != kOutputSecret) violation("Possible tampering with the output");
  std::string result = first + 1 < lines.size() ? trim(lines[first + 1]) : "";
  if (result == "PV") {
    std::string reason = first + 2 < lines.size() ? trim(lines[first + 2]) : "";
    violation(reason.empty() ? "Protocol violation detected in grader" : reason);
  }
  if (result != "OK") violation("Unknown grader result");

  std::string answers_text;
  for (size_t i = first + 2; i < lines.size(); ++i) answers_text += lines[i] + "\n";
  std::vector<std::string> got = split_tokens(answers_text);
  size_t want = expected.size() - 2;
  for (size_t i = 0; i < want; ++i) {
    if (i >= got.size())
      reject("Answer to query " + std::to_string(i + 1) + " is missing");
    if (got[i] != expected[i + 2])
      reject("Wrong answer to query " + std::to_string(i + 1) + ": expected " + expected[i + 2] +
             ", found " + got[i]);
  }
  if (got.size() > want) reject("Extra output after the last answer");
  accept("All " + std::to_string(want) + " answers are correct");
}
