// The reshaping layers (keras.layers).
#pragma once

#include "keras/layers/reshaping/flatten.h"
#include "keras/layers/reshaping/permute.h"
#include "keras/layers/reshaping/repeat_vector.h"
#include "keras/layers/reshaping/reshape.h"
