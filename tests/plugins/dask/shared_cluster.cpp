// One Dask cluster for all tests of the program: starting a scheduler and
// two workers takes seconds, and the tests that use it leave it as they
// found it (those that break a cluster start their own).
#include "dask_cluster.hpp"

namespace taps::dask_testing {

namespace {

class SharedCluster : public ::testing::Environment {
 public:
  void SetUp() override {
    scratch_ = std::make_unique<Scratch>();
    cluster_ = std::make_unique<DaskCluster>(scratch_->path(), 2);
  }
  void TearDown() override {
    cluster_.reset();
    scratch_.reset();
  }
  const DaskCluster& cluster() const { return *cluster_; }

 private:
  std::unique_ptr<Scratch> scratch_;  // the cluster's logs, kept when a test failed
  std::unique_ptr<DaskCluster> cluster_;
};

SharedCluster* const environment =
    static_cast<SharedCluster*>(::testing::AddGlobalTestEnvironment(new SharedCluster));

}  // namespace

const DaskCluster& shared_cluster() { return environment->cluster(); }

}  // namespace taps::dask_testing
