// The normalization layers (keras.layers).
#pragma once
