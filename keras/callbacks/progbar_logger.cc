#include "keras/callbacks/progbar_logger.h"

#include <iostream>

namespace keras::callbacks {

namespace {

utils::Progbar::Values values_of(const Logs& logs) {
  return utils::Progbar::Values(logs.begin(), logs.end());
}

}  // namespace

void ProgbarLoggerImpl::set_params(const Params& params) {
  Callback::set_params(params);
  verbose_ = params.verbose;
  epochs_ = params.epochs;
  target_ = params.steps;
}

void ProgbarLoggerImpl::on_train_begin(const Logs&) {
  called_in_fit_ = true;
}

void ProgbarLoggerImpl::on_test_begin(const Logs&) {
  if (called_in_fit_) return;  // validation inside fit is silent
  reset();
  maybe_init();
}

void ProgbarLoggerImpl::on_predict_begin(const Logs&) {
  reset();
  maybe_init();
}

void ProgbarLoggerImpl::on_epoch_begin(int epoch, const Logs&) {
  reset();
  maybe_init();
  if (verbose_ && epochs_ > 1) {
    std::ostream& out = options_.stream ? *options_.stream : std::cout;
    out << "Epoch " << epoch + 1 << "/" << epochs_ << "\n" << std::flush;
  }
}

void ProgbarLoggerImpl::on_train_batch_end(int64_t batch, const Logs& logs) {
  update(batch, logs);
}

void ProgbarLoggerImpl::on_test_batch_end(int64_t batch, const Logs& logs) {
  if (!called_in_fit_) update(batch, logs);
}

void ProgbarLoggerImpl::on_predict_batch_end(int64_t batch, const Logs&) {
  update(batch, {});
}

void ProgbarLoggerImpl::on_epoch_end(int, Logs& logs) {
  finalize(logs);
}

void ProgbarLoggerImpl::on_test_end(const Logs& logs) {
  if (!called_in_fit_) finalize(logs);
}

void ProgbarLoggerImpl::on_predict_end(const Logs& logs) {
  finalize(logs);
}

void ProgbarLoggerImpl::reset() {
  seen_ = 0;
  progbar_.reset();
}

void ProgbarLoggerImpl::maybe_init() {
  if (progbar_) return;
  utils::ProgbarOptions options = options_;
  options.verbose = verbose_;
  options.unit_name = "step";
  options.stateful_metrics.reset();
  options.stateless_metrics = std::vector<std::string>{};  // every value shown as given
  progbar_ = std::make_unique<utils::Progbar>(target_, options);
}

void ProgbarLoggerImpl::update(int64_t batch, const Logs& logs) {
  maybe_init();
  seen_ = batch + 1;  // one-indexed
  if (verbose_ == 1) progbar_->update(seen_, values_of(logs), /*finalize=*/false);
}

void ProgbarLoggerImpl::finalize(const Logs& logs) {
  maybe_init();
  if (!target_) {
    target_ = seen_;
    progbar_->set_target(target_);
  }
  progbar_->update(*target_, values_of(logs), /*finalize=*/true);
}

}  // namespace keras::callbacks
