// The app's checks of its own science, each failing on a wrong result.
#include "moldesign/verification.hpp"

#include <taps/error.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace taps::moldesign {
namespace {

std::string error_of(void (*check)()) {
  try {
    check();
  } catch (const Error& e) {
    EXPECT_EQ(e.type(), "VerificationError");
    return e.what();
  }
  return "";
}

TEST(VerifyPhysicalIps, NamesEachMoleculeOutsideTheRangeAndAcceptsTheRest) {
  EXPECT_NO_THROW(verify_physical_ips({"C", "O"}, {12.0, 13.8}));
  const std::string message =
      error_of([] { verify_physical_ips({"C", "CC", "CCC"}, {12.0, 0.0, std::nan("")}); });
  EXPECT_NE(message.find("CC (0.0"), std::string::npos) << message;
  EXPECT_NE(message.find("CCC (nan"), std::string::npos) << message;
}

TEST(VerifyBestNeverDecreases, RefusesADecreaseAndABestThatIsNotTheLargestIp) {
  EXPECT_NO_THROW(verify_best_never_decreases({10, 11, 11, 12}, {9, 10, 12, 11}));
  EXPECT_NE(error_of([] { verify_best_never_decreases({10, 12, 11}, {12, 11}); }).find("decreased from batch 1 to 2"),
            std::string::npos);
  EXPECT_NE(error_of([] { verify_best_never_decreases({10, 11}, {10, 13}); }).find("not the largest"),
            std::string::npos);
}

TEST(HeldOutError, TheModelBeatsTheMeanOnATrendItCanLearn) {
  // IPs that fall as an alkane chain grows: a fingerprint model follows the
  // trend, the mean cannot.
  const std::vector<std::string> smiles{"C", "CC", "CCC", "CCCC", "CCCCC", "CCCCCC", "CCCCCCC", "CCCCCCCC",
                                        "O", "CO", "CCO", "CCCO", "CCCCO", "CCCCCO", "CCCCCCO", "CCCCCCCO"};
  std::vector<double> ips;
  for (std::size_t i = 0; i < smiles.size(); ++i) ips.push_back(14.0 - 0.4 * static_cast<double>(i % 8));
  const HeldOutError error = held_out_error(smiles, ips, 0);
  EXPECT_EQ(error.folds, 5u);
  EXPECT_LT(error.model_rmse, error.mean_rmse);
  EXPECT_NO_THROW(verify_model_beats_mean(error));
}

TEST(HeldOutError, DoesNotDependOnTheOrderOfTheResults) {
  const std::vector<std::string> smiles{"C", "CC", "CCC", "O", "CO", "CCO", "N", "CN"};
  const std::vector<double> ips{12.5, 11.2, 10.8, 13.8, 10.9, 10.4, 11.4, 9.9};
  const std::vector<std::string> reversed_smiles(smiles.rbegin(), smiles.rend());
  const std::vector<double> reversed_ips(ips.rbegin(), ips.rend());
  const HeldOutError forward = held_out_error(smiles, ips, 7);
  const HeldOutError backward = held_out_error(reversed_smiles, reversed_ips, 7);
  EXPECT_DOUBLE_EQ(forward.model_rmse, backward.model_rmse);
  EXPECT_DOUBLE_EQ(forward.mean_rmse, backward.mean_rmse);
}

TEST(VerifyModelBeatsMean, FailsWhenTheModelIsNoBetterOrCannotBeChecked) {
  EXPECT_NE(error_of([] { verify_model_beats_mean({5, 1.0, 1.0}); }).find("does not beat predicting the mean"),
            std::string::npos);
  EXPECT_NE(error_of([] { verify_model_beats_mean({1, 0.0, 0.0}); }).find("too few"), std::string::npos);
}

}  // namespace
}  // namespace taps::moldesign
