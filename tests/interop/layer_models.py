"""The Python side of tests/support/layer_catalog.cc: the same small model around each layer
class, built with Keras 3 (`keras`) or with tf-keras 2.21 (`tf_keras`), whose layer APIs differ
only where Keras 3 renamed an argument (LeakyReLU's alpha became negative_slope).

Each model is the inputs, the layer, Flatten and Dense(3), as layer_case_model() builds it in C++.
A case's name is its layer's Keras class name; run_interop.py checks that both catalogs hold the
same names and that every layer class kerascpp registers has one.
"""


def _cases(K, keras3):
    L = K.layers
    return {
        # name: (input shapes, apply, integer input)
        "Dense": ([(6,)], lambda x: L.Dense(4, activation="tanh")(x[0]), False),
        "EinsumDense": ([(6,)], lambda x: L.EinsumDense("ab,bc->ac", 4, bias_axes="c")(x[0]),
                        False),
        "Activation": ([(6,)], lambda x: L.Activation("sigmoid")(x[0]), False),
        "Dropout": ([(6,)], lambda x: L.Dropout(0.3)(x[0]), False),
        "SpatialDropout1D": ([(3, 4)], lambda x: L.SpatialDropout1D(0.3)(x[0]), False),
        "SpatialDropout2D": ([(2, 2, 3)], lambda x: L.SpatialDropout2D(0.3)(x[0]), False),
        "AlphaDropout": ([(6,)], lambda x: L.AlphaDropout(0.3)(x[0]), False),
        "GaussianNoise": ([(6,)], lambda x: L.GaussianNoise(0.1)(x[0]), False),
        "GaussianDropout": ([(6,)], lambda x: L.GaussianDropout(0.3)(x[0]), False),
        "Flatten": ([(2, 3)], lambda x: L.Flatten()(x[0]), False),
        "Reshape": ([(6,)], lambda x: L.Reshape((2, 3))(x[0]), False),
        "Permute": ([(2, 3)], lambda x: L.Permute((2, 1))(x[0]), False),
        "RepeatVector": ([(6,)], lambda x: L.RepeatVector(2)(x[0]), False),
        "Identity": ([(6,)], lambda x: L.Identity()(x[0]), False),
        "ReLU": ([(6,)], lambda x: L.ReLU(max_value=0.5)(x[0]), False),
        "LeakyReLU": ([(6,)],
                      lambda x: (L.LeakyReLU(negative_slope=0.2) if keras3
                                 else L.LeakyReLU(alpha=0.2))(x[0]), False),
        "PReLU": ([(6,)], lambda x: L.PReLU()(x[0]), False),
        "ELU": ([(6,)], lambda x: L.ELU()(x[0]), False),
        "Softmax": ([(6,)], lambda x: L.Softmax()(x[0]), False),
        "ActivityRegularization": ([(6,)], lambda x: L.ActivityRegularization(l2=0.01)(x[0]),
                                   False),
        "Masking": ([(3, 2)], lambda x: L.Masking(mask_value=0.25)(x[0]), False),
        "Embedding": ([(3,)], lambda x: L.Embedding(10, 4)(x[0]), True),
        "BatchNormalization": ([(6,)], lambda x: L.BatchNormalization()(x[0]), False),
        "LayerNormalization": ([(6,)], lambda x: L.LayerNormalization()(x[0]), False),
        "UnitNormalization": ([(6,)], lambda x: L.UnitNormalization()(x[0]), False),
        "Add": ([(6,), (6,)], lambda x: L.Add()(x), False),
        "Subtract": ([(6,), (6,)], lambda x: L.Subtract()(x), False),
        "Multiply": ([(6,), (6,)], lambda x: L.Multiply()(x), False),
        "Average": ([(6,), (6,)], lambda x: L.Average()(x), False),
        "Maximum": ([(6,), (6,)], lambda x: L.Maximum()(x), False),
        "Minimum": ([(6,), (6,)], lambda x: L.Minimum()(x), False),
        "Concatenate": ([(6,), (4,)], lambda x: L.Concatenate()(x), False),
        "Dot": ([(6,), (6,)], lambda x: L.Dot(1, normalize=True)(x), False),
    }


def names():
    import keras
    return sorted(_cases(keras, True))


def build(K, name, keras3):
    """The case's model built with Keras module K (keras or tf_keras)."""
    shapes, apply, integer = _cases(K, keras3)[name]
    inputs = [K.Input(shape, dtype="int32" if integer else "float32") for shape in shapes]
    out = K.layers.Dense(3)(K.layers.Flatten()(apply(inputs)))
    return K.Model(inputs, [out])
