// The activations layers (keras.layers).
#pragma once
