// The weights layout of keras/saving/weights_file.h read from and written to an open HDF5 group:
// the part that .keras archives (their model.weights.h5 member) and .weights.h5 files share.
#pragma once

#include "keras/models/model.h"
#include "keras/optimizers/optimizer.h"
#include "keras/saving/detail/hdf5.h"
#include "keras/saving/weights_file.h"

namespace keras::saving {

// Writes the model's (and its optimizer's) variables below `root`.
void write_weights(const models::ModelImpl& model, h5::Group root);

// Assigns the variables stored below `root` to the model. The model must be built. A compiled
// model's optimizer is built first when it is not yet, so that its state is restored too; an
// optimizer whose variable count differs from the file's is skipped with a warning, as Keras does.
void read_weights(models::ModelImpl& model, const h5::Group& root,
                  const LoadWeightsOptions& options = {});

// The optimizer's variables that a file holding `stored` of them restores: all of them, or,
// when the file holds one fewer and the optimizer's second variable is its learning rate, all
// but that one. tf-keras 2.11+ keeps the learning rate out of an optimizer's variables (its
// files hold the iteration count and the slots), where Keras 3 stores it second; the learning
// rate then stays what the optimizer's config says.
std::vector<Variable> optimizer_variables_as_saved(const optimizers::Optimizer& optimizer,
                                                   size_t stored);

}  // namespace keras::saving
