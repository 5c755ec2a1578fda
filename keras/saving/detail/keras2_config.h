// Keras 2's dialect of model and training configs, the one the legacy .h5 format holds (KERAS.md
// §4.2.1, §4.2.2), written from kerascpp's Keras 3 configs so that tf-keras 2.x loads, predicts
// with and goes on training a kerascpp .h5 as a whole model. Keras 3 reads this dialect as well
// (its legacy loader exists for tf-keras files), and so does kerascpp.
//
// Keras 3's own legacy writer puts Keras 3 configs into the .h5 (InputLayer's batch_shape, dtype
// policy objects, inbound nodes as call arguments), which tf-keras cannot read, its own files
// included; kerascpp writes what both can. The translation is the inverse of what Keras 3's
// loader does for Keras 2 files:
// - layer entries lose Keras 3's module, registered_name and build_config keys; inbound nodes
//   become [[layer, node_index, tensor_index, kwargs], ...] lists; InputLayer's batch_shape is
//   batch_input_shape; a plain DTypePolicy is its dtype name (a mixed one tf-keras's Policy);
// - arguments Keras 2 named differently are renamed (LeakyReLU negative_slope -> alpha), and
//   arguments Keras 2 does not have are dropped where they hold their default (so nothing is
//   lost): Dense/EinsumDense/Embedding quantization_config null, LayerNormalization
//   rms_scaling false, initializers' input_axes/output_axes null. A non-default Keras 3-only
//   argument is kept: Keras 3 and kerascpp read it, tf-keras then says which argument it lacks;
// - the optimizer is tf-keras's registered name ("Custom>Adam", the TF >= 2.11 optimizers) with
//   Keras 3-only arguments at their default (loss_scale_factor, gradient_accumulation_steps)
//   dropped; run_eagerly, steps_per_execution and jit_compile, which Keras 2 never stored, are
//   left out.
#pragma once

#include "keras/core/json.h"

namespace keras::saving {

// {"class_name", "config"} of a model (or layer) in Keras 3's form -> the same in Keras 2's.
Json keras2_model_config(const Json& keras3_config);

// A compile config (Keras 3's get_compile_config(), its optimizer already under
// "optimizer_config") -> tf-keras's training_config.
Json keras2_training_config(const Json& keras3_training_config);

}  // namespace keras::saving
