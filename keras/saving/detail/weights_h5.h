// The weights layout of keras/saving/weights_file.h read from and written to an open HDF5 group:
// the part that .keras archives (their model.weights.h5 member) and .weights.h5 files share.
#pragma once

#include "keras/models/model.h"
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

}  // namespace keras::saving
