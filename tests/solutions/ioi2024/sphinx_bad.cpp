#include "sphinx.h"
#include <vector>
// Runs one harmless experiment, then guesses colour 0 everywhere.
std::vector<int> find_colours(int N, std::vector<int> X, std::vector<int> Y) {
    perform_experiment(std::vector<int>(N, -1));
    return std::vector<int>(N, 0);
}
