// The surrogate: a kernel ridge on Tanimoto similarities of fingerprints,
// and its journey through the codec as a task payload.
#include "moldesign/kernel_ridge.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace taps::moldesign {
namespace {

std::vector<Fingerprint> fingerprints_of(const std::vector<std::string>& smiles) {
  std::vector<Fingerprint> out;
  for (const auto& s : smiles) out.push_back(morgan_fingerprint(s));
  return out;
}

TEST(Tanimoto, IsOneForItselfAndZeroForDisjointBits) {
  const std::uint64_t a[fingerprint_words] = {0b1011, 0, 0, 1};
  const std::uint64_t b[fingerprint_words] = {0b0100, 0, 0, 0};
  const std::uint64_t c[fingerprint_words] = {0b0011, 0, 0, 0};
  EXPECT_DOUBLE_EQ(tanimoto(a, a), 1.0);
  EXPECT_DOUBLE_EQ(tanimoto(a, b), 0.0);
  EXPECT_DOUBLE_EQ(tanimoto(a, c), 2.0 / 4.0);
}

TEST(KernelRidge, ReproducesItsTrainingTargetsCloselyAndIsTheMeanFarFromThem) {
  const std::vector<std::string> smiles{"C", "CC", "CCC", "CCO", "CCN", "C#N", "O=CO", "FC(F)F"};
  const std::vector<double> y{12.5, 11.2, 10.8, 10.4, 9.1, 13.4, 11.0, 13.9};
  const KernelRidge model = fit_kernel_ridge(fingerprints_of(smiles), y);
  ASSERT_EQ(model.size(), smiles.size());
  double mean = 0;
  for (double v : y) mean += v / static_cast<double>(y.size());
  EXPECT_DOUBLE_EQ(model.mean, mean);
  const auto fingerprints = fingerprints_of(smiles);
  for (std::size_t i = 0; i < smiles.size(); ++i) {
    EXPECT_NEAR(predict(model, fingerprints[i]), y[i], std::abs(y[i] - mean)) << smiles[i] << " is pulled toward its target";
  }
  const Fingerprint empty(fingerprint_words, 0);
  EXPECT_DOUBLE_EQ(predict(model, empty), mean);
}

TEST(KernelRidge, TravelsAsAPayloadUnchanged) {
  const KernelRidge model = fit_kernel_ridge(fingerprints_of({"C", "CC", "CCO"}), {12.0, 11.0, 10.0});
  const taps_buffer buffer = encode_payload(model);
  const taps_payload_view view{sizeof(taps_payload_view), buffer.type, buffer.data, buffer.size};
  const KernelRidge copy = decode_payload<KernelRidge>(view);
  buffer.release(buffer.owner);
  EXPECT_EQ(copy.fingerprints, model.fingerprints);
  EXPECT_EQ(copy.weights, model.weights);
  EXPECT_EQ(copy.mean, model.mean);
  EXPECT_EQ(copy.regularization, model.regularization);
}

}  // namespace
}  // namespace taps::moldesign
